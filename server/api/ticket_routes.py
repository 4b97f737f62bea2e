"""Issuing tickets and clerk actions on them."""

from __future__ import annotations

import dataclasses

from flask import Blueprint, Response

from server.api.contract import operation, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session, queue_settings
from server.rules.transitions import TicketAction
from server.schemas.printing import PrintJob
from server.schemas.tickets import IssuedTicket, NewTicket, Rating, RatingSent, Reprint, Ticket
from server.schemas.tickets import Transfer as TransferSent
from server.services.actor import Actor
from server.services.changes import Outcome
from server.services.printing.print_jobs import reprint_ticket
from server.services.printing.ticket_print import browser_printout, prints_in_browser
from server.services.queue.ratings import rate_ticket
from server.services.queue.tickets import (
    SIMPLE_ACTIONS,
    act_on_ticket,
    issue_ticket,
    ticket_for_staff,
    transfer_ticket,
)

bp = Blueprint("api_tickets", __name__, url_prefix="/api/v1/tickets")

# The actions a clerk takes with no body, as a routing choice: any other word is a 404.
ACTIONS = "any({})".format(",".join(sorted(f"'{action}'" for action in SIMPLE_ACTIONS)))


@bp.post("")
@operation(
    "queue",
    body=NewTicket,
    answers={201: IssuedTicket},
    errors=(
        "service_not_found",
        "device_not_found",
        "service_unavailable",
        "daily_limit_reached",
        "priority_not_offered",
    ),
)
def create_ticket() -> Response:
    """Issue a ticket from a kiosk or the reception desk; its print job goes out after commit."""
    actor = current_actor()
    sent = request_body(NewTicket)
    outcome = issue_ticket(
        db_session(),
        actor,
        sent.service_id,
        queue_settings(),
        priority=sent.priority,
        channel=sent.channel,
        dossier_code=sent.dossier_code,
        print_device_id=sent.print_device_id,
    )
    return reply(with_printout(outcome, actor), 201)


def with_printout(outcome: Outcome, actor: Actor) -> Outcome:
    """A `browser:` kiosk's answer gains the lines its page prints; the screens' copy stays."""
    device = actor.device
    if device is None or not isinstance(outcome.body, dict) or not prints_in_browser(device):
        return outcome
    printout = browser_printout(db_session(), outcome.body, queue_settings())
    return dataclasses.replace(outcome, body={**outcome.body, "printout": printout})


@bp.post("/<int:ticket_id>/reprint")
@operation(
    "printing",
    body=Reprint,
    body_required=False,
    answers={201: PrintJob},
    errors=(
        "ticket_not_found",
        "device_not_found",
        "ticket_closed",
        "reprint_limit",
        "printed_in_browser",
    ),
)
def reprint(ticket_id: int) -> Response:
    """Print a ticket again: its kiosk (a failed print), or staff on a chosen kiosk."""
    sent = request_body(Reprint)
    outcome = reprint_ticket(db_session(), current_actor(), ticket_id, sent.print_device_id)
    return reply(outcome, 201)


@bp.get("/<int:ticket_id>")
@operation("queue", answers={200: Ticket}, errors=("ticket_not_found",))
def get_ticket(ticket_id: int) -> Response:
    """A ticket with its events."""
    return json_reply(ticket_for_staff(db_session(), current_actor(), ticket_id, queue_settings()))


@bp.post(f"/<int:ticket_id>/<{ACTIONS}:action>")
@operation(
    "queue",
    unsafe=True,
    answers={200: Ticket},
    errors=(
        "ticket_not_found",
        "not_your_counter",
        "invalid_transition",
        "recall_required",
        "counter_closed",
    ),
)
def ticket_action(ticket_id: int, action: str) -> Response:
    """recall, start, complete, no-show, requeue, park, resume or cancel."""
    outcome = act_on_ticket(
        db_session(), current_actor(), ticket_id, TicketAction(action), queue_settings()
    )
    return reply(outcome)


@bp.post("/<int:ticket_id>/transfer")
@operation(
    "queue",
    body=TransferSent,
    answers={200: Ticket},
    errors=(
        "ticket_not_found",
        "service_not_found",
        "counter_not_found",
        "not_your_counter",
        "invalid_transition",
        "invalid_transfer",
        "service_unavailable",
    ),
)
def transfer(ticket_id: int) -> Response:
    """Move the ticket to another service's line or to a named counter."""
    sent = request_body(TransferSent)
    outcome = transfer_ticket(
        db_session(),
        current_actor(),
        ticket_id,
        queue_settings(),
        service_id=sent.service_id,
        counter_id=sent.counter_id,
    )
    return reply(outcome)


@bp.post("/<int:ticket_id>/rating")
@operation(
    "ratings",
    body=RatingSent,
    answers={201: Rating},
    errors=("ticket_not_found", "not_rateable", "already_rated"),
)
def rate(ticket_id: int) -> Response:
    """The counter's rating tablet records the citizen's rating."""
    outcome = rate_ticket(db_session(), current_actor(), ticket_id, request_body(RatingSent))
    return reply(outcome, 201)
