"""The API's request and answer bodies as pydantic models: validated and documented from one source.

Pure data shapes over server/rules and the enums of server/models: no Flask, no database.
server/api/contract.py puts them on the routes.
"""
