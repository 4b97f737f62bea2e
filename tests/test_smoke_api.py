"""A first end-to-end pass through the API: issue, call, serve, rate."""

from conftest import World


def test_issue_call_complete_rate(client, world: World):
    issued = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert issued.status_code == 201, issued.json
    ticket = issued.json
    assert ticket["number"] == "A001"
    assert ticket["status"] == "waiting"
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next", headers=world.headers("clerk1")
    )
    assert called.status_code == 200, called.json
    assert called.json["id"] == ticket["id"] and called.json["status"] == "called"
    for action in ("start", "complete"):
        response = client.post(
            f"/api/v1/tickets/{ticket['id']}/{action}", headers=world.headers("clerk1")
        )
        assert response.status_code == 200, response.json
    assert response.json["status"] == "done"
    rated = client.post(
        f"/api/v1/tickets/{ticket['id']}/rating",
        json={"level": "satisfied"},
        headers=world.headers("rating1"),
    )
    assert rated.status_code == 201, rated.json
    again = client.post(
        f"/api/v1/tickets/{ticket['id']}/rating",
        json={"level": "satisfied"},
        headers=world.headers("rating1"),
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"
    report = client.get(
        f"/api/v1/reports/summary?office_id={world.office.id}", headers=world.headers("manager")
    )
    assert report.status_code == 200, report.json
    assert report.json["totals"]["served"] == 1
    assert report.json["totals"]["ratings"]["satisfied"] == 1
