"""Per-address limits of the public endpoints: the sliding window, its memory bound, 429 answers."""

from __future__ import annotations

import pytest
from conftest import World

from server.realtime.socket import socketio
from server.request_context.rate_limit import SlidingWindowLimiter, client_key


class Clock:
    """A hand-moved monotonic clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_allows_the_limit_then_refuses_until_the_oldest_hit_ages_out():
    clock = Clock()
    limiter = SlidingWindowLimiter(3, window=60, clock=clock)
    assert [limiter.hit("a") for _ in range(3)] == [None, None, None]
    clock.now += 20
    assert limiter.hit("a") == pytest.approx(40)  # the first hit leaves the window in 40 s
    assert limiter.hit("b") is None  # other clients are not affected
    clock.now += 40  # the three hits are now 60 s old: out of the window
    assert [limiter.hit("a") for _ in range(4)] == [None, None, None, pytest.approx(60)]


def test_sliding_window_is_not_a_fixed_window():
    clock = Clock()
    limiter = SlidingWindowLimiter(2, window=60, clock=clock)
    limiter.hit("a")
    clock.now += 59
    limiter.hit("a")
    clock.now += 2  # a fixed window would have reset at t=60 and allowed two more
    assert limiter.hit("a") is None
    assert limiter.hit("a") is not None


def test_refused_requests_are_not_counted_and_memory_is_bounded():
    clock = Clock()
    limiter = SlidingWindowLimiter(2, window=60, max_keys=100, clock=clock)
    for _ in range(1000):
        limiter.hit("hammering")
    clock.now += 61
    assert limiter.hit("hammering") is None  # the refused 998 did not extend the block
    for number in range(5000):
        limiter.hit(f"10.0.{number // 256}.{number % 256}")
    assert len(limiter) == 100
    assert max(len(hits) for hits in limiter._hits.values()) <= 2


def test_a_limit_of_zero_turns_the_limit_off():
    limiter = SlidingWindowLimiter(0)
    assert all(limiter.hit("a") is None for _ in range(100))


def test_client_key_trusts_forwarded_for_only_behind_configured_proxies():
    assert client_key("127.0.0.1", "203.0.113.9", 0) == "127.0.0.1"  # a client cannot pick its key
    assert client_key("127.0.0.1", "203.0.113.9", 1) == "203.0.113.9"
    assert client_key("127.0.0.1", "1.2.3.4, 203.0.113.9", 1) == "203.0.113.9"  # 1.2.3.4 is spoofed
    assert client_key("127.0.0.1", "198.51.100.7, 203.0.113.9", 2) == "198.51.100.7"
    assert client_key("127.0.0.1", "203.0.113.9", 2) == "127.0.0.1"  # fewer hops than proxies
    assert client_key(None, None, 0) == "unknown"


def test_ipv6_clients_are_counted_by_their_64_prefix():
    one = client_key("2001:db8:1:2::1", None, 0)
    other = client_key("2001:db8:1:2:ffff::9", None, 0)
    assert one == other == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1", None, 0) != one


def issue(client, world: World) -> dict:
    """A ticket from the kiosk."""
    response = client.post(
        "/api/v1/tickets", json={"service_id": world.land.id}, headers=world.headers("kiosk")
    )
    assert response.status_code == 201
    return response.json


def test_public_reads_over_the_limit_get_429_json(app, client, world: World):
    app.config["PUBLIC_READS_PER_MINUTE"] = 3
    token = issue(client, world)["public_token"]
    assert client.get(f"/api/v1/public/tickets/{token}").status_code == 200
    assert client.get("/api/v1/public/tickets/guess-1").status_code == 404  # guesses count too
    assert client.get(f"/t/{token}").status_code == 200  # the page shares the budget
    refused = client.get(f"/api/v1/public/tickets/{token}")
    assert refused.status_code == 429
    assert refused.json == {
        "error": {"code": "too_many_requests", "message": refused.json["error"]["message"]}
    }
    assert int(refused.headers["Retry-After"]) >= 1
    page = client.get(f"/t/{token}")
    assert page.status_code == 429
    assert page.mimetype == "text/html"
    assert "Quá nhiều yêu cầu" in page.get_data(as_text=True)
    # Another address has its own budget.
    other = client.get(f"/api/v1/public/tickets/{token}", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200


def test_forwarded_for_is_used_behind_a_trusted_proxy(app, client, world: World):
    app.config.update(PUBLIC_READS_PER_MINUTE=1, TRUSTED_PROXIES=1)
    token = issue(client, world)["public_token"]
    url = f"/api/v1/public/tickets/{token}"
    assert client.get(url, headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 200
    assert client.get(url, headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 429
    assert client.get(url, headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 200


def test_ratings_have_their_own_smaller_limit(app, client, world: World):
    app.config["PUBLIC_RATINGS_PER_MINUTE"] = 2
    token = issue(client, world)["public_token"]
    url = f"/api/v1/public/tickets/{token}/rating"
    statuses = [client.post(url, json={"level": "satisfied"}).status_code for _ in range(3)]
    assert statuses == [409, 409, 429]  # not served yet: refused, but counted
    assert client.post(url, json={"level": "satisfied"}).json["error"]["code"] == (
        "too_many_requests"
    )
    assert client.get(f"/api/v1/public/tickets/{token}").status_code == 200  # reads still work


def test_public_socket_connects_count_against_the_read_limit(app, client, world: World):
    app.config["PUBLIC_READS_PER_MINUTE"] = 2
    token = issue(client, world)["public_token"]
    first = socketio.test_client(app, auth={"public_token": token})
    second = socketio.test_client(app, auth={"public_token": token})
    third = socketio.test_client(app, auth={"public_token": token})
    assert first.is_connected() and second.is_connected()
    assert not third.is_connected()
    first.disconnect()
    second.disconnect()
