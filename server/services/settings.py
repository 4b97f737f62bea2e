"""Queue settings passed to service functions (taken from the app config once per request).

Their defaults are `Config`'s (server/config.py), the one place settings are defined: a
`QueueSettings()` made without an app (a script, a test) behaves as a server with no
`XEPHANG_*` variables set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from server.config import Config
from server.public_url import public_base_url


@dataclass(frozen=True)
class QueueSettings:
    """Tunable queue behaviour; see docs/configuration.md."""

    max_priority_in_row: int = Config.MAX_PRIORITY_IN_ROW
    no_show_after_recalls: int = Config.NO_SHOW_AFTER_RECALLS
    transfer_to_front: bool = Config.TRANSFER_TO_FRONT
    default_service_minutes: float = Config.DEFAULT_SERVICE_MINUTES
    estimate_history: int = Config.ESTIMATE_HISTORY
    recent_calls: int = Config.RECENT_CALLS
    public_url: str = ""  # base of QR links; from_config makes it absolute (server/public_url.py)
    # Signs announcement audio URLs (server.announcements.call_audio); kept out of repr and logs.
    audio_secret: str = field(default="", repr=False)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> QueueSettings:
        """Read the queue settings out of a Flask config."""
        return cls(
            max_priority_in_row=config["MAX_PRIORITY_IN_ROW"],
            no_show_after_recalls=config["NO_SHOW_AFTER_RECALLS"],
            transfer_to_front=config["TRANSFER_TO_FRONT"],
            default_service_minutes=config["DEFAULT_SERVICE_MINUTES"],
            estimate_history=config["ESTIMATE_HISTORY"],
            recent_calls=config["RECENT_CALLS"],
            public_url=public_base_url(config),
            audio_secret=config["SECRET_KEY"],
        )
