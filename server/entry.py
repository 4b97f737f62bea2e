"""The `xephang` console script: eventlet is monkey-patched here first, before anything else loads.

This is the one entry module of the production server (design §2). Only commands that
serve (`run`, `demo`) under the eventlet async mode patch; every other command runs plain.
"""

import os
import sys
import warnings

SERVING_COMMANDS = {"run", "demo"}
# python-socketio imports its client stacks whether or not a process is a client; a serving
# process never is (the print agent is its own command). Marked absent here, they stay out of
# every server process: aiohttp, requests and websocket-client weigh ~13 MB together, and the
# Redis client (~6 MB) too when no message queue is set (XEPHANG_MESSAGE_QUEUE).
CLIENT_ONLY_MODULES = ("aiohttp", "requests", "websocket")
MESSAGE_QUEUE_MODULES = ("redis",)


def _serving(argv: list[str]) -> bool:
    """Whether this invocation runs the server."""
    command = next((arg for arg in argv[1:] if not arg.startswith("-")), "")
    return command in SERVING_COMMANDS


def _wants_eventlet(argv: list[str]) -> bool:
    """Whether this invocation serves with eventlet (`--help` does not serve)."""
    return (
        _serving(argv)
        and "--help" not in argv
        and os.environ.get("XEPHANG_ASYNC_MODE", "eventlet") == "eventlet"
    )


def _leave_out_client_stacks() -> None:
    """Make `import aiohttp` (and the others) fail in this process, as if not installed."""
    unused: tuple[str, ...] = CLIENT_ONLY_MODULES
    if not os.environ.get("XEPHANG_MESSAGE_QUEUE"):
        unused += MESSAGE_QUEUE_MODULES
    for name in unused:
        # None in sys.modules makes the import raise ImportError (the import system's rule).
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def main() -> None:
    """Patch if serving with eventlet, then hand over to the Flask CLI group."""
    if _serving(sys.argv):
        _leave_out_client_stacks()
    if _wants_eventlet(sys.argv):
        os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
        # eventlet warns on import that it is deprecated; it is the mandated server (design §2),
        # and the notice only alarms whoever starts it.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    from server.cli.commands import cli

    cli(prog_name="xephang")


if __name__ == "__main__":
    main()
