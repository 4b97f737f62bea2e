"""Issuing tickets and clerk actions on them."""

from __future__ import annotations

import dataclasses

from flask import Blueprint, Response, abort

from server.api.parsing import int_field, json_body, str_field
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session, queue_settings
from server.rules.transitions import TicketAction
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


@bp.post("")
def create_ticket() -> Response:
    """Issue a ticket from a kiosk or the reception desk; its print job goes out after commit."""
    actor = current_actor()
    body = json_body()
    service_id = int_field(body, "service_id")
    assert service_id is not None
    outcome = issue_ticket(
        db_session(),
        actor,
        service_id,
        queue_settings(),
        priority=str_field(body, "priority", max_length=16),
        channel=str_field(body, "channel", max_length=16),
        dossier_code=str_field(body, "dossier_code", max_length=64),
        print_device_id=int_field(body, "print_device_id", required=False),
    )
    device = actor.device
    if device is not None and isinstance(outcome.body, dict) and prints_in_browser(device):
        # The kiosk page prints this ticket itself; the screens' copy of the body stays as is.
        printout = browser_printout(db_session(), outcome.body, queue_settings())
        outcome = dataclasses.replace(outcome, body={**outcome.body, "printout": printout})
    return reply(outcome, 201)


@bp.post("/<int:ticket_id>/reprint")
def reprint(ticket_id: int) -> Response:
    """Print a ticket again: its kiosk (a failed print), or staff on a chosen kiosk."""
    actor = current_actor()
    body = json_body(required=False)
    outcome = reprint_ticket(
        db_session(),
        actor,
        ticket_id,
        int_field(body, "print_device_id", required=False),
    )
    return reply(outcome, 201)


@bp.get("/<int:ticket_id>")
def get_ticket(ticket_id: int) -> Response:
    """A ticket with its events."""
    return json_reply(ticket_for_staff(db_session(), current_actor(), ticket_id, queue_settings()))


@bp.post("/<int:ticket_id>/<action>")
def ticket_action(ticket_id: int, action: str) -> Response:
    """recall, start, complete, no-show, requeue, park, resume or cancel."""
    if action not in {str(a) for a in SIMPLE_ACTIONS}:
        abort(404)
    actor = current_actor()
    json_body(required=False)  # a body, if any, must still be valid JSON
    outcome = act_on_ticket(db_session(), actor, ticket_id, TicketAction(action), queue_settings())
    return reply(outcome)


@bp.post("/<int:ticket_id>/transfer")
def transfer(ticket_id: int) -> Response:
    """Move the ticket to another service's line or to a named counter."""
    actor = current_actor()
    body = json_body()
    outcome = transfer_ticket(
        db_session(),
        actor,
        ticket_id,
        queue_settings(),
        service_id=int_field(body, "service_id", required=False),
        counter_id=int_field(body, "counter_id", required=False),
    )
    return reply(outcome)


@bp.post("/<int:ticket_id>/rating")
def rate(ticket_id: int) -> Response:
    """The counter's rating tablet records the citizen's rating."""
    actor = current_actor()
    body = json_body()
    outcome = rate_ticket(
        db_session(), actor, ticket_id, body.get("level"), body.get("reasons"), body.get("comment")
    )
    return reply(outcome, 201)
