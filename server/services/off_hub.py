"""CPU-heavy work (scrypt) off the eventlet hub: eventlet's native thread pool when serving.

Under eventlet every request shares one OS thread, so ~100 ms of scrypt per sign-in stalls
everyone. `eventlet.tpool` runs the call in a real thread and lets the hub serve others while
it waits. Eventlet is patched in `server.entry` only; in threading mode (tests, CLI commands)
the call runs plainly and eventlet is never imported by this module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, has_app_context

T = TypeVar("T")


def serving_with_eventlet() -> bool:
    """Whether this process was patched by eventlet and the app serves in eventlet mode."""
    eventlet = sys.modules.get("eventlet")  # loaded (and patched) by server.entry, if at all
    if eventlet is None or not eventlet.patcher.is_monkey_patched("thread"):
        return False
    return not has_app_context() or current_app.config["ASYNC_MODE"] == "eventlet"


def run_off_hub(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call `function` in a native thread under eventlet, directly otherwise."""
    if serving_with_eventlet():
        from eventlet import tpool

        result: T = tpool.execute(function, *args, **kwargs)
        return result
    return function(*args, **kwargs)
