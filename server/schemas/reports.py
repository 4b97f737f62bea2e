"""Reports and the dashboard on the wire (design §5): their query strings and answers.

A report covers an office (or the office and every office below it, `subtree`) over business
days `from`..`to` of the office's calendar, both today when left out. The reports page sends
every argument of its form, so an argument sent empty (`from=`, `service_id=`) counts as left
out; `office_id=` is still wrong. Figures are counts and durations in seconds.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from server.models.enums import Channel, CounterStatus, PrinterStatus, RatingLevel
from server.rules.reports.periods import PeriodKind
from server.rules.reports.views import ExportFormat, ReportView
from server.rules.transitions import TicketStatus
from server.schemas.fields import Day, QueryFlag, QueryId
from server.schemas.screens import Clerk, Office


def _blank_is_absent(value: Any) -> Any:
    """An argument sent empty, as a form leaves an unfilled input, is one left out."""
    return None if value == "" else value


OptionalDay = Annotated[Day | None, BeforeValidator(_blank_is_absent)]
OptionalId = Annotated[QueryId | None, BeforeValidator(_blank_is_absent)]
OptionalPeriod = Annotated[PeriodKind | None, BeforeValidator(_blank_is_absent)]

# -- Query strings -----------------------------------------------------------------------------


class DashboardArgs(BaseModel):
    """GET /dashboard: the office, alone or with every office below it."""

    office_id: QueryId
    subtree: QueryFlag = Field(False, description="add every office below this one")


class SummaryArgs(DashboardArgs):
    """GET /reports/summary: the office and its business days (default: the office's today)."""

    from_: OptionalDay = Field(None, alias="from", description="first business day (inclusive)")
    to: OptionalDay = Field(None, description="last business day (inclusive), at most 2 years on")


class ReportArgs(SummaryArgs):
    """GET /reports: the summary's arguments, filters and the grouping of the rows over time."""

    service_id: OptionalId = Field(None, description="only this service's tickets")
    counter_id: OptionalId = Field(None, description="only tickets of this counter")
    clerk_id: OptionalId = Field(None, description="only tickets of this clerk")
    period: OptionalPeriod = Field(None, description="rows per day, month, quarter or year")


class ExportArgs(ReportArgs):
    """GET /reports/export: the report's arguments, the file format and the CSV's view."""

    format: ExportFormat = Field(ExportFormat.XLSX, description="XLSX holds every view")
    group: ReportView = Field(ReportView.SERVICE, description="the view a CSV holds")


# -- Figures -----------------------------------------------------------------------------------


class Durations(BaseModel):
    """Mean, median and 90th percentile in seconds (0.1 s); null when nothing was timed."""

    mean: float | None
    median: float | None
    p90: float | None


class Figures(BaseModel):
    """The counts, waits, service times and ratings of a report row (design §5)."""

    issued: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    wait_seconds: Durations = Field(description="issued to first called")
    service_seconds: Durations = Field(description="started (or called) to finished")
    ratings: dict[RatingLevel, int]


class RatedFigures(Figures):
    """Figures with their shares: no-shows among those called, each rating level among ratings."""

    no_show_rate: float | None = Field(description="percent of called tickets")
    rated: int
    ratings_percent: dict[RatingLevel, float | None]


# -- The summary -------------------------------------------------------------------------------


class ServiceSummaryRow(Figures):
    """A summary row about a service."""

    service_id: int
    name: str


class CounterSummaryRow(Figures):
    """A summary row about a counter."""

    counter_id: int
    name: str


class ClerkSummaryRow(Figures):
    """A summary row about a clerk."""

    user_id: int
    name: str


class ChannelSummaryRow(Figures):
    """A summary row about the tickets of one channel: where they were issued (design §12)."""

    channel: Channel
    name: str = Field(description="the channel in Vietnamese, e.g. Đặt lịch hẹn")


class AppointmentTotals(BaseModel):
    """Bookings of the days (design §12): all of them, and what became of them."""

    booked: int = Field(description="every booking whose slot falls on the days")
    checked_in: int
    cancelled: int
    expired: int = Field(description="never checked in within the window: a no-show")


class SummaryTotals(Figures):
    """The summary's totals: the figures, and the appointments of the days."""

    appointments: AppointmentTotals


class Summary(BaseModel):
    """GET /reports/summary."""

    office_id: int
    from_: date = Field(alias="from")
    to: date
    totals: SummaryTotals
    by_service: list[ServiceSummaryRow]
    by_counter: list[CounterSummaryRow]
    by_clerk: list[ClerkSummaryRow]
    by_channel: list[ChannelSummaryRow] = Field(
        description="kiosk, reception, online, appointment: always all four, in this order"
    )


# -- The full report ---------------------------------------------------------------------------


class OfficeReportRow(RatedFigures):
    """A report row about one office of the subtree."""

    office_id: int
    name: str


class OfficeItemRow(RatedFigures):
    """A report row about something of one of the offices reported on."""

    name: str
    office_id: int
    office_name: str


class ServiceReportRow(OfficeItemRow):
    """A report row about a service."""

    service_id: int
    prefix: str


class CounterReportRow(OfficeItemRow):
    """A report row about a counter."""

    counter_id: int


class ClerkReportRow(OfficeItemRow):
    """A report row about a clerk."""

    user_id: int
    username: str


class ChannelReportRow(RatedFigures):
    """A report row about the tickets of one channel."""

    channel: Channel
    name: str


class PeriodReportRow(RatedFigures):
    """A report row about a day, month, quarter or year."""

    period: str = Field(description="its key: 2024-06-03, 2024-06, 2024-Q2 or 2024")
    label: str
    from_: date = Field(alias="from")
    to: date


class ReportFilters(BaseModel):
    """The filters a report was narrowed by."""

    service_id: int | None
    counter_id: int | None
    clerk_id: int | None


class FilterChoice(BaseModel):
    """A service, counter or clerk the page's filters offer."""

    id: int
    name: str
    office_name: str


class FilterChoices(BaseModel):
    """What the filters offer: the services, counters and clerks of the offices reported on."""

    services: list[FilterChoice]
    counters: list[FilterChoice]
    clerks: list[FilterChoice]


class RatedTotals(RatedFigures):
    """The report's totals: rated figures, and the appointments of the days (of the service)."""

    appointments: AppointmentTotals


class Report(BaseModel):
    """GET /reports: the summary's figures with rates, per office and per period."""

    office_id: int
    office_name: str
    subtree: bool
    office_count: int
    from_: date = Field(alias="from")
    to: date
    period: PeriodKind | None
    filters: ReportFilters
    exact: bool = Field(description="false when medians and P90 come from daily roll-ups")
    totals: RatedTotals
    by_office: list[OfficeReportRow]
    by_service: list[ServiceReportRow]
    by_counter: list[CounterReportRow]
    by_clerk: list[ClerkReportRow]
    by_channel: list[ChannelReportRow] = Field(description="all four channels, in §12's order")
    choices: FilterChoices
    periods: list[PeriodReportRow]


# -- The dashboard -----------------------------------------------------------------------------


class WaitingTicket(BaseModel):
    """A ticket waiting now."""

    model_config = ConfigDict(extra="forbid")

    ticket_id: int
    number: str
    service_id: int
    service_name: str
    office_id: int
    office_name: str
    target_minutes: int
    issued_at: datetime


class LateTicket(WaitingTicket):
    """A ticket waiting longer than its service's target."""

    waited_seconds: float


class WaitingNow(BaseModel):
    """How many wait now in the offices, and the longest wait."""

    total: int
    longest_seconds: float | None
    longest: WaitingTicket | None


class DashboardOffice(RatedFigures):
    """One office of the dashboard: its line now and today's figures."""

    office_id: int
    name: str
    parent_id: int | None
    waiting: int
    longest_wait_seconds: float | None
    breaches: int = Field(description="tickets waiting longer than their service's target")
    open_counters: int
    counters: int


class DashboardService(RatedFigures):
    """One service of the dashboard: its line now and today's figures."""

    service_id: int
    office_id: int
    office_name: str
    prefix: str
    name: str
    agency: str | None
    active: bool
    target_wait_minutes: int
    waiting: int
    longest_wait_seconds: float | None
    breaches: int
    open_counters: int


class CounterTicket(BaseModel):
    """The ticket called to or served at a counter."""

    model_config = ConfigDict(extra="forbid")

    id: int
    number: str
    status: TicketStatus
    service_id: int
    called_at: datetime | None
    started_at: datetime | None


class DashboardCounter(BaseModel):
    """One counter of the dashboard: its state, clerk, ticket and what it did today."""

    id: int
    office_id: int
    office_name: str
    number: str
    name: str
    status: CounterStatus
    clerk: Clerk | None
    ticket: CounterTicket | None
    served_today: int
    service_seconds: Durations
    ratings: dict[RatingLevel, int]


class ServiceLevel(BaseModel):
    """Waits over their service's target: now, served today, and the longest waiting."""

    waiting_over_target: int
    served_over_target_today: int
    tickets: list[LateTicket]


class HourFigures(BaseModel):
    """Tickets issued and served in one local hour of today."""

    hour: int
    issued: int
    served: int


class WaitBar(BaseModel):
    """One bar of the wait distribution: called today and still waiting, by minutes waited."""

    label: str
    called: int
    waiting: int


class PrinterAlert(BaseModel):
    """A kiosk whose printer is in trouble as it last reported (or as its last job revealed)."""

    device_id: int
    name: str
    office_id: int
    office_name: str
    status: PrinterStatus = Field(description="any state but ok")
    message: str = Field(description="the state in Vietnamese, for staff")
    level: Literal["alert", "warning"] = Field(
        description="alert: the kiosk prints no ticket; warning: it prints, but not for long"
    )
    at: datetime | None = Field(description="when the printer's state was last reported")


class Dashboard(BaseModel):
    """GET /dashboard: waiting now, today's figures, counters, SLA breaches and chart data."""

    office: Office
    subtree: bool
    offices: list[DashboardOffice]
    date: date
    generated_at: datetime
    waiting: WaitingNow
    today: RatedFigures
    services: list[DashboardService]
    counters: list[DashboardCounter]
    sla: ServiceLevel
    hourly: list[HourFigures]
    wait_distribution: list[WaitBar]
    printers: list[PrinterAlert] = Field(description="kiosk printers in trouble, alerts first")
    appointments: AppointmentTotals = Field(
        description="today's bookings: checked in so far, cancelled, and no-shows (expired)"
    )
