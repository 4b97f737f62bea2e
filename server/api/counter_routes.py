"""Counter actions (call next, open, pause, close) and what the clerk console reads."""

from __future__ import annotations

from flask import Blueprint, Response

from server.api.contract import operation, request_body
from server.api.principal import current_actor
from server.api.responses import json_reply, reply
from server.request_context.current import db_session, queue_settings
from server.schemas.screens import CallNext, Counter, CounterQueue, Printer
from server.schemas.tickets import Ticket
from server.services.queue.counters import CounterAction, call_next, set_counter_state
from server.services.screens.console import counter_console, office_printers

bp = Blueprint("api_counters", __name__, url_prefix="/api/v1")

# A counter's actions, as a routing choice: any other word is a 404.
ACTIONS = "any({})".format(",".join(sorted(f"'{action}'" for action in CounterAction)))
# What taking a seat at a counter may run into.
SEATING = ("counter_not_found", "office_not_found", "counter_in_use", "clerk_at_other_counter")


@bp.post("/counters/<int:counter_id>/call-next")
@operation(
    "queue",
    body=CallNext,
    body_required=False,
    answers={200: Ticket, 204: None},
    errors=(*SEATING, "ticket_pending", "ticket_not_waiting"),
)
def call_next_ticket(counter_id: int) -> Response:
    """Call the next citizen (or `ticket_id` from the line); 204 when nobody waits."""
    sent = request_body(CallNext)
    outcome = call_next(
        db_session(), current_actor(), counter_id, queue_settings(), ticket_id=sent.ticket_id
    )
    return reply(outcome)


@bp.post(f"/counters/<int:counter_id>/<{ACTIONS}:action>")
@operation(
    "queue",
    unsafe=True,
    answers={200: Counter},
    errors=(*SEATING, "counter_closed", "ticket_pending"),
)
def counter_action(counter_id: int, action: str) -> Response:
    """Open, pause or close the counter."""
    outcome = set_counter_state(
        db_session(), current_actor(), counter_id, CounterAction(action), queue_settings()
    )
    return reply(outcome)


@bp.get("/counters/<int:counter_id>/queue")
@operation("console", answers={200: CounterQueue}, errors=("counter_not_found", "office_not_found"))
def counter_queue(counter_id: int) -> Response:
    """The console's view: current ticket, the line in call order, parked tickets, own figures."""
    actor = current_actor()
    return json_reply(counter_console(db_session(), actor, counter_id, queue_settings()))


@bp.get("/offices/<int:office_id>/printers")
@operation("console", answers={200: list[Printer]}, errors=("office_not_found",))
def printers(office_id: int) -> Response:
    """The office's kiosk printers a reception clerk may print on."""
    return json_reply(office_printers(db_session(), current_actor(), office_id))
