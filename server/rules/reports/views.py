"""The views of a report (its rows per service, counter, clerk, office or period) and its files."""

from __future__ import annotations

from enum import StrEnum


class ReportView(StrEnum):
    """What a report's rows are about: one tab of the reports page, one sheet of its XLSX."""

    SERVICE = "service"
    COUNTER = "counter"
    CLERK = "clerk"
    OFFICE = "office"
    PERIOD = "period"
    CHANNEL = "channel"


# Where tickets were issued (server.models.enums.Channel), as reports name them.
CHANNEL_NAMES = {
    "kiosk": "Kiosk lấy số",
    "reception": "Quầy tiếp nhận",
    "online": "Lấy số từ xa",
    "appointment": "Đặt lịch hẹn",
}


class ExportFormat(StrEnum):
    """The file a report is exported as: CSV holds one view, XLSX every view."""

    CSV = "csv"
    XLSX = "xlsx"


# The media type of each export format.
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
