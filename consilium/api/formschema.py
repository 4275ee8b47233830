"""The rules of the site's forms, described in the API's schema without restating them.

The API validates a request's fields with the same form class as the page; these helpers
only copy each form field's limits into the OpenAPI document, so clients can see them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import Field


def _limits(field: forms.Field, *, nullable: bool) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    if isinstance(field, forms.CharField):
        if field.min_length is not None:
            limits["minLength"] = field.min_length
        if field.max_length is not None:
            limits["maxLength"] = field.max_length
    if isinstance(field, forms.IntegerField):
        if field.min_value is not None:
            limits["minimum"] = field.min_value
        if field.max_value is not None:
            limits["maximum"] = field.max_value
    if isinstance(field, forms.ChoiceField):
        choices: Any = field.choices
        values: list[Any] = [value for value, _ in choices if value != ""]
        limits["enum"] = [*values, None] if nullable else values
    return limits


def form_field(
    form: type[forms.Form], name: str, *, optional: bool = False, description: str = ""
) -> Any:
    """A pydantic Field documenting the form field's limits; optional ones default to None."""
    field = form.base_fields[name]
    required = field.required and not optional
    text = description or str(field.help_text or "")
    return Field(
        ... if required else None,
        description=text or None,
        json_schema_extra=_limits(field, nullable=not required) or None,
    )
