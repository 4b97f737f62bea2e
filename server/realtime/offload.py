"""Run CPU-heavy work (drawing tickets) off the eventlet hub, so requests keep being served.

eventlet is imported and patched only by `server/entry.py`; here it is only detected: when the
process is patched, the work goes to eventlet's pool of native threads (`tpool`) and the calling
green thread waits without holding up the hub. Unpatched (threading mode, scripts, tests), the
caller is already a native thread and runs the work itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def eventlet_patched() -> bool:
    """Whether eventlet has patched this process's threads (the production server)."""
    eventlet: Any = sys.modules.get("eventlet")
    return eventlet is not None and bool(eventlet.patcher.is_monkey_patched("thread"))


def off_hub(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)`, on a native thread when the eventlet hub would otherwise stall."""
    if eventlet_patched():
        from eventlet import tpool

        result: T = tpool.execute(function, *args)
        return result
    return function(*args)
