"""The running server's version; screens reload themselves when it changes (an upgrade)."""

from importlib.metadata import PackageNotFoundError, version

try:
    SERVER_VERSION = version("xephang")
except PackageNotFoundError:  # running from a checkout that was not installed
    SERVER_VERSION = "0+unknown"
