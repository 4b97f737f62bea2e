"""The catalogue of API error codes (design §5): each code once, with its status and meaning.

Every `DomainError` and error reply uses a code listed here (tests/api/test_error_catalogue.py
reads the source to make sure), and every operation of the OpenAPI document names the codes it
can answer, grouped by status, from this list (server/api/contract.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    """One error code: its HTTP status and what it tells a client."""

    code: str
    status: int
    meaning: str


_CODES = (
    # Any request
    ErrorCode("bad_request", 400, "the address holds characters the server refuses (NUL)"),
    ErrorCode("malformed_json", 400, "the body is not one JSON object (or nests too deep)"),
    ErrorCode("unauthorized", 401, "no login session or bearer token was sent"),
    ErrorCode("invalid_token", 401, "the bearer token is unknown, revoked or expired"),
    ErrorCode("invalid_credentials", 401, "wrong username or password"),
    ErrorCode("forbidden", 403, "the caller's role or device may not do this"),
    ErrorCode("csrf_failed", 403, "a browser login was sent from another site's page"),
    ErrorCode("not_found", 404, "no such route or action"),
    ErrorCode("method_not_allowed", 405, "the route does not take this method"),
    ErrorCode("conflict", 409, "the request conflicts with the current state"),
    ErrorCode("payload_too_large", 413, "the body is over the size limit"),
    ErrorCode("unsupported_media_type", 415, "a body must be sent as application/json"),
    ErrorCode(
        "invalid_field",
        422,
        "a field or query argument has a wrong value (its name leads the message)",
    ),
    ErrorCode(
        "missing_field", 422, "a required field or argument was not sent (named in the message)"
    ),
    ErrorCode("too_many_requests", 429, "too many requests from this address; retry later"),
    ErrorCode("too_many_attempts", 429, "too many failed logins; retry after the lock ends"),
    ErrorCode("internal_error", 500, "an unexpected failure (logged on the server)"),
    ErrorCode("database_unavailable", 503, "the database cannot be reached for now"),
    # Things that are not there (or not in the caller's office)
    ErrorCode("office_not_found", 404, "no such office"),
    ErrorCode("service_not_found", 404, "no such service in the office"),
    ErrorCode("counter_not_found", 404, "no such counter in the office"),
    ErrorCode("ticket_not_found", 404, "no such ticket"),
    ErrorCode("push_unavailable", 409, "Web Push is off (no VAPID key) or the ticket is closed"),
    ErrorCode("device_not_found", 404, "no such device"),
    ErrorCode("print_job_not_found", 404, "no such print job"),
    ErrorCode("user_not_found", 404, "no such user"),
    ErrorCode("holiday_not_found", 404, "no such holiday"),
    # The queue
    ErrorCode("service_unavailable", 409, "the service takes no tickets now (closed, cut off …)"),
    ErrorCode("daily_limit_reached", 409, "the service issued its daily limit of tickets"),
    ErrorCode("priority_not_offered", 422, "the office does not offer this priority category"),
    ErrorCode("counter_closed", 409, "the counter must be opened first"),
    ErrorCode("counter_in_use", 409, "another clerk works at the counter"),
    ErrorCode("clerk_at_other_counter", 409, "the clerk is signed in at another counter"),
    ErrorCode("ticket_pending", 409, "the counter still holds a called or serving ticket"),
    ErrorCode("ticket_not_waiting", 409, "the chosen ticket is no longer waiting"),
    ErrorCode("not_your_counter", 403, "the ticket is held at another counter"),
    ErrorCode("recall_required", 409, "the citizen must be recalled before this"),
    ErrorCode("invalid_transition", 409, "the action is not allowed from the ticket's status"),
    ErrorCode("invalid_transfer", 409, "the ticket is already where it would be sent"),
    ErrorCode("not_rateable", 409, "only a served ticket can be rated"),
    ErrorCode("already_rated", 409, "the ticket was rated already"),
    ErrorCode("staff_cannot_rate", 403, "ratings come from citizens, not staff tokens or logins"),
    # Remote numbers and appointments (design §12)
    ErrorCode(
        "remote_unavailable", 409, "the service gives no remote number now (off, share used…)"
    ),
    ErrorCode("slot_full", 409, "every place of the slot is booked"),
    ErrorCode(
        "invalid_slot",
        422,
        "not a slot start, past, beyond the horizon, or the service takes no appointments",
    ),
    ErrorCode("unknown_appointment", 404, "no such booking (or it was cancelled)"),
    ErrorCode("too_early", 409, "the check-in window has not opened; the message says when"),
    ErrorCode("appointment_expired", 409, "the check-in window closed; take an ordinary number"),
    ErrorCode("already_checked_in", 409, "the booking was checked in already"),
    # Printing
    ErrorCode("ticket_closed", 409, "a finished ticket is not printed again"),
    ErrorCode("reprint_limit", 409, "the ticket was printed again too often"),
    ErrorCode("printed_in_browser", 409, "the kiosk prints from its browser; no job to report"),
    # Administration
    ErrorCode("username_taken", 409, "the username exists already"),
    ErrorCode("office_in_use", 409, "an office that is in use (one's own, with children) stays"),
    ErrorCode("service_in_use", 409, "a service with tickets stays (deactivate it instead)"),
    # Announcement audio (outside /api/v1, same error shape)
    ErrorCode("audio_not_issued", 403, "the audio address was not signed by the server"),
    ErrorCode("audio_unavailable", 503, "speech synthesis is not available"),
)

CATALOGUE: dict[str, ErrorCode] = {entry.code: entry for entry in _CODES}


def entry(code: str) -> ErrorCode:
    """The catalogue entry of a code (KeyError for a code nobody documented)."""
    return CATALOGUE[code]
