"""POST /print-jobs/<id>/result: the kiosk's print agent reports printed or failed."""

from __future__ import annotations

import pytest
from conftest import World, assert_error, bearer

from server.models import Device, PrintJob


@pytest.fixture
def job(client, world: World, session) -> PrintJob:
    """The print job of a kiosk-issued ticket."""
    ticket = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    ).json
    return session.query(PrintJob).filter_by(ticket_id=ticket["id"]).one()


def report(client, world: World, job_id: int, body, who: str = "kiosk"):
    """POST the result as a participant."""
    return client.post(f"/api/v1/print-jobs/{job_id}/result", json=body, headers=world.headers(who))


def test_kiosk_ticket_creates_a_pending_job(world: World, job: PrintJob):
    assert job.device_id == world.kiosk[0].id
    assert job.status == "pending"
    assert job.attempts == 0


def test_printed(client, world: World, job: PrintJob, session):
    response = report(client, world, job.id, {"status": "printed"})
    assert response.status_code == 200
    assert response.json["id"] == job.id
    assert response.json["status"] == "printed"
    assert response.json["reason"] is None
    assert response.json["attempts"] == 1
    session.refresh(job)
    assert job.status == "printed"
    device = session.get(Device, world.kiosk[0].id)
    session.refresh(device)
    assert device.printer_status == "ok"


def test_failed_with_reason_then_printed(client, world: World, job: PrintJob, session):
    response = report(client, world, job.id, {"status": "failed", "reason": "paper_out"})
    assert response.status_code == 200
    assert response.json["status"] == "failed" and response.json["reason"] == "paper_out"
    device = session.get(Device, world.kiosk[0].id)
    session.refresh(device)
    assert device.printer_status == "paper_out"
    me = client.get("/api/v1/auth/me", headers=world.headers("kiosk")).json
    assert me["device"]["printer_status"] == "paper_out"
    again = report(client, world, job.id, {"status": "printed"})
    assert again.json["status"] == "printed" and again.json["reason"] is None
    assert again.json["attempts"] == 2


def test_failed_without_reason(client, world: World, job: PrintJob):
    response = report(client, world, job.id, {"status": "failed"})
    assert response.status_code == 200
    assert response.json["reason"] == "error"


@pytest.mark.parametrize("who", ["other_kiosk", "display", "rating1", "clerk1", "admin"])
def test_other_callers_are_403(client, world: World, job: PrintJob, who, session):
    assert_error(report(client, world, job.id, {"status": "printed"}, who), 403, "forbidden")
    session.refresh(job)
    assert job.status == "pending"


def test_another_kiosk_of_the_same_office_is_403(client, world: World, job: PrintJob, make_device):
    _, token = make_device(world.office, "kiosk")
    response = client.post(
        f"/api/v1/print-jobs/{job.id}/result", json={"status": "printed"}, headers=bearer(token)
    )
    assert_error(response, 403, "forbidden")


def test_anonymous_is_401(client, world: World, job: PrintJob):
    assert_error(
        client.post(f"/api/v1/print-jobs/{job.id}/result", json={"status": "printed"}),
        401,
        "unauthorized",
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"status": "pending"},
        {"status": "PRINTED"},
        {"status": 1},
        {"status": ["printed"]},
        {"status": "failed", "reason": "Paper Out"},
        {"status": "failed", "reason": 7},
        {"status": "failed", "reason": "x" * 65},
    ],
)
def test_bad_values_are_422(client, world: World, job: PrintJob, body):
    assert_error(report(client, world, job.id, body), 422, "invalid_field")


def test_body_must_be_a_json_object(client, world: World, job: PrintJob):
    assert_error(
        client.post(f"/api/v1/print-jobs/{job.id}/result", headers=world.headers("kiosk")),
        400,
        "malformed_json",
    )


def test_unknown_job_is_404(client, world: World):
    assert_error(report(client, world, 99999, {"status": "printed"}), 404, "print_job_not_found")
