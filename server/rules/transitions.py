"""Ticket life cycle: which action moves a ticket from which status to which."""

from enum import StrEnum

from server.rules.errors import InvalidTransition


class TicketStatus(StrEnum):
    """Where a ticket is in its life cycle."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    PARKED = "parked"
    CANCELLED = "cancelled"


class TicketAction(StrEnum):
    """What a clerk (or the system) does to a ticket; values are the API's action names."""

    CALL = "call"
    RECALL = "recall"
    START = "start"
    COMPLETE = "complete"
    NO_SHOW = "no-show"
    REQUEUE = "requeue"
    PARK = "park"
    RESUME = "resume"
    CANCEL = "cancel"
    TRANSFER = "transfer"


TERMINAL_STATUSES: frozenset[TicketStatus] = frozenset({TicketStatus.DONE, TicketStatus.CANCELLED})

_W, _C, _S = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING

_TRANSITIONS: dict[TicketAction, dict[TicketStatus, TicketStatus]] = {
    TicketAction.CALL: {_W: _C},
    # A recall only re-announces; the ticket stays called.
    TicketAction.RECALL: {_C: _C},
    TicketAction.START: {_C: _S},
    TicketAction.COMPLETE: {_S: TicketStatus.DONE},
    TicketAction.NO_SHOW: {_C: TicketStatus.NO_SHOW},
    # The citizen came back after being marked absent.
    TicketAction.REQUEUE: {TicketStatus.NO_SHOW: _W},
    TicketAction.PARK: {_W: TicketStatus.PARKED, _C: TicketStatus.PARKED, _S: TicketStatus.PARKED},
    TicketAction.RESUME: {TicketStatus.PARKED: _W},
    TicketAction.CANCEL: {
        _W: TicketStatus.CANCELLED,
        _C: TicketStatus.CANCELLED,
        _S: TicketStatus.CANCELLED,
        TicketStatus.PARKED: TicketStatus.CANCELLED,
    },
    # A transfer keeps the same ticket and puts it back in a (different) line.
    TicketAction.TRANSFER: {_W: _W, _C: _W, _S: _W},
}


def next_status(action: TicketAction, status: TicketStatus) -> TicketStatus:
    """Return the status after `action`, or raise InvalidTransition if it is not allowed."""
    target = _TRANSITIONS[TicketAction(action)].get(TicketStatus(status))
    if target is None:
        raise InvalidTransition(action, status)
    return target


def allowed_actions(status: TicketStatus) -> frozenset[TicketAction]:
    """Return the actions a ticket in `status` accepts (e.g. to enable clerk buttons)."""
    return frozenset(
        action for action, moves in _TRANSITIONS.items() if TicketStatus(status) in moves
    )
