"""Settings: `Config` defaults, then `XEPHANG_*` environment variables, then test overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from server.printing.allowed_networks import DEFAULT_PRINTER_NETWORKS, AllowedNetworks


class Config:
    """Default settings; every one is documented in docs/configuration.md."""

    INSTANCE_PATH: str = ""  # empty: Flask's default, `instance/` beside the source checkout
    DATABASE_URL: str = ""  # empty: a SQLite file `xephang.sqlite3` in the instance folder
    SECRET_KEY: str = ""  # empty: a random key per process (logins do not survive a restart)
    MESSAGE_QUEUE: str = ""  # e.g. redis://127.0.0.1:6379/0 when running several processes
    MESSAGE_QUEUE_CHANNEL: str = (
        "xephang"  # Redis channel shared by the processes of one deployment
    )
    ASYNC_MODE: str = "eventlet"  # eventlet (production) or threading
    PUBLIC_URL: str = ""  # base of QR links, e.g. https://xephang.yenthe.gov.vn
    TOKEN_TTL_HOURS: int = 12  # lifetime of a user's API token
    MAX_PRIORITY_IN_ROW: int = 3  # priority calls in a row while normal tickets wait
    NO_SHOW_AFTER_RECALLS: int = 1  # recalls needed before a clerk may mark a no-show
    TRANSFER_TO_FRONT: bool = False  # a transferred ticket goes to the front of the target line
    DEFAULT_SERVICE_MINUTES: float = 5.0  # service time assumed before there is any history
    ESTIMATE_HISTORY: int = 30  # how many recent services the wait estimate averages
    RECENT_CALLS: int = 10  # calls listed in the state snapshot
    MAX_CONTENT_LENGTH: int = 64 * 1024  # larger request bodies get 413
    AUDIO_CACHE_DIR: str = ""  # empty: `audio-cache` in the instance folder
    CLIPS_DIR: str = ""  # folder of pre-recorded announcement clips (optional)
    AUDIO_CACHE_MB: float = 100.0  # the audio cache's bound; least recently played go first
    AUDIO_RENDERS_PER_MINUTE: int = 60  # announcement renders (not cache hits) per address
    LOG_REQUESTS: bool = True  # one log line per request in `xephang run`
    VALIDATE_RESPONSES: bool = False  # check each API answer against its documented schema
    SESSION_COOKIE_SECURE: bool = False  # set true behind HTTPS
    LOGIN_ATTEMPTS_PER_MINUTE: int = 10  # failed logins per username and address before a lock
    LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: int = 30  # failed logins per address, any username
    LOGIN_LOCK_MAX_MINUTES: float = 15.0  # longest lock (the first is 1 minute, each next doubles)
    SOCKET_RECHECK_SECONDS: float = 5.0  # how often open sockets are checked for revoked tokens
    MAX_CONNECTIONS: int = 10_000  # connections one `xephang run` process holds (eventlet)
    REQUEST_TIMEOUT_SECONDS: float = 5.0  # a connection's request must arrive within this time
    SYNC_INTERVAL_SECONDS: float = 1.0  # least time between two snapshots sent to one socket
    PUBLIC_READS_PER_MINUTE: int = 60  # citizen's page, its API and socket, per client address
    PUBLIC_RATINGS_PER_MINUTE: int = 10  # ratings from phones per client address
    PUBLIC_BOOKINGS_PER_MINUTE: int = 10  # remote numbers, bookings, cancels per client address
    PERSONAL_DATA_DAYS: int = 30  # phone numbers are erased this many days after their day
    TRUSTED_PROXIES: int = 0  # reverse proxies in front whose X-Forwarded-For names the client
    PRINTER_NETWORKS: str = DEFAULT_PRINTER_NETWORKS  # where the server may open tcp:// printers
    PRINTER_CHECK_SECONDS: float = 60.0  # how often the server asks the kiosk printers it drives
    NOTIFY_QUEUE_SIZE: int = 500  # notifications waiting at most; more are dropped with a log line
    NOTIFY_ATTEMPTS: int = 4  # tries per notification before it is given up
    NOTIFY_BACKOFF_SECONDS: float = 2.0  # wait before the first retry; doubles each time
    NOTIFY_TIMEOUT_SECONDS: float = 3.0  # an SMS/Zalo/push request must answer within this time
    NOTIFY_REMINDER_MINUTES: int = 60  # a booking's reminder goes out this long before its slot
    NOTIFY_REMINDER_CHECK_SECONDS: float = 60.0  # how often bookings are checked for reminders
    NOTIFY_VAPID_PRIVATE_KEY: str = ""  # Web Push: the server's VAPID private key (base64url)
    NOTIFY_VAPID_SUBJECT: str = ""  # Web Push: a mailto: or https: contact for push services


def _coerce(raw: str, default: Any) -> Any:
    """Convert an environment string to the type of the default value."""
    if isinstance(default, bool):
        if raw.strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.strip().lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"expected true/false, got {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def setting_names() -> list[str]:
    """Names of all settings, in declaration order."""
    return [name for name in Config.__annotations__ if name.isupper()]


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Layer defaults, then `XEPHANG_<NAME>` variables, then explicit overrides."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    for name in setting_names():
        default = getattr(Config, name)
        raw = environ.get(f"XEPHANG_{name}")
        if raw is None:
            settings[name] = default
            continue
        try:
            settings[name] = _coerce(raw, default)
        except ValueError as error:
            raise ValueError(f"XEPHANG_{name}: {error}") from error
    if settings["AUDIO_CACHE_MB"] < 0:
        raise ValueError("XEPHANG_AUDIO_CACHE_MB must not be negative")
    if settings["ASYNC_MODE"] not in {"eventlet", "threading"}:
        raise ValueError("XEPHANG_ASYNC_MODE must be 'eventlet' or 'threading'")
    if settings["MAX_CONNECTIONS"] < 1:
        raise ValueError("XEPHANG_MAX_CONNECTIONS must be at least 1")
    if settings["REQUEST_TIMEOUT_SECONDS"] <= 0:
        raise ValueError("XEPHANG_REQUEST_TIMEOUT_SECONDS must be more than 0")
    if settings["PERSONAL_DATA_DAYS"] < 0:
        raise ValueError("XEPHANG_PERSONAL_DATA_DAYS must not be negative")
    if settings["SYNC_INTERVAL_SECONDS"] < 0:
        raise ValueError("XEPHANG_SYNC_INTERVAL_SECONDS must not be negative")
    settings.update(overrides or {})
    try:
        AllowedNetworks.parse(settings["PRINTER_NETWORKS"])
    except ValueError as error:
        raise ValueError(f"XEPHANG_PRINTER_NETWORKS: {error}") from error
    return settings
