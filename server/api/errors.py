"""JSON errors for every API failure: one handler per error type."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from server.db import database
from server.request_context.error_body import error_response
from server.rules.errors import DomainError

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: ("bad_request", "Yêu cầu không hợp lệ"),
    401: ("unauthorized", "Chưa đăng nhập hoặc mã truy cập không hợp lệ"),
    403: ("forbidden", "Không có quyền"),
    404: ("not_found", "Không tìm thấy"),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ"),
    409: ("conflict", "Xung đột với trạng thái hiện tại"),
    413: ("payload_too_large", "Dữ liệu gửi lên quá lớn"),
    415: ("unsupported_media_type", "Cần gửi JSON"),
    422: ("invalid_field", "Giá trị không hợp lệ"),
    429: ("too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau"),
    503: ("database_unavailable", "Cơ sở dữ liệu tạm thời không truy cập được"),
}


def is_api_request() -> bool:
    """API paths always answer JSON, never an HTML page."""
    return request.path.startswith("/api/")


def rollback() -> None:
    """Undo what a failed request left in its session, so nothing half-done is committed later.

    Teardown removes the session after a request, but only when the request pushed its own app
    context; a refused request must not leave dirty objects or a held write lock behind either way.
    """
    try:
        scoped = database(current_app).session
        if scoped is not None:
            scoped.rollback()
    except Exception:  # the connection itself may be gone; the error reply matters more
        log.exception("rollback after a failed request failed")


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on the app."""

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> Response:
        rollback()
        return error_response(error.code, error.message, error.status)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response | HTTPException:
        rollback()
        if not is_api_request():
            return error
        status = error.code or 500
        code, message = HTTP_CODES.get(status, ("http_error", error.description or ""))
        response = error_response(code, message, status)
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(OperationalError)
    def _database_down(error: OperationalError) -> Response:
        rollback()
        log.error("database unavailable: %s", error)
        code, message = HTTP_CODES[503]
        return error_response(code, message, 503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        rollback()
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            code, message = HTTP_CODES[503]
            return error_response(code, message, 503)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response("internal_error", "Lỗi hệ thống, vui lòng thử lại", 500)
