"""Markdown written by users, rendered to HTML that is safe to put on a page."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

# Raw HTML is escaped rather than passed through; nh3 then removes anything unsafe that
# markdown itself can produce (javascript: links and the like).
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# Headings in a post start at h3 so they never outrank the page's own h1 and h2.
_HEADING_SHIFT = {"<h1>": "<h3>", "</h1>": "</h3>", "<h2>": "<h4>", "</h2>": "</h4>"}


def render_markdown(text: str) -> str:
    """Render user markdown to sanitised HTML; links get rel="nofollow ugc noopener"."""
    html = _markdown.render(text or "")
    for old, new in _HEADING_SHIFT.items():
        html = html.replace(old, new)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )


def plain_text(text: str) -> str:
    """The words of a markdown text with every tag removed, for excerpts."""
    return html.unescape(nh3.clean(_markdown.render(text or ""), tags=set())).strip()
