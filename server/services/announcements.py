"""The announcement attached to a `ticket_called` event: spoken text and its audio URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from server.announcements.phrases import call_phrase
from server.models import Audience, Counter, Office, Service, Ticket


def announcement_for(
    ticket: Ticket, counter: Counter, service: Service, office: Office, *, recall: bool
) -> dict[str, Any]:
    """`{text, audio_url}`; the URL carries the call's parts, so any process can render it."""
    audience = "customer" if service.audience == Audience.CUSTOMER else "citizen"
    text = call_phrase(
        ticket.number, counter.number, audience=audience, recall=recall, dialect=office.dialect
    )
    query = urlencode(
        {
            "number": ticket.number,
            "counter": counter.number,
            "audience": audience,
            "recall": int(recall),
            "dialect": office.dialect,
        }
    )
    return {"text": text, "audio_url": f"/audio/call.wav?{query}"}
