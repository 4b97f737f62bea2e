"""The staff pages' shell (dashboard, reports, administration): sign-in form, 403 page, the page.

Shared by the `dashboard` and `admin` screens, which do not import each other.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import Response, make_response, render_template

from server.models import Role, User
from server.request_context.login_session import csrf_token, login_session_actor

ROLE_NAMES = {Role.ADMIN: "Quản trị viên", Role.MANAGER: "Lãnh đạo", Role.CLERK: "Cán bộ"}


def signed_in_user() -> User | None:
    """The active user of this browser's login session, if any."""
    actor = login_session_actor()
    return actor.user if actor is not None else None


def staff_page(roles: Collection[Role], template: str, title: str, **context: object) -> Response:
    """The page for a user with one of `roles`; the sign-in form or a 403 page otherwise."""
    user = signed_in_user()
    if user is None:
        page = render_template("staff/login.html", title=title)
        return _no_store(make_response(page, 200))
    if user.role not in roles:
        page = render_template(
            "staff/forbidden.html", title=title, user=user, role_name=ROLE_NAMES[user.role]
        )
        return _no_store(make_response(page, 403))
    page = render_template(
        template,
        title=title,
        user=user,
        role_name=ROLE_NAMES[user.role],
        csrf_token=csrf_token(),
        **context,
    )
    return _no_store(make_response(page, 200))


def _no_store(response: Response) -> Response:
    """Staff pages carry names and figures: never cached by the browser or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response
