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


class ExportFormat(StrEnum):
    """The file a report is exported as: CSV holds one view, XLSX every view."""

    CSV = "csv"
    XLSX = "xlsx"


# The media type of each export format.
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
