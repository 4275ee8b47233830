"""Template filters for user content and verdicts."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from consilium.qa.markdown import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    # render_markdown sanitises with nh3, so its output is safe to mark as such.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def excerpt(text: str, length: int = 180) -> str:
    words = plain_text(text)
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0] + "…"


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)
