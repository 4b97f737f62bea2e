"""Counter actions: call next, open, pause, close."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from server.api.context import db_session, queue_settings
from server.api.parsing import int_field, json_body
from server.api.principal import current_actor
from server.api.responses import reply
from server.services.counters import call_next, set_counter_state

bp = Blueprint("api_counters", __name__, url_prefix="/api/v1/counters")

COUNTER_ACTIONS = frozenset({"open", "pause", "close"})


@bp.post("/<int:counter_id>/call-next")
def call_next_ticket(counter_id: int) -> Response:
    """Call the next citizen (or `ticket_id` from the line); 204 when nobody waits."""
    actor = current_actor()
    body = json_body(required=False)
    ticket_id = int_field(body, "ticket_id", required=False)
    return reply(call_next(db_session(), actor, counter_id, queue_settings(), ticket_id=ticket_id))


@bp.post("/<int:counter_id>/<action>")
def counter_action(counter_id: int, action: str) -> Response:
    """Open, pause or close the counter."""
    if action not in COUNTER_ACTIONS:
        abort(404)
    actor = current_actor()
    json_body(required=False)
    return reply(set_counter_state(db_session(), actor, counter_id, action, queue_settings()))
