"""Pure queue rules: plain values in, plain values out; no Flask, SQLAlchemy or clock reads."""
