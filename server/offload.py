"""Run CPU-bound or blocking work off the eventlet hub, in a native thread, when eventlet serves."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def eventlet_patched() -> bool:
    """Whether this process runs under eventlet's monkey-patching (only `xephang run` does)."""
    patcher = sys.modules.get("eventlet.patcher")
    return patcher is not None and bool(patcher.is_monkey_patched("thread"))


def run_off_hub(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call `function` in eventlet's native thread pool when patched, else right here.

    Under eventlet every request shares one OS thread: pure-Python loops or a blocking C call
    there stall every other client. Without eventlet each request has its own thread already.
    """
    if eventlet_patched():
        from eventlet import tpool

        return tpool.execute(function, *args, **kwargs)
    return function(*args, **kwargs)
