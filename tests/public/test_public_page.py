"""The citizen's page `/t/<token>`: unguessable tokens, a plain 404, no caching, rating once."""

from __future__ import annotations

import json
import math
import re

from conftest import World

from server.services.queue.tickets import new_public_token


def issue(client, world: World, who: str = "kiosk", **fields) -> dict:
    """A ticket of Đất đai."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id, **fields}, headers=world.headers(who)
    )
    assert response.status_code == 201
    return response.json


def serve(client, world: World, ticket: dict) -> None:
    """Counter 1 calls, starts and completes the ticket."""
    headers = world.headers("clerk1")
    called = client.post(
        f"/api/v1/counters/{world.counter1.id}/call-next",
        json={"ticket_id": ticket["id"]},
        headers=headers,
    )
    assert called.status_code == 200
    for action in ("start", "complete"):
        response = client.post(f"/api/v1/tickets/{ticket['id']}/{action}", headers=headers)
        assert response.status_code == 200


def embedded_ticket(html: str) -> dict:
    """The ticket object the page carries for its first render."""
    match = re.search(
        r'<script type="application/json" id="ticket-data">(.*?)</script>', html, re.S
    )
    assert match
    return dict(json.loads(match.group(1)))


def test_public_tokens_carry_at_least_128_random_bits(client, world: World):
    tokens = {new_public_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) * 6 >= 128  # URL-safe base64: six bits per character
    alphabet = set("".join(tokens))
    assert len(alphabet) == 64  # every symbol is used: the characters are not from a small set
    assert len(tokens.pop()) * math.log2(len(alphabet)) >= 128
    ticket = issue(client, world)
    assert len(ticket["public_token"]) * 6 >= 128
    assert ticket["public_url"] == f"http://xephang.test/t/{ticket['public_token']}"


def test_page_shows_the_ticket_and_embeds_the_public_object(client, world: World):
    ticket = issue(client, world, "clerk1", dossier_code="H12-777")
    response = client.get(f"/t/{ticket['public_token']}")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "Content-Security-Policy" in response.headers
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert ticket["number"] in html
    assert "Đất đai" in html
    assert "Bộ phận Một cửa huyện Thử" in html
    assert "/assets/public/phone.js" in html
    embedded = embedded_ticket(html)
    api = client.get(f"/api/v1/public/tickets/{ticket['public_token']}").json
    assert embedded == api
    assert "H12-777" not in html  # the dossier code is staff data
    assert "clerk_id" not in html


def test_unknown_token_gets_a_plain_vietnamese_404_page(client, world: World):
    for token in ("khong-co-phieu-nay", "x" * 500):
        response = client.get(f"/t/{token}")
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        html = response.get_data(as_text=True)
        assert "Không tìm thấy phiếu" in html
        assert "ticket-data" not in html
        assert response.headers["Cache-Control"] == "no-store"
    api = client.get("/api/v1/public/tickets/khong-co-phieu-nay")
    assert api.status_code == 404
    assert api.json["error"]["code"] == "ticket_not_found"
    assert api.headers["Cache-Control"] == "no-store"


def test_rating_from_the_phone_is_stored_once(client, world: World):
    ticket = issue(client, world)
    url = f"/api/v1/public/tickets/{ticket['public_token']}/rating"
    assert client.post(url, json={"level": "satisfied"}).json["error"]["code"] == "not_rateable"
    serve(client, world, ticket)
    assert client.get(f"/api/v1/public/tickets/{ticket['public_token']}").json["rating"] is None
    first = client.post(url, json={"level": "dissatisfied", "reasons": ["waiting_time"]})
    assert first.status_code == 201
    assert first.json["channel"] == "phone"
    assert first.json["reasons"] == ["waiting_time"]
    second = client.post(url, json={"level": "very_satisfied"})
    assert second.status_code == 409
    assert second.json["error"]["code"] == "already_rated"
    body = client.get(f"/api/v1/public/tickets/{ticket['public_token']}").json
    assert body["rating"] == {"level": "dissatisfied"}
    report = client.get(
        f"/api/v1/reports/summary?office_id={world.office.id}", headers=world.headers("manager")
    ).json
    assert report["totals"]["ratings"] == {"very_satisfied": 0, "satisfied": 0, "dissatisfied": 1}


def test_tablet_rating_shows_as_already_rated_on_the_phone(client, world: World):
    ticket = issue(client, world)
    serve(client, world, ticket)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/rating",
        json={"level": "very_satisfied"},
        headers=world.headers("rating1"),
    )
    assert response.status_code == 201
    url = f"/api/v1/public/tickets/{ticket['public_token']}"
    assert client.get(url).json["rating"] == {"level": "very_satisfied"}
    assert client.post(f"{url}/rating", json={"level": "satisfied"}).status_code == 409
