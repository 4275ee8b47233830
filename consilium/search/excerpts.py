"""Search hits as HTML: the database's marked excerpts escaped, with the matches marked."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from consilium.qa.models import Question
from consilium.search.backends.base import MARK_END, MARK_START, RawSnippet

MARKDOWN_NOISE = re.compile(r"[*#`]+|\s+")


def marked_html(text: str) -> SafeString:
    """Escape text whose matches are delimited by the private marks, then mark them."""
    parts = []
    inside = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START:
            if not inside:
                parts.append("<mark>")
                inside = True
        elif piece == MARK_END:
            if inside:
                parts.append("</mark>")
                inside = False
        else:
            parts.append(escape(MARKDOWN_NOISE.sub(" ", piece)))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts).strip())  # noqa: S308 - every piece was escaped above


def _with_ellipses(excerpt: str, text: str) -> str:
    """The excerpt with "…" where it cuts the text, unless the database marked the cuts."""
    plain = excerpt.replace(MARK_START, "").replace(MARK_END, "").strip()
    if not plain or "…" in (plain[0], plain[-1]):
        return excerpt
    at = text.find(plain)
    if at < 0:
        return excerpt
    before = "…" if text[:at].strip() else ""
    after = "…" if text[at + len(plain) :].strip() else ""
    return before + excerpt.strip() + after


def hit_excerpts(raw: RawSnippet | None, question: Question) -> tuple[SafeString, SafeString, bool]:
    """A hit's title and excerpt as HTML, and whether the excerpt is from an answer."""
    if raw is None:
        return marked_html(question.title), marked_html(question.body[:200]), False
    title = marked_html(raw.title or question.title)
    if MARK_START in raw.body or not (raw.answers and MARK_START in raw.answers):
        return title, marked_html(_with_ellipses(raw.body, question.body)), False
    return title, marked_html(raw.answers), True
