"""The `xephang` console script: eventlet is monkey-patched here first, before anything else loads.

This is the one entry module of the production server (DESIGN §2). Only commands that
serve (`run`, `demo`) under the eventlet async mode patch; every other command runs plain.
"""

import os
import sys

SERVING_COMMANDS = {"run", "demo"}


def _wants_eventlet(argv: list[str]) -> bool:
    """Whether this invocation serves with eventlet."""
    command = next((arg for arg in argv[1:] if not arg.startswith("-")), "")
    mode = os.environ.get("XEPHANG_ASYNC_MODE", "eventlet")
    return command in SERVING_COMMANDS and mode == "eventlet"


def main() -> None:
    """Patch if serving with eventlet, then hand over to the Flask CLI group."""
    if _wants_eventlet(sys.argv):
        os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
        import eventlet

        eventlet.monkey_patch()
    from server.cli.commands import cli

    cli(prog_name="xephang")


if __name__ == "__main__":
    main()
