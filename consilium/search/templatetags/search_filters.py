"""The search page's topic list, rendered once per set of topics rather than on every page."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@functools.lru_cache(maxsize=8)
def _options(choices: tuple[tuple[str, str], ...]) -> str:
    return str(format_html_join("", '<option value="{}">{}</option>', choices))


@register.simple_tag
def select_options(choices: Iterable[tuple[str, str]], chosen: str) -> SafeString:
    """`<option>` elements for (value, label) pairs, the chosen value selected."""
    html = _options(tuple((str(value), str(label)) for value, label in choices))
    if chosen:
        opening = f'<option value="{escape(chosen)}">'
        html = html.replace(opening, opening[:-1] + " selected>", 1)
    # Every value and label was escaped by format_html_join, the chosen value by escape().
    return mark_safe(html)  # noqa: S308
