"""Counter actions (call next, open, pause, close) and what the clerk console reads."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from server.api.parsing import int_field, json_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session, queue_settings
from server.services.queue.counters import call_next, set_counter_state
from server.services.screens.console import counter_console, office_printers

bp = Blueprint("api_counters", __name__, url_prefix="/api/v1")

COUNTER_ACTIONS = frozenset({"open", "pause", "close"})


@bp.post("/counters/<int:counter_id>/call-next")
def call_next_ticket(counter_id: int) -> Response:
    """Call the next citizen (or `ticket_id` from the line); 204 when nobody waits."""
    actor = current_actor()
    body = json_body(required=False)
    ticket_id = int_field(body, "ticket_id", required=False)
    return reply(call_next(db_session(), actor, counter_id, queue_settings(), ticket_id=ticket_id))


@bp.post("/counters/<int:counter_id>/<action>")
def counter_action(counter_id: int, action: str) -> Response:
    """Open, pause or close the counter."""
    if action not in COUNTER_ACTIONS:
        abort(404)
    actor = current_actor()
    json_body(required=False)
    return reply(set_counter_state(db_session(), actor, counter_id, action, queue_settings()))


@bp.get("/counters/<int:counter_id>/queue")
def counter_queue(counter_id: int) -> Response:
    """The console's view: current ticket, the line in call order, parked tickets, own figures."""
    actor = current_actor()
    return json_reply(counter_console(db_session(), actor, counter_id, queue_settings()))


@bp.get("/offices/<int:office_id>/printers")
def printers(office_id: int) -> Response:
    """The office's kiosk printers a reception clerk may print on."""
    return json_reply(office_printers(db_session(), current_actor(), office_id))
