"""The demo data of design §10: Bộ phận Một cửa huyện Yên Thế with xã Tân Hiệp and xã Đồng Tâm."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import write
from server.demo.tour import DemoTour, TourDevice, TourOffice, TourUser
from server.models import (
    Audience,
    Counter,
    CounterService,
    Device,
    DeviceKind,
    Office,
    Role,
    Service,
    User,
    WorkingSession,
)
from server.services.accounts.credentials import hash_password, hash_token, new_token

DEMO_OFFICE_CODE = "yen-the"

AROUND_THE_CLOCK = [(weekday, 0, 1440, "Cả ngày") for weekday in range(7)]
MORNING = (450, 690, "Sáng")  # 07:30–11:30
AFTERNOON = (810, 1020, "Chiều")  # 13:30–17:00


@dataclass(frozen=True)
class ServiceSpec:
    """A service to create, with its SLA and issuing limits."""

    prefix: str
    name: str
    name_en: str
    field: str
    target_wait_minutes: int
    max_wait_minutes: int
    service_minutes: float
    cutoff_minutes: int = 15
    daily_limit: int | None = None
    agency: str = ""
    audience: Audience = Audience.CITIZEN


@dataclass(frozen=True)
class CounterSpec:
    """A counter and the prefixes of the services it serves, most preferred first."""

    number: str
    name: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class UserSpec:
    """A demo user; `counter_number` is where a clerk normally works."""

    username: str
    role: Role
    full_name: str
    counter_number: str | None = None


@dataclass(frozen=True)
class OfficeSpec:
    """An office of the demo with everything in it."""

    code: str
    name: str
    header_lines: list[str]
    notice_text: str
    services: list[ServiceSpec]
    counters: list[CounterSpec]
    users: list[UserSpec]
    kiosk_name: str
    display_name: str
    printer: str
    saturday_morning: bool = False
    counter_devices: bool = False
    remote_numbers: bool = False  # every service takes numbers from the office's public page
    appointment_prefixes: tuple[str, ...] = ()  # services that take bookings (design §12)


# prefix, name, English name, field (lĩnh vực), target wait, max wait, minutes per citizen
LAND = ServiceSpec("A", "Đất đai", "Land", "Đất đai", 20, 60, 10.0)
JUSTICE = ServiceSpec(
    "B", "Tư pháp – Hộ tịch", "Justice and civil status", "Tư pháp – Hộ tịch", 15, 45, 7.0
)
CERTIFICATION = ServiceSpec(
    "C",
    "Chứng thực",
    "Certification of copies and signatures",
    "Chứng thực",
    10,
    30,
    3.0,
    daily_limit=200,
)
LABOUR = ServiceSpec(
    "E",
    "Lao động – Thương binh và Xã hội",
    "Labour, invalids and social affairs",
    "Lao động – Thương binh và Xã hội",
    20,
    60,
    8.0,
)
BUSINESS = ServiceSpec(
    "G",
    "Đăng ký kinh doanh",
    "Business registration",
    "Tài chính – Kế hoạch",
    20,
    60,
    10.0,
    daily_limit=100,
)
CONSTRUCTION = ServiceSpec("H", "Xây dựng", "Construction permits", "Xây dựng", 20, 60, 10.0)
RESULTS = ServiceSpec(
    "T", "Trả kết quả", "Collect results", "Trả kết quả", 10, 20, 2.0, cutoff_minutes=0
)
ELECTRICITY = ServiceSpec(
    "V",
    "Điện lực Yên Thế",
    "Yen The Electricity",
    "Điện lực",
    15,
    45,
    6.0,
    agency="Điện lực Yên Thế",
    audience=Audience.CUSTOMER,
)

ALL_BUT_ELECTRICITY = ("T", "A", "B", "C", "E", "G", "H")

DISTRICT = OfficeSpec(
    code=DEMO_OFFICE_CODE,
    name="Bộ phận Một cửa huyện Yên Thế",
    header_lines=["UBND HUYỆN YÊN THẾ", "BỘ PHẬN MỘT CỬA"],
    notice_text=(
        "Kính chào quý công dân! Xin mời lấy số thứ tự theo lĩnh vực và chờ đến lượt được gọi."
    ),
    services=[LAND, JUSTICE, CERTIFICATION, LABOUR, BUSINESS, CONSTRUCTION, RESULTS, ELECTRICITY],
    counters=[
        CounterSpec("1", "Quầy 1 – Đất đai", ("A",)),
        CounterSpec("2", "Quầy 2 – Đất đai, Xây dựng", ("A", "H")),
        CounterSpec("3", "Quầy 3 – Tư pháp – Hộ tịch", ("B", "C")),
        CounterSpec("4", "Quầy 4 – Chứng thực", ("C", "B")),
        CounterSpec("5", "Quầy 5 – Lao động, Kinh doanh", ("E", "G")),
        CounterSpec("6", "Quầy 6 – Trả kết quả", ALL_BUT_ELECTRICITY),
        CounterSpec("7", "Quầy 7 – Điện lực Yên Thế", ("V",)),
    ],
    users=[
        UserSpec("admin", Role.ADMIN, "Nguyễn Đức Thắng"),
        UserSpec("quanly", Role.MANAGER, "Dương Thị Thanh Hương"),
        UserSpec("canbo1", Role.CLERK, "Nguyễn Văn Hùng", "1"),
        UserSpec("canbo2", Role.CLERK, "Trần Thị Thu Hằng", "2"),
        UserSpec("canbo3", Role.CLERK, "Lê Minh Tuấn", "3"),
        UserSpec("canbo4", Role.CLERK, "Phạm Thị Lan Anh", "4"),
        UserSpec("canbo5", Role.CLERK, "Hoàng Văn Đức", "5"),
        UserSpec("canbo6", Role.CLERK, "Vũ Thị Ngọc Ánh", "6"),
        UserSpec("canbo7", Role.CLERK, "Đỗ Quang Huy", "7"),
    ],
    kiosk_name="Kiosk sảnh chính",
    display_name="Màn hình sảnh",
    printer="dummy:",
    saturday_morning=True,
    counter_devices=True,
    remote_numbers=True,
    appointment_prefixes=("A", "V"),
)

COMMUNE_SERVICES = [LAND, JUSTICE, CERTIFICATION, RESULTS]

TAN_HIEP = OfficeSpec(
    code="tan-hiep",
    name="Bộ phận Một cửa xã Tân Hiệp",
    header_lines=["UBND XÃ TÂN HIỆP", "BỘ PHẬN MỘT CỬA"],
    notice_text="Kính chào quý công dân! Xin mời lấy số và chờ đến lượt.",
    services=COMMUNE_SERVICES,
    counters=[
        CounterSpec("1", "Quầy 1 – Đất đai", ("A", "T")),
        CounterSpec("2", "Quầy 2 – Tư pháp – Hộ tịch", ("B", "C", "T")),
        CounterSpec("3", "Quầy 3 – Chứng thực", ("C", "B", "T")),
    ],
    users=[UserSpec("tanhiep1", Role.CLERK, "Bùi Văn Tiến", "1")],
    kiosk_name="Kiosk xã Tân Hiệp",
    display_name="Màn hình xã Tân Hiệp",
    printer="dummy:tan-hiep",
)

DONG_TAM = OfficeSpec(
    code="dong-tam",
    name="Bộ phận Một cửa xã Đồng Tâm",
    header_lines=["UBND XÃ ĐỒNG TÂM", "BỘ PHẬN MỘT CỬA"],
    notice_text="Kính chào quý công dân! Xin mời lấy số và chờ đến lượt.",
    services=COMMUNE_SERVICES,
    counters=[
        CounterSpec("1", "Quầy 1 – Đất đai, Chứng thực", ("A", "C", "T")),
        CounterSpec("2", "Quầy 2 – Tư pháp – Hộ tịch", ("B", "C", "T")),
    ],
    users=[UserSpec("dongtam1", Role.CLERK, "Lương Thị Mai", "1")],
    kiosk_name="Kiosk xã Đồng Tâm",
    display_name="Màn hình xã Đồng Tâm",
    printer="dummy:dong-tam",
)

PAPER_WIDTH = 576  # dots: 80 mm paper
DEMO_SLOT_MINUTES = 15
DEMO_SLOT_CAPACITY = 2


def demo_exists(session: Session) -> bool:
    """Whether the demo office is already in the database."""
    found = session.scalars(select(Office.id).where(Office.code == DEMO_OFFICE_CODE)).first()
    return found is not None


def seed_demo(session: Session, *, password: str = "demo", real_hours: bool = False) -> DemoTour:
    """Create the demo offices, services, counters, users and devices in one transaction."""
    # All demo users share the password, so one scrypt hash serves them all.
    password_hash = hash_password(password)
    tour = DemoTour(password=password)
    with write(session):
        district = _seed_office(session, tour, DISTRICT, None, password_hash, real_hours)
        for commune in (TAN_HIEP, DONG_TAM):
            _seed_office(session, tour, commune, district.id, password_hash, real_hours)
    return tour


def _working_sessions(spec: OfficeSpec, real_hours: bool) -> list[tuple[int, int, int, str]]:
    """Around the clock for the demo; sáng and chiều on weekdays (and Saturday sáng) if real."""
    if not real_hours:
        return AROUND_THE_CLOCK
    sessions = [(weekday, *period) for weekday in range(5) for period in (MORNING, AFTERNOON)]
    if spec.saturday_morning:
        sessions.append((5, *MORNING))
    return sessions


def _seed_office(
    session: Session,
    tour: DemoTour,
    spec: OfficeSpec,
    parent_id: int | None,
    password_hash: str,
    real_hours: bool,
) -> Office:
    """One office with its sessions, services, counters, users and devices (flushed only)."""
    office = Office(
        code=spec.code,
        name=spec.name,
        parent_id=parent_id,
        header_lines=spec.header_lines,
        timezone="Asia/Ho_Chi_Minh",
        dialect="north",
        notice_text=spec.notice_text,
    )
    session.add(office)
    session.flush()
    tour.offices.append(TourOffice(office.id, office.name, office.code, parent_id))
    for weekday, start, end, name in _working_sessions(spec, real_hours):
        session.add(
            WorkingSession(
                office_id=office.id, weekday=weekday, start_minute=start, end_minute=end, name=name
            )
        )
    services = _seed_services(session, office, spec)
    counters = _seed_counters(session, office, spec.counters, services)
    for user in spec.users:
        session.add(
            User(
                username=user.username,
                password_hash=password_hash,
                full_name=user.full_name,
                role=user.role,
                office_id=office.id,
            )
        )
        tour.users.append(
            TourUser(user.username, str(user.role), user.full_name, office.id, user.counter_number)
        )
    kiosk_settings = {"printer": spec.printer, "paper_width": PAPER_WIDTH}
    _seed_device(session, tour, office, DeviceKind.KIOSK, spec.kiosk_name, None, kiosk_settings)
    _seed_device(session, tour, office, DeviceKind.DISPLAY, spec.display_name, None, {})
    if spec.counter_devices:
        for counter in counters:
            screen = f"Màn hình quầy {counter.number}"
            tablet = f"Máy đánh giá quầy {counter.number}"
            _seed_device(session, tour, office, DeviceKind.COUNTER_DISPLAY, screen, counter, {})
            _seed_device(session, tour, office, DeviceKind.RATING, tablet, counter, {})
    session.flush()
    return office


def _seed_services(session: Session, office: Office, office_spec: OfficeSpec) -> dict[str, Service]:
    """The office's services, by prefix, with their remote numbers and bookings (design §12)."""
    services: dict[str, Service] = {}
    for position, spec in enumerate(office_spec.services):
        service = Service(
            office_id=office.id,
            prefix=spec.prefix,
            name=spec.name,
            name_en=spec.name_en,
            field=spec.field,
            agency=spec.agency,
            audience=spec.audience,
            active=True,
            daily_limit=spec.daily_limit,
            cutoff_minutes=spec.cutoff_minutes,
            target_wait_minutes=spec.target_wait_minutes,
            max_wait_minutes=spec.max_wait_minutes,
            default_service_minutes=spec.service_minutes,
            sort_order=(position + 1) * 10,
            remote_enabled=office_spec.remote_numbers,
            appointments_enabled=spec.prefix in office_spec.appointment_prefixes,
            slot_minutes=DEMO_SLOT_MINUTES,
            slot_capacity=DEMO_SLOT_CAPACITY,
        )
        session.add(service)
        services[spec.prefix] = service
    session.flush()
    return services


def _seed_counters(
    session: Session, office: Office, specs: list[CounterSpec], services: dict[str, Service]
) -> list[Counter]:
    """The office's counters, each linked to its services in order of preference."""
    counters = []
    for spec in specs:
        counter = Counter(office_id=office.id, number=spec.number, name=spec.name)
        session.add(counter)
        session.flush()
        for position, prefix in enumerate(spec.prefixes):
            link = CounterService(
                counter_id=counter.id, service_id=services[prefix].id, position=position
            )
            session.add(link)
        counters.append(counter)
    return counters


def _seed_device(
    session: Session,
    tour: DemoTour,
    office: Office,
    kind: DeviceKind,
    name: str,
    counter: Counter | None,
    settings: dict[str, Any],
) -> None:
    """A device with a fresh token; only the tour keeps the token, the database its hash."""
    token = new_token()
    session.add(
        Device(
            kind=kind,
            office_id=office.id,
            counter_id=counter.id if counter else None,
            name=name,
            token_hash=hash_token(token),
            settings=settings,
        )
    )
    tour.devices.append(
        TourDevice(
            kind=str(kind),
            name=name,
            office_id=office.id,
            token=token,
            counter_id=counter.id if counter else None,
            counter_number=counter.number if counter else None,
        )
    )
