"""The Vietnamese texts citizens receive (design §12)."""

from __future__ import annotations

from datetime import datetime

from server.notifications import messages
from server.notifications.messages import MessageKind


def test_called_names_the_counter() -> None:
    message = messages.called(1, 7, "A005", "3", phone="0912345678")
    assert message.kind is MessageKind.CALLED
    assert message.text == "Số A005: mời đến quầy số 3."
    assert message.params == {"number": "A005", "counter": "3"}


def test_almost_your_turn_counts_the_people_ahead() -> None:
    assert "còn 3 người nữa đến lượt" in messages.almost_your_turn(1, 7, "A005", 3).text
    assert "sắp đến lượt bạn" in messages.almost_your_turn(1, 7, "A005", 0).text


def test_booking_texts_carry_time_day_and_code() -> None:
    start = datetime(2026, 12, 7, 8, 30)
    confirmed = messages.booking_confirmed(1, 9, "Đất đai", start, "K7M2QX", phone="0912345678")
    assert confirmed.text == (
        "Đã đặt lịch hẹn Đất đai lúc 08:30 ngày 07/12/2026. Mã hẹn: K7M2QX. "
        "Vui lòng đến trước giờ hẹn."
    )
    reminder = messages.reminder(1, 9, "Đất đai", start, "K7M2QX")
    assert reminder.kind is MessageKind.REMINDER
    assert "Nhắc lịch hẹn Đất đai lúc 08:30 ngày 07/12/2026" in reminder.text
    assert reminder.params == {
        "service": "Đất đai",
        "time": "08:30",
        "date": "07/12/2026",
        "code": "K7M2QX",
    }
