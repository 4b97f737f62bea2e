"""An office's priority categories on the wire: the five codes with its labels, order and on/off."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from server.rules.next_ticket import Priority
from server.schemas.fields import Flag, invalid, text


class PriorityCategorySent(BaseModel):
    """One of the five codes with the office's label and whether it is offered."""

    code: Priority
    label: text(100, required=True)  # type: ignore[valid-type]
    active: Flag = True


def _some_categories(value: Any) -> Any:
    """At least one category, each an object."""
    if not isinstance(value, list) or not value:
        raise invalid("cần danh sách các đối tượng ưu tiên")
    if not all(isinstance(item, dict | BaseModel) for item in value):
        raise invalid("mỗi mục cần {code, label, active}")
    return value


class PriorityCategoriesSent(BaseModel):
    """PUT /admin/offices/<id>/priority-categories: in order; a code left out keeps its defaults."""

    categories: Annotated[list[PriorityCategorySent], BeforeValidator(_some_categories)]

    @model_validator(mode="wrap")
    @classmethod
    def _named_bare(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """No code twice; an entry's field is named bare ("code: …"), as the page shows it."""
        try:
            sent = handler(data)
        except ValidationError as error:
            raise _relocated(error, "categories") from None
        seen: set[str] = set()
        for category in sent.categories:
            if category.code in seen:
                problem = invalid(f"{category.code} bị lặp")
                detail = InitErrorDetails(type=problem, loc=("code",), input=str(category.code))
                raise ValidationError.from_exception_data(cls.__name__, [detail])
            seen.add(category.code)
        return sent


def _relocated(error: ValidationError, field: str) -> ValidationError:
    """The same errors, those inside an entry of `field` named by the entry's own field."""
    return ValidationError.from_exception_data(
        error.title, [_bare(detail, field) for detail in error.errors()]
    )


def _bare(detail: ErrorDetails, field: str) -> InitErrorDetails:
    """One error, at `code` rather than at `categories[2].code`."""
    location = tuple(detail["loc"])
    if len(location) > 2 and location[0] == field and isinstance(location[1], int):
        location = location[2:]
    kind, context = detail["type"], detail.get("ctx") or {}
    custom = kind in ("invalid_field", "missing_field")
    relocated = InitErrorDetails(
        type=PydanticCustomError(kind, "{reason}", context) if custom else kind,
        loc=location,
        input=detail.get("input"),
    )
    if context and not custom:
        relocated["ctx"] = context
    return relocated


class PriorityCategoryRow(BaseModel):
    """A priority code as an office offers it (its defaults when it never configured it)."""

    code: Priority
    label: str
    active: bool
    sort_order: int
