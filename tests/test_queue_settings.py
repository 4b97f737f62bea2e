"""Queue settings: made without an app they are those of a server with nothing configured."""

from __future__ import annotations

from dataclasses import replace

from server.config import load_settings
from server.services.settings import QueueSettings


def test_queue_settings_default_to_the_config_defaults() -> None:
    configured = QueueSettings.from_config(load_settings(environ={}))
    # from_config makes the public URL absolute; without an app there is no base to know.
    assert QueueSettings() == replace(configured, public_url="")


def test_queue_settings_follow_the_environment() -> None:
    environ = {
        "XEPHANG_MAX_PRIORITY_IN_ROW": "2",
        "XEPHANG_TRANSFER_TO_FRONT": "true",
        "XEPHANG_RECENT_CALLS": "4",
        "XEPHANG_PUBLIC_URL": "https://xephang.yenthe.gov.vn/",
    }
    settings = QueueSettings.from_config(load_settings(environ=environ))
    assert (settings.max_priority_in_row, settings.transfer_to_front, settings.recent_calls) == (
        2,
        True,
        4,
    )
    assert settings.public_url == "https://xephang.yenthe.gov.vn"
    assert settings.estimate_history == QueueSettings().estimate_history
