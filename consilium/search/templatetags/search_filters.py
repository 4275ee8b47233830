"""The search page's filter lists, rendered in one pass rather than a template loop each."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def select_options(choices: Iterable[tuple[str, str]], chosen: str) -> SafeString:
    """`<option>` elements for (value, label) pairs, the chosen value selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == chosen else "", label)
            for value, label in choices
        ),
    )
