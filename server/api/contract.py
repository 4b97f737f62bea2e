"""The API contract on each route: its schemas validate the request and write the OpenAPI document.

SpecTree validates with the pydantic models of server/schemas before a route runs, and builds
/api/v1/openapi.json from the same models, so what is documented is what is checked. A route says:

    @bp.post("")
    @operation("queue", body=NewTicket, answers={201: IssuedTicket}, errors=("service_not_found",))
    def create_ticket() -> Response:
        sent = request_body(NewTicket)

A refused request answers design §5's error body: the body must be one JSON object (400
`malformed_json`), and a field that fails its schema is a 422 `invalid_field` or `missing_field`
whose message names it. `errors` lists the codes of server/rules/error_codes.py the route can
answer beyond those every route shares; the document lists them per status. Tests switch on
`VALIDATE_RESPONSES`: each answer is then checked against its documented schema and error codes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, wraps
from typing import Any, Literal, TypeVar

from flask import Flask, current_app, request
from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from pydantic_core import ErrorDetails
from spectree import Response as Answers
from spectree import SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import InType, SecureType
from spectree.plugins.base import Context
from spectree.plugins.flask_plugin import FlaskPlugin
from spectree.utils import get_multidict_items

from server.api.principal import current_actor
from server.rules.error_codes import CATALOGUE
from server.rules.errors import DomainError

log = logging.getLogger(__name__)
ModelT = TypeVar("ModelT", bound=BaseModel)
View = Callable[..., Any]

# No request of ours nests deeper than a few levels; Python's parser would recurse ~1,000 deep
# (RecursionError, a 500) on a body of brackets well within the size limit.
MAX_JSON_DEPTH = 32
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Codes any route may answer (`not_found`: a path whose ids are no numbers matches no route),
# and those that come with a login, a body or a query string.
EVERY_ROUTE = (
    "bad_request",
    "not_found",
    "method_not_allowed",
    "internal_error",
    "database_unavailable",
)
WITH_LOGIN = ("unauthorized", "invalid_token", "forbidden", "csrf_failed")
SENT_BODY = ("malformed_json", "invalid_field", "unsupported_media_type", "payload_too_large")
WITH_BODY = (*SENT_BODY, "missing_field")
WITH_QUERY = ("invalid_field", "missing_field")


class ErrorDetail(BaseModel):
    """What went wrong: a stable snake_case code and a Vietnamese message."""

    code: str
    message: str


class Error(BaseModel):
    """The one error body of design §5."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail


class ResponseContractError(AssertionError):
    """An answer that its documented schema does not allow (raised only in tests)."""


class ContractPlugin(FlaskPlugin):
    """Flask's SpecTree plugin; answers are checked against their schemas only when asked."""

    def request_validation(
        self, request: Any, query: Any, json: Any, form: Any, headers: Any, cookies: Any
    ) -> None:
        """Validate what our routes declare, the query string and the JSON body, and no more.

        SpecTree's own copies every header and cookie into dicts on each request for models
        that no route of ours has; `POST /tickets` is the hot path (bench/issue_tickets.py).
        """
        body = None
        if json is not None and request.method in BODY_METHODS:
            body = self.model_adapter.validate_obj(json, request.get_json(silent=True) or {})
        arguments = None
        if query is not None:
            arguments = self.model_adapter.validate_obj(
                query, get_multidict_items(request.args, query)
            )
        request.context = Context(arguments, body, None, None, None)

    def validate_response(
        self, resp: Any, resp_model: Any, skip_validation: bool, force_resp_serialize: bool
    ) -> Any:
        """Leave the view's response alone unless the app validates JSON answers (tests)."""
        if not current_app.config.get("VALIDATE_RESPONSES") or not getattr(resp, "is_json", False):
            return resp, None
        return super().validate_response(resp, resp_model, skip_validation, force_resp_serialize)


def _refuse_invalid(
    req: Any, resp: Any, error: Exception | None, instance: Any, adapter: Any
) -> None:
    """Turn the first schema failure into design §5's 422, naming the field."""
    if isinstance(error, ValidationError):
        raise field_error(error.errors()[0])


def _check_answer(
    req: Any, resp: Any, error: Exception | None, instance: Any, adapter: Any
) -> None:
    """In tests: an answer its schema does not allow fails the test, with the details."""
    if error is not None:
        raise ResponseContractError(f"{req.method} {req.path}: {error}")


api = SpecTree(
    backend=ContractPlugin,
    mode="strict",
    title="xephang",
    version="1",
    description="The REST API of xephang (design §5): every route under /api/v1.",
    before=_refuse_invalid,
    after=_check_answer,
    validation_error_status=422,
    validation_error_model=Error,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    annotations=False,
    security_schemes=[
        SecurityScheme(
            name="bearer", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer")
        ),
        SecurityScheme(
            name="session",
            data=SecuritySchemeData(
                type=SecureType.API_KEY,
                name="session",
                field_in=InType.COOKIE,
                description="the browser login of the staff pages; unsafe methods also send "
                "X-CSRF-Token",
            ),
        ),
    ],
    security=[{"bearer": []}, {"session": []}],
)


# -- Field errors ----------------------------------------------------------------------------

# Pydantic's own error types, in the admin pages' words.
REASONS = {
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "float_type": "cần một số",
    "float_parsing": "cần một số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "list_type": "cần một danh sách",
    "dict_type": "cần một đối tượng",
    "model_type": "cần một đối tượng",
    "model_attributes_type": "cần một đối tượng",
    "date_type": "cần ngày dạng YYYY-MM-DD",
    "date_parsing": "cần ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "cần ngày dạng YYYY-MM-DD",
}


def field_name(location: tuple[int | str, ...]) -> str:
    """`sessions[2].weekday` for ("sessions", 2, "weekday")."""
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _reason(detail: ErrorDetails) -> str:
    """The Vietnamese reason of one pydantic error."""
    kind, context = detail["type"], detail.get("ctx") or {}
    if kind in ("invalid_field", "missing_field"):
        return str(context.get("reason", detail["msg"]))
    if kind in ("enum", "literal_error"):
        return f"phải là một trong: {context.get('expected', '')}"
    if kind == "string_too_long":
        return f"tối đa {context.get('max_length')} ký tự"
    if kind == "too_long":
        return f"tối đa {context.get('max_length')} mục"
    if kind in ("greater_than_equal", "greater_than"):
        return f"phải từ {context.get('ge', context.get('gt'))} trở lên"
    if kind in ("less_than_equal", "less_than"):
        return f"số quá lớn (tối đa {context.get('le', context.get('lt'))})"
    return REASONS.get(kind, "giá trị không hợp lệ")


def field_error(detail: ErrorDetails) -> DomainError:
    """The 422 of design §5 for one pydantic error: `missing_field` or `invalid_field`.

    A required value that is absent or null is missing; anything else sent is invalid.
    """
    name = field_name(tuple(detail["loc"])) or "dữ liệu"
    null = detail.get("input", ...) is None and detail["type"] != "invalid_field"
    if detail["type"] in ("missing", "missing_field") or null:
        return DomainError("missing_field", f"{name}: bắt buộc phải nhập", 422)
    return DomainError("invalid_field", f"{name}: {_reason(detail)}", 422)


# -- The body ---------------------------------------------------------------------------------


def check_json_body(*, required: bool) -> None:
    """A sent body is one JSON object, no deeper than MAX_JSON_DEPTH and without NUL bytes.

    Flask caches the parsed object, so SpecTree validates this same one afterwards.
    """
    if not request.get_data(cache=True):
        if required:
            raise DomainError("malformed_json", "Cần gửi một đối tượng JSON", 400)
        return
    try:
        data = request.get_json(silent=True, force=True)
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        raise DomainError("malformed_json", "Nội dung không phải đối tượng JSON hợp lệ", 400)
    _check_values(data)


def _check_values(data: dict[str, Any]) -> None:
    """Refuse bodies nested too deep, and NUL bytes (PostgreSQL cannot store or compare them)."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise DomainError(
                "malformed_json", f"JSON lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} cấp)", 400
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise DomainError("invalid_field", "Tên trường chứa ký tự NUL", 422)
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and "\x00" in value:
            raise DomainError("invalid_field", "Dữ liệu chứa ký tự NUL (\\u0000)", 422)


def request_body(model: type[ModelT]) -> ModelT:
    """The route's validated body (its `operation` named `model`)."""
    sent = getattr(request, "context", None)
    found = getattr(sent, "json", None)
    if found is None:  # an optional body that was not sent
        return model()
    assert isinstance(found, model), f"{request.endpoint} declares no body {model.__name__}"
    return found


def query_args(model: type[ModelT]) -> ModelT:
    """The route's validated query string (its `operation` named `model`)."""
    found = getattr(getattr(request, "context", None), "query", None)
    assert isinstance(found, model), f"{request.endpoint} declares no query {model.__name__}"
    return found


# -- Operations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileAnswer:
    """An answer that is a file, not JSON: its media types and what it holds."""

    media_types: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Operation:
    """What a route documents beyond SpecTree's own: error codes, a due body, file answers."""

    errors: frozenset[str]
    body_required: bool
    files: tuple[tuple[int, FileAnswer], ...] = ()


OPERATIONS: dict[str, Operation] = {}  # by view function qualified name (module.function)


def operation(
    tag: str,
    *,
    answers: Mapping[int, Any],  # a model, list[model], a FileAnswer or None (no body)
    body: type[BaseModel] | None = None,
    body_required: bool = True,
    query: type[BaseModel] | None = None,
    errors: Iterable[str] = (),
    public: bool = False,
    unsafe: bool = False,
) -> Callable[[View], View]:
    """Validate and document a route: body and query models, answers by status, error codes.

    `answers` maps each success status to its model (None for no body, a `FileAnswer` for a
    file). `public` routes need no login. `unsafe` marks a POST, PUT or DELETE that takes
    no body: one sent anyway must still be a JSON object.
    """
    codes = set(EVERY_ROUTE) | set(errors)
    if not public:
        codes |= set(WITH_LOGIN)
    if body is not None:
        codes |= set(WITH_BODY)
    if unsafe:
        codes |= set(SENT_BODY)
    if query is not None:
        codes |= set(WITH_QUERY)
    unknown = codes - set(CATALOGUE)
    assert not unknown, f"codes missing from server/rules/error_codes.py: {sorted(unknown)}"
    documented: dict[str, Any] = {}
    files = tuple((s, a) for s, a in answers.items() if isinstance(a, FileAnswer))
    for status, model in answers.items():
        if isinstance(model, FileAnswer):
            documented[f"HTTP_{status}"] = (None, model.description)
        else:
            documented[f"HTTP_{status}"] = model
    for status, group in _by_status(codes).items():
        documented[f"HTTP_{status}"] = (error_model(group), _describe(group))
    validate = api.validate(
        json=body,
        query=query,
        resp=Answers(**documented),
        tags=(tag,),
        security={} if public else None,
        # SpecTree documents a generic 422 unless that status is listed already; a route with
        # nothing to validate names the 400 it always has, so no 422 appears for it.
        validation_error_status=422 if body or query else 400,
    )

    def decorate(view: View) -> View:
        checked = validate(view)

        @wraps(checked)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not public:
                current_actor()  # who calls is settled first: a stranger learns no field rules
            if request.method in BODY_METHODS:
                check_json_body(required=body is not None and body_required)
            return checked(*args, **kwargs)

        OPERATIONS[f"{view.__module__}.{view.__qualname__}"] = Operation(
            frozenset(codes), body is not None and body_required, files
        )
        return guarded

    return decorate


def _by_status(codes: Iterable[str]) -> dict[int, frozenset[str]]:
    """Codes grouped by their HTTP status."""
    groups: dict[int, set[str]] = {}
    for code in codes:
        groups.setdefault(CATALOGUE[code].status, set()).add(code)
    return {status: frozenset(group) for status, group in sorted(groups.items())}


def _describe(codes: frozenset[str]) -> str:
    """The codes of one status and what each means, for the document."""
    return "; ".join(f"`{code}`: {CATALOGUE[code].meaning}" for code in sorted(codes))


@cache
def error_model(codes: frozenset[str]) -> type[BaseModel]:
    """The error body whose `code` is one of `codes` (one model per set, named after it)."""
    words = "".join(part.title() for code in sorted(codes) for part in code.split("_"))
    detail = create_model(
        f"ErrorDetail{words}",
        __base__=ErrorDetail,
        code=(Literal[tuple(sorted(codes))], ...),  # type: ignore[arg-type]
    )
    return create_model(f"Error{words}", __base__=Error, error=(detail, ...))


def documented_errors(view: View | None) -> frozenset[str] | None:
    """The codes a view documents, or None for a view that is no API operation."""
    if view is None:
        return None
    found = OPERATIONS.get(f"{view.__module__}.{view.__qualname__}")
    return None if found is None else found.errors


def register_answer_checks(app: Flask) -> None:
    """In tests (`VALIDATE_RESPONSES`): an error code a route does not document fails loudly."""
    if not app.config.get("VALIDATE_RESPONSES"):
        return

    @app.after_request
    def _documented_code(response: Any) -> Any:
        if response.status_code < 400 or not response.is_json:
            return response
        codes = documented_errors(app.view_functions.get(request.endpoint or ""))
        code = ((response.get_json(silent=True) or {}).get("error") or {}).get("code")
        if codes is not None and code not in codes:
            log.error("%s %s answered %s, not documented", request.method, request.path, code)
            raise ResponseContractError(
                f"{request.method} {request.path} answered `{code}` ({response.status_code}), "
                f"which its operation does not document: add it to `errors=`"
            )
        return response


# -- The document -----------------------------------------------------------------------------


_built: list[dict[str, Any]] = []  # every app has the same routes: one document per process


def openapi_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API routes (built once, from the schemas)."""
    if not _built:
        _built.append(_document(app))
    return _built[0]


def _document(app: Flask) -> dict[str, Any]:
    """Build the document in the app's context; bodies that may be left out say so."""
    with app.app_context():
        document = dict(api.spec)
    for path, methods in document["paths"].items():
        for method, entry in methods.items():
            for parameter in entry.get("parameters", []):
                if parameter["schema"].get("format") == "int32":  # ids are BIGINT
                    parameter["schema"]["format"] = "int64"
            view = app.view_functions[_endpoint(app, path, method)]
            found = OPERATIONS.get(f"{view.__module__}.{view.__qualname__}")
            if found is None:
                continue
            if "requestBody" in entry:
                entry["requestBody"]["required"] = found.body_required
            for status, answer in found.files:
                entry["responses"][str(status)]["content"] = {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in answer.media_types
                }
    return document


def _endpoint(app: Flask, path: str, method: str) -> str:
    """The endpoint of a documented path and method."""
    for rule in app.url_map.iter_rules():
        if method.upper() in (rule.methods or ()) and _as_openapi(rule.rule) == path:
            return rule.endpoint
    raise KeyError(f"{method} {path}")


def _as_openapi(rule: str) -> str:
    """A Flask rule as an OpenAPI path: `<int:ticket_id>` becomes `{ticket_id}`."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
