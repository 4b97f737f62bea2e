"""The `ticket_called` event (a call or a recall) with its announcement: text and signed audio."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from server.announcements.call_audio import CallAudio, signed_audio_url
from server.models import Audience, Counter, Office, Service, Ticket
from server.services.changes import Change, change
from server.services.presenters import counter_dict
from server.services.settings import QueueSettings


def ticket_called(
    session: Session,
    office: Office,
    ticket: Ticket,
    counter: Counter,
    ticket_body: dict[str, Any],
    settings: QueueSettings,
    *,
    recall: bool,
) -> Change:
    """The one `ticket_called` change: the ticket as staff see it, its counter, the announcement."""
    service = session.get(Service, ticket.service_id)
    assert service is not None  # a ticket's service is never deleted (it issued the ticket)
    return change(
        session,
        "ticket_called",
        office.id,
        ticket=ticket_body,
        counter=counter_dict(session, counter, settings),
        recall=recall,
        announcement=announcement_for(
            ticket, counter, service, office, recall=recall, secret=settings.audio_secret
        ),
    )


def announcement_for(
    ticket: Ticket,
    counter: Counter,
    service: Service,
    office: Office,
    *,
    recall: bool,
    secret: str,
) -> dict[str, Any]:
    """`{text, audio_url, follow: {text, audio_url}}` (design §5 and §7).

    The URLs carry the call's parts signed under `secret`; `follow` is the form a display plays
    when this call comes right after another one: no chime, shorter words.
    """
    audience = "customer" if service.audience == Audience.CUSTOMER else "citizen"
    call = CallAudio(
        number=ticket.number,
        counter=counter.number,
        audience=audience,
        recall=recall,
        dialect=office.dialect,
    )
    follow = replace(call, follow=True)
    return {
        "text": call.text(),
        "audio_url": signed_audio_url(call, secret),
        "follow": {"text": follow.text(), "audio_url": signed_audio_url(follow, secret)},
    }
