"""Tests for the ticket life cycle and the domain errors it raises."""

import unicodedata

import pytest

from server.rules.errors import DomainError, InvalidTransition
from server.rules.transitions import (
    TERMINAL_STATUSES,
    TicketAction,
    TicketStatus,
    allowed_actions,
    next_status,
)

A, S = TicketAction, TicketStatus

# Written out from design §3 independently of the implementation's table.
EXPECTED: dict[tuple[TicketAction, TicketStatus], TicketStatus] = {
    (A.CALL, S.WAITING): S.CALLED,
    (A.RECALL, S.CALLED): S.CALLED,
    (A.START, S.CALLED): S.SERVING,
    (A.COMPLETE, S.SERVING): S.DONE,
    (A.NO_SHOW, S.CALLED): S.NO_SHOW,
    (A.REQUEUE, S.NO_SHOW): S.WAITING,
    (A.PARK, S.WAITING): S.PARKED,
    (A.PARK, S.CALLED): S.PARKED,
    (A.PARK, S.SERVING): S.PARKED,
    (A.RESUME, S.PARKED): S.WAITING,
    (A.CANCEL, S.WAITING): S.CANCELLED,
    (A.CANCEL, S.CALLED): S.CANCELLED,
    (A.CANCEL, S.SERVING): S.CANCELLED,
    (A.CANCEL, S.PARKED): S.CANCELLED,
    (A.TRANSFER, S.WAITING): S.WAITING,
    (A.TRANSFER, S.CALLED): S.WAITING,
    (A.TRANSFER, S.SERVING): S.WAITING,
}

MATRIX = [(action, status) for action in TicketAction for status in TicketStatus]


def test_wire_values_are_stable():
    assert [status.value for status in TicketStatus] == [
        "waiting",
        "called",
        "serving",
        "done",
        "no_show",
        "parked",
        "cancelled",
    ]
    assert [action.value for action in TicketAction] == [
        "call",
        "recall",
        "start",
        "complete",
        "no-show",
        "requeue",
        "park",
        "resume",
        "cancel",
        "transfer",
    ]


@pytest.mark.parametrize(("action", "status"), [pair for pair in MATRIX if pair in EXPECTED])
def test_allowed_transition_gives_expected_status(action, status):
    assert next_status(action, status) is EXPECTED[(action, status)]


@pytest.mark.parametrize(("action", "status"), [pair for pair in MATRIX if pair not in EXPECTED])
def test_forbidden_transition_raises(action, status):
    with pytest.raises(InvalidTransition) as excinfo:
        next_status(action, status)
    error = excinfo.value
    assert error.code == "invalid_transition"
    assert error.status == 409
    assert error.action == action.value
    assert error.ticket_status == status.value
    assert error.message.startswith("Không thể ")


def test_matrix_is_the_whole_product():
    assert len(MATRIX) == 70
    assert len(EXPECTED) == 17


def test_full_ticket_journey():
    status = S.WAITING
    for action in (A.CALL, A.RECALL, A.RECALL, A.START, A.COMPLETE):
        status = next_status(action, status)
    assert status is S.DONE


def test_no_show_then_requeue_goes_back_to_waiting():
    status = next_status(A.NO_SHOW, next_status(A.CALL, S.WAITING))
    assert status is S.NO_SHOW
    assert next_status(A.REQUEUE, status) is S.WAITING


@pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
@pytest.mark.parametrize("action", list(TicketAction))
def test_terminal_statuses_accept_no_action(action, status):
    with pytest.raises(InvalidTransition):
        next_status(action, status)


def test_terminal_statuses_are_done_and_cancelled():
    assert frozenset({S.DONE, S.CANCELLED}) == TERMINAL_STATUSES


def test_non_terminal_statuses_all_have_a_way_out():
    for status in set(TicketStatus) - TERMINAL_STATUSES:
        assert allowed_actions(status), status


@pytest.mark.parametrize("status", list(TicketStatus))
def test_allowed_actions_agrees_with_next_status(status):
    expected = {action for (action, origin) in EXPECTED if origin is status}
    assert allowed_actions(status) == expected


def test_next_status_accepts_plain_wire_strings():
    assert next_status(TicketAction("no-show"), TicketStatus("called")) is S.NO_SHOW
    assert next_status("call", "waiting") is S.CALLED  # type: ignore[arg-type]


def test_unknown_action_is_a_value_error_not_a_domain_error():
    with pytest.raises(ValueError):
        next_status("teleport", "waiting")  # type: ignore[arg-type]


def test_invalid_transition_message_is_vietnamese():
    error = InvalidTransition(A.CALL, S.DONE)
    assert error.message == "Không thể gọi phiếu đang ở trạng thái đã xong"
    assert str(error) == error.message


@pytest.mark.parametrize(("action", "status"), MATRIX)
def test_every_action_and_status_has_vietnamese_wording(action, status):
    message = InvalidTransition(action, status).message
    assert action.value not in message
    assert status.value not in message
    assert unicodedata.is_normalized("NFC", message)


def test_invalid_transition_with_unknown_values_still_has_a_message():
    error = InvalidTransition("fly", "floating")
    assert error.message == "Không thể fly phiếu đang ở trạng thái floating"


def test_invalid_transition_is_a_domain_error():
    assert issubclass(InvalidTransition, DomainError)
    assert isinstance(InvalidTransition(A.START, S.WAITING), DomainError)


def test_domain_error_defaults_to_409():
    error = DomainError("counter_in_use", "Quầy đang có người dùng")
    assert error.code == "counter_in_use"
    assert error.message == "Quầy đang có người dùng"
    assert error.status == 409
    assert str(error) == "Quầy đang có người dùng"


def test_domain_error_status_can_be_overridden_per_instance():
    error = DomainError("not_found", "Không tìm thấy phiếu", status=404)
    assert error.status == 404
    assert DomainError.status == 409
    assert DomainError("x", "y").status == 409


def test_domain_error_subclass_can_set_its_own_default_status():
    class Gone(DomainError):
        status = 410

    assert Gone("gone", "Đã xóa").status == 410
    assert Gone("gone", "Đã xóa", status=400).status == 400
