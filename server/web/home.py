"""The home page `/`: a Vietnamese index of the screens; in the demo, the tour's pairing links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Blueprint, Response, current_app, jsonify, make_response, render_template

if TYPE_CHECKING:
    from server.demo.tour import DemoTour

bp = Blueprint("home", __name__, template_folder="templates")

# Set by `xephang demo` only (never by `xephang run`): the tour whose device tokens `/` lists.
DEMO_TOUR = "DEMO_TOUR"


@dataclass(frozen=True)
class Screen:
    """A screen of this server, as the home page lists it."""

    path: str
    name: str
    about: str


SCREENS = (
    Screen("/kiosk", "Kiosk lấy số", "Người dân chọn lĩnh vực và nhận phiếu số thứ tự."),
    Screen("/display", "Màn hình sảnh chờ", "Hiện và đọc số đang được mời lên quầy."),
    Screen("/counter", "Bàn làm việc của cán bộ", "Gọi số tiếp theo, chuyển quầy, kết thúc."),
    Screen("/dashboard", "Bảng theo dõi", "Lãnh đạo xem số người chờ và thời gian chờ."),
    Screen("/reports", "Báo cáo", "Thống kê theo ngày, xuất CSV và Excel."),
    Screen("/admin", "Quản trị", "Đơn vị, lĩnh vực, quầy, người dùng, thiết bị, nhật ký."),
    Screen("/api/v1/openapi.json", "Tài liệu API", "Mô tả REST API (OpenAPI 3.1)."),
)

DEVICE_LABELS = {
    "kiosk": "Kiosk lấy số",
    "display": "Màn hình sảnh chờ",
    "counter_display": "Màn hình tại quầy",
    "rating": "Máy tính bảng đánh giá",
}


PUBLIC_PAGE = "Lấy số từ xa, đặt lịch hẹn"  # the office's public page, linked from its poster

ROLE_LABELS = {"admin": "quản trị", "manager": "lãnh đạo", "clerk": "cán bộ"}


@dataclass(frozen=True)
class PairingLink:
    """One demo device and the link that pairs it."""

    label: str
    name: str
    path: str


@dataclass(frozen=True)
class DemoOffice:
    """A demo office with the pairing links of its devices."""

    name: str
    links: list[PairingLink]


def demo_offices(tour: DemoTour) -> list[DemoOffice]:
    """The tour's devices by office, each with its pairing link."""
    from server.demo.tour import pairing_path

    offices = []
    for office in tour.offices:
        links = [
            PairingLink(
                DEVICE_LABELS.get(device.kind, device.kind), device.name, path=pairing_path(device)
            )
            for device in tour.devices
            if device.office_id == office.id
        ]
        if links:
            citizens = PairingLink("Trang cho điện thoại người dân", PUBLIC_PAGE, f"/o/{office.id}")
            offices.append(DemoOffice(office.name, [*links, citizens]))
    return offices


@bp.get("/")
def index() -> Response:
    """The screens of this server; the demo's pairing links and users when serving the demo."""
    tour: DemoTour | None = current_app.config.get(DEMO_TOUR)
    response = make_response(
        render_template(
            "home/index.html",
            screens=SCREENS,
            tour=tour,
            offices=demo_offices(tour) if tour is not None else [],
            roles=ROLE_LABELS,
        )
    )
    # The demo's page holds device tokens: no cache keeps it.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/healthz")
def health() -> Response:
    """Liveness probe for load balancers and tests."""
    return jsonify({"status": "ok"})
