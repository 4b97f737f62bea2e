"""Tickets on the wire (design §5): what issuing, acting on and rating a ticket send and answer.

Three views of a ticket: the staff view (screens, consoles, snapshots, office events) never
holds the citizen's key (`public_token`, `public_url`) nor the `dossier_code`; the issuer's
view adds them in the 201 answer only; the citizen's view has no staff data. Each forbids the
fields it must not carry, so a test that checks answers against the document catches a leak.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.models.enums import Audience, Channel, RatingLevel, RatingReason
from server.rules.next_ticket import Priority
from server.rules.transitions import TicketStatus
from server.schemas.fields import Id, invalid, text

# -- Requests ----------------------------------------------------------------------------------


class NewTicket(BaseModel):
    """POST /tickets: the service, and at reception a priority, a dossier code or a kiosk."""

    service_id: Id
    priority: Priority | None = None
    channel: Channel | None = Field(
        None, description="reception desks may say `reception` or `online`; kiosks are `kiosk`"
    )
    dossier_code: text(64) | None = Field(  # type: ignore[valid-type]
        None, description="the citizen's dossier (hồ sơ) code; kept with the ticket, never shown"
    )
    print_device_id: Id | None = Field(None, description="reception: the kiosk that prints it")


class Reprint(BaseModel):
    """POST /tickets/<id>/reprint: staff may name the kiosk; a kiosk prints on its own."""

    print_device_id: Id | None = None


class Transfer(BaseModel):
    """POST /tickets/<id>/transfer: exactly one of another service's line or a named counter."""

    service_id: Id | None = None
    counter_id: Id | None = None


class RatingSent(BaseModel):
    """A citizen's rating: the level, reasons when dissatisfied, a comment."""

    level: RatingLevel
    reasons: list[RatingReason] = Field(default_factory=list, max_length=len(RatingReason))
    comment: text(1000) = ""  # type: ignore[valid-type]


# -- Answers -----------------------------------------------------------------------------------


class TicketCore(BaseModel):
    """The fields every view of a ticket shares (design §5)."""

    id: int
    number: str
    office_id: int
    service_id: int
    service_name: str
    service_prefix: str
    agency: str | None
    audience: Audience
    priority: Priority | None
    channel: Channel
    slot_start: datetime | None = Field(
        description="an appointment ticket's slot start, shown with a mark (design §12)"
    )
    status: TicketStatus
    business_date: date
    counter_id: int | None
    counter_number: str | None
    recall_count: int
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    people_ahead: int
    estimated_wait_minutes: int | None


class TicketEvent(BaseModel):
    """One step of a ticket's life, as GET /tickets/<id> lists them."""

    id: int
    action: str
    from_status: TicketStatus | None
    to_status: TicketStatus | None
    service_id: int | None
    counter_id: int | None
    actor_user_id: int | None
    actor_device_id: int | None
    at: datetime
    data: dict[str, Any]


class Ticket(TicketCore):
    """The staff view: never the citizen's key (`public_token`, `public_url`) nor `dossier_code`."""

    model_config = ConfigDict(extra="forbid")

    clerk_id: int | None
    target_counter_id: int | None
    transferred_from_service_id: int | None
    events: list[TicketEvent] | None = Field(None, description="only in GET /tickets/<id>")


class Printout(BaseModel):
    """What a `browser:` kiosk's page prints (design §6 order), worded as on the thermal ticket."""

    agency: str | None
    office_lines: list[str]
    title: str
    number: str
    service_name: str
    priority: str | None
    counters: str | None
    lines: list[str]
    qr_url: str
    note: str


class IssuedTicket(Ticket):
    """The issuer's view, in the 201 answer only: the staff view, the citizen's key, the dossier.

    The kiosk or reception clerk prints or shows the QR code; whoever holds the key can follow
    and rate the ticket.
    """

    public_token: str
    public_url: str
    dossier_code: str | None
    printout: Printout | None = Field(None, description="only when a `browser:` kiosk issues")


class CalledCounter(BaseModel):
    """The counter a citizen is called to."""

    number: str
    name: str


class NowServing(BaseModel):
    """A number being called or served in the office, for the citizen's page."""

    number: str
    status: TicketStatus
    counter_number: str | None
    counter_name: str | None


class GivenRating(BaseModel):
    """The rating a ticket already has (the page offers rating once)."""

    level: RatingLevel


class PublicTicket(TicketCore):
    """The citizen's view: no staff data (clerk, dossier code, transfers)."""

    model_config = ConfigDict(extra="forbid")

    public_token: str
    public_url: str
    called_counter: CalledCounter | None
    now_serving: list[NowServing]
    rating: GivenRating | None


class Rating(BaseModel):
    """A stored rating."""

    id: int
    ticket_id: int
    level: RatingLevel
    reasons: list[RatingReason]
    comment: str
    channel: str = Field(description="`tablet` at the counter or `phone` on the citizen's page")
    created_at: datetime


# -- Web Push (design §12) ---------------------------------------------------------------------

# Push services are https; base64url keys: a P-256 point (65 bytes, 87 chars), a 16-byte secret.
PUSH_ENDPOINT = r"^https://[^\s]+$"
BASE64URL = r"^[A-Za-z0-9_-]+=*$"
# The browsers' push services. The route is public: an endpoint elsewhere would let anyone make
# the server post to any address (an internal one included), so only these hosts are taken.
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Opera
    "updates.push.services.mozilla.com",  # Firefox
    ".push.apple.com",  # Safari
    ".notify.windows.com",  # Edge on Windows
)


def _push_service(endpoint: str) -> str:
    """An endpoint on one of the browsers' push services."""
    host = (urlsplit(endpoint).hostname or "").lower()
    if not any(
        host == known or (known.startswith(".") and host.endswith(known))
        for known in PUSH_SERVICE_HOSTS
    ):
        raise invalid(
            "không phải địa chỉ nhận thông báo của trình duyệt (Chrome, Firefox, Safari, Edge)"
        )
    return endpoint


class PushKeys(BaseModel):
    """A push subscription's keys, as `PushSubscription.toJSON()` gives them."""

    p256dh: str = Field(min_length=80, max_length=100, pattern=BASE64URL)
    auth: str = Field(min_length=16, max_length=32, pattern=BASE64URL)


class PushSubscriptionSent(BaseModel):
    """The phone page's browser push subscription: where and how to reach it."""

    endpoint: Annotated[
        str,
        Field(min_length=12, max_length=1000, pattern=PUSH_ENDPOINT),
        AfterValidator(_push_service),
    ]
    keys: PushKeys


class PushState(BaseModel):
    """Whether the ticket's page will hear its call by Web Push."""

    subscribed: bool
