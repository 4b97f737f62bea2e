"""The announcement attached to a `ticket_called` event: spoken text and its signed audio URL."""

from __future__ import annotations

from typing import Any

from server.announcements.call_audio import CallAudio, signed_audio_url
from server.models import Audience, Counter, Office, Service, Ticket


def announcement_for(
    ticket: Ticket,
    counter: Counter,
    service: Service,
    office: Office,
    *,
    recall: bool,
    secret: str,
) -> dict[str, Any]:
    """`{text, audio_url}`; the URL carries the call's parts signed under `secret` (DESIGN §5)."""
    audience = "customer" if service.audience == Audience.CUSTOMER else "citizen"
    call = CallAudio(
        number=ticket.number,
        counter=counter.number,
        audience=audience,
        recall=recall,
        dialect=office.dialect,
    )
    return {"text": call.text(), "audio_url": signed_audio_url(call, secret)}
