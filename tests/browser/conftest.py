"""Fixtures of the browser tests: one demo server and one Chromium per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import DemoServer, chromium, demo_server
from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """The demo office served for real, shared by the tests of one module."""
    with demo_server() as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module."""
    with chromium() as instance:
        yield instance
