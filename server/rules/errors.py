"""Domain errors: refusals with a stable snake_case `code` the API turns into JSON."""

# Vietnamese wording for the invalid-transition message, keyed by the wire values of
# TicketAction and TicketStatus. It lives here rather than in transitions.py so that any
# caller can raise InvalidTransition with raw values without an import cycle.
_ACTION_VERBS: dict[str, str] = {
    "call": "gọi",
    "recall": "gọi lại",
    "start": "bắt đầu phục vụ",
    "complete": "hoàn thành",
    "no-show": "đánh dấu vắng mặt",
    "requeue": "xếp lại hàng",
    "park": "tạm gác",
    "resume": "đưa lại vào hàng",
    "cancel": "hủy",
    "transfer": "chuyển",
}
_STATUS_WORDS: dict[str, str] = {
    "waiting": "đang chờ",
    "called": "đã gọi",
    "serving": "đang phục vụ",
    "done": "đã xong",
    "no_show": "vắng mặt",
    "parked": "tạm gác",
    "cancelled": "đã hủy",
}


class DomainError(Exception):
    """A rule or service refused an action; `code` is stable snake_case for the API."""

    status: int = 409

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        """Keep the API code, the user-facing message and the HTTP status."""
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status


class InvalidTransition(DomainError):
    """A ticket action is not allowed from the ticket's current status."""

    def __init__(self, action: str, status: str) -> None:
        """Build the Vietnamese message from the action and status wire values."""
        self.action = str(action)
        self.ticket_status = str(status)
        verb = _ACTION_VERBS.get(self.action, self.action)
        state = _STATUS_WORDS.get(self.ticket_status, self.ticket_status)
        super().__init__(
            "invalid_transition", f"Không thể {verb} phiếu đang ở trạng thái {state}", 409
        )
