"""The production server (eventlet): a slow SMS gateway never holds a call or other requests."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
import requests
from notify_support import fake_gateway
from sqlalchemy.orm import Session
from support_server import running_server, seed_office
from waiting import wait_until

from server.db import make_engine
from server.models import Office, Ticket

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "realtime"))
from realtime_support import add_staff

pytestmark = pytest.mark.server


def test_a_call_answers_while_the_gateway_holds_its_sms(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'notify.sqlite3'}"
    office = seed_office(url)
    staff = add_staff(url, office.office_id)
    release = threading.Event()
    with fake_gateway(hold=release) as gateway:
        engine = make_engine(url)
        with Session(engine) as session:
            stored = session.get(Office, office.office_id)
            assert stored is not None
            stored.notifier_kind = "http_sms"
            stored.notifier_settings = {"url": gateway.url, "body_template": "{phone}|{text}"}
            session.commit()
        env = {
            "XEPHANG_DATABASE_URL": url,
            "XEPHANG_SECRET_KEY": "k",
            "XEPHANG_LOG_REQUESTS": "false",
            "XEPHANG_NOTIFY_TIMEOUT_SECONDS": "20",  # longer than the whole test: it must not wait
        }
        with running_server(env) as server:
            issued = requests.post(
                f"{server.url}/api/v1/tickets",
                json={"service_id": office.service_ids[0]},
                headers={"Authorization": f"Bearer {office.kiosk_token}"},
                timeout=10,
            )
            assert issued.status_code == 201, issued.text
            with Session(engine) as session:
                ticket = session.get(Ticket, issued.json()["id"])
                assert ticket is not None
                ticket.phone = "0912345678"
                session.commit()
            called = requests.post(
                f"{server.url}/api/v1/counters/{office.counter_id}/call-next",
                headers={"Authorization": f"Bearer {staff.clerk_token}"},
                timeout=10,
            )
            assert called.status_code == 200, called.text
            wait_until(lambda: gateway.received, what="the SMS reaches the gateway")
            # The gateway holds it, and still the server answers (a held hub would time out):
            # structural, not timed — the SMS is provably unanswered while /healthz answers.
            assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
            assert gateway.answered == 0
            release.set()
            wait_until(lambda: gateway.answered >= 1, what="the SMS answered")
        engine.dispose()
    phone, text = gateway.received[0].body.decode().split("|")
    assert (phone, text) == ("0912345678", f"Số {issued.json()['number']}: mời đến quầy số 1.")
