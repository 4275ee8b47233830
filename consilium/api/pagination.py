"""Cursor pagination: keyset pages over a unique ordering, with an opaque `next` cursor.

A cursor holds the ordering values of the last item served, so the next page starts right
after it however many rows are added or removed meanwhile: no item is skipped or repeated.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from ninja import Schema
from pydantic import Field

from consilium.api.problems import ApiProblem

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

M = TypeVar("M", bound=Model)


class PageParams(Schema):
    """The query parameters every list takes."""

    cursor: str | None = Field(
        None, max_length=500, description="The `next` value of the previous page; omit it first."
    )
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}."
    )


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    next: str | None


def _encode(values: list[Any]) -> str:
    raw = json.dumps(
        [v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _bad_cursor() -> ApiProblem:
    return ApiProblem(
        "validation",
        "The cursor is not one this list handed out.",
        errors=[
            {
                "location": "query",
                "field": "cursor",
                "message": "Use the `next` value of the previous page as it was given.",
                "code": "invalid_cursor",
            }
        ],
    )


def _decode(cursor: str, model: type[Model], fields: tuple[str, ...]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(fields):
        raise _bad_cursor()
    decoded: list[Any] = []
    for value, field_name in zip(values, fields, strict=True):
        field = model._meta.get_field(field_name.lstrip("-"))
        internal = field.get_internal_type()
        try:
            if internal == "DateTimeField":
                if not isinstance(value, str):
                    raise ValueError
                parsed = datetime.fromisoformat(value)
                if parsed.tzinfo is None:
                    raise ValueError
                decoded.append(parsed)
            elif internal.endswith("AutoField") or internal.endswith("IntegerField"):
                if type(value) is not int or not 0 <= value < 2**63:
                    raise ValueError
                decoded.append(value)
            else:
                if not isinstance(value, str) or "\x00" in value:
                    raise ValueError
                decoded.append(value)
        except ValueError:
            raise _bad_cursor() from None
    return decoded


def _after(fields: tuple[str, ...], values: list[Any]) -> Q:
    """Rows strictly after the given position in the ordering."""
    condition = Q()
    for index, field in enumerate(fields):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(fields[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def paginate(
    queryset: QuerySet[M], *, order: tuple[str, ...], cursor: str | None, limit: int
) -> Page[M]:
    """One page of the queryset in the given order; the last field must be unique (the id)."""
    ordered = queryset.order_by(*order)
    if cursor:
        ordered = ordered.filter(_after(order, _decode(cursor, queryset.model, order)))
    items = list(ordered[: limit + 1])
    if len(items) <= limit:
        return Page(items, None)
    items = items[:limit]
    last = items[-1]
    return Page(items, _encode([getattr(last, field.lstrip("-")) for field in order]))
