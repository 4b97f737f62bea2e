"""Every setting is documented in docs/configuration.md, and the environment layer works."""

import re
from pathlib import Path

import pytest

from server.config import load_settings, setting_names

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_every_setting_is_documented():
    documented = set(re.findall(r"`XEPHANG_([A-Z_]+)`", DOC.read_text(encoding="utf-8")))
    assert set(setting_names()) <= documented


def test_environment_overrides_defaults_and_overrides_win():
    settings = load_settings(
        {"XEPHANG_MAX_PRIORITY_IN_ROW": "5", "XEPHANG_TRANSFER_TO_FRONT": "yes"},
        overrides={"MAX_PRIORITY_IN_ROW": 2},
    )
    assert settings["TRANSFER_TO_FRONT"] is True
    assert settings["MAX_PRIORITY_IN_ROW"] == 2
    assert load_settings({})["ASYNC_MODE"] == "eventlet"


@pytest.mark.parametrize(
    "environ",
    [
        {"XEPHANG_ASYNC_MODE": "gevent"},
        {"XEPHANG_TOKEN_TTL_HOURS": "soon"},
        {"XEPHANG_LOG_REQUESTS": "maybe"},
        {"XEPHANG_AUDIO_CACHE_MB": "-1"},
        {"XEPHANG_AUDIO_CACHE_MB": "lots"},
        {"XEPHANG_MAX_CONNECTIONS": "0"},
        {"XEPHANG_REQUEST_TIMEOUT_SECONDS": "0"},
        {"XEPHANG_SYNC_INTERVAL_SECONDS": "-1"},
    ],
)
def test_bad_environment_values_are_refused_with_the_variable_named(environ):
    with pytest.raises(ValueError, match="XEPHANG_"):
        load_settings(environ)
