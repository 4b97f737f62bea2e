"""Checks every request passes before its route: JSON bodies labelled JSON, no NUL bytes, logins
started from our own pages.

A body-carrying API request must say `Content-Type: application/json`: an HTML form on another
site can send `text/plain` or form bodies without the browser asking us first, but not JSON, so
this is what stops a cross-site form from signing a victim in as someone else (login CSRF). The
browser login also checks `Origin` (or `Referer`), which a browser always sets on a cross-site
POST. NUL bytes are refused before any route: PostgreSQL cannot store or even compare them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, make_response, render_template, request

from server.api.errors import is_api_request
from server.request_context.error_body import error_response

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_LOGIN_PATH = "/api/v1/auth/login"  # the route that sets a login cookie


def register_request_guards(app: Flask) -> None:
    """Install the checks on the app (before any route runs)."""
    app.before_request(_guard)


def _guard() -> Response | None:
    """None to let the request through, else the refusal."""
    if _has_nul():
        return _refuse_nul()
    if is_api_request() and request.method in BODY_METHODS and _has_body() and not request.is_json:
        return error_response(
            "unsupported_media_type", "Cần gửi JSON với Content-Type: application/json", 415
        )
    if request.path == SESSION_LOGIN_PATH and request.method == "POST" and not _same_origin():
        return error_response(
            "csrf_failed", "Đăng nhập phải được gửi từ chính trang của hệ thống", 403
        )
    return None


def _has_body() -> bool:
    """Whether the request carries a body (a declared length above 0, or a chunked one)."""
    if request.content_length:
        return True
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def _has_nul() -> bool:
    """A NUL byte anywhere in the path or the query string (decoded)."""
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True))


def _refuse_nul() -> Response:
    """400: JSON on the API, a plain Vietnamese page elsewhere (the citizen's phone page)."""
    if is_api_request():
        return error_response("bad_request", "Địa chỉ yêu cầu chứa ký tự không hợp lệ", 400)
    page = render_template(
        "public/message.html",
        title="Địa chỉ không hợp lệ",
        text="Địa chỉ trang có ký tự không hợp lệ. "
        "Ông/Bà vui lòng quét lại mã QR trên phiếu hoặc hỏi cán bộ hướng dẫn.",
    )
    response = make_response(page, 400)
    response.headers["Cache-Control"] = "no-store"
    return response


def _same_origin() -> bool:
    """Whether a browser sent this from our own pages; clients that are no browser send neither.

    The host is compared, not the scheme: behind a proxy that ends HTTPS the server sees http.
    """
    sent = request.headers.get("Origin") or request.headers.get("Referer")
    if sent is None:
        return True  # curl, the print agent, scripts: a browser always names the origin
    host = urlsplit(sent).netloc.lower()
    if not host:  # "null" (a sandboxed frame, a privacy redirect) or garbage
        return False
    ours = {request.host.lower()}
    public_url = current_app.config.get("PUBLIC_URL") or ""
    if public_url:
        ours.add(urlsplit(public_url).netloc.lower())
    return host in ours
