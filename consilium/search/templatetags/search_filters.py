"""The search page's filters: the topic list, rendered once per set of topics rather than on
every page, and each row of chips in one call rather than node by node."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Protocol

from django import template
from django.utils.html import escape, format_html, format_html_join
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


class _Chip(Protocol):
    label: str
    url: str
    on: bool


@register.simple_tag
def chip_links(chips: Sequence[_Chip]) -> SafeString:
    """A row of filter chips; the first is "Any", which shows no tick when on."""
    links = []
    for number, chip in enumerate(chips):
        if not chip.on:
            links.append(format_html('<a class="chip" href="{}">{}</a>', chip.url, chip.label))
        elif number == 0:
            links.append(
                format_html(
                    '<a class="chip chip-on chip-any" href="{}" aria-current="true">{}</a>',
                    chip.url,
                    chip.label,
                )
            )
        else:
            links.append(
                format_html(
                    '<a class="chip chip-on" href="{}" aria-current="true">'
                    '<span aria-hidden="true">✓ </span>{}'
                    '<span class="visually-hidden"> (on; choose to remove)</span></a>',
                    chip.url,
                    chip.label,
                )
            )
    # Each link was built by format_html, which escaped its values.
    return mark_safe("".join(links))  # noqa: S308
