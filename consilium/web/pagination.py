"""Links of a cursor-paged list: the first page and the next, built once in the view."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class PageLinks:
    """What `web/_pagination.html` shows: a link back to the first page, one to the next."""

    label: str
    first_url: str
    next_url: str


def page_links(
    label: str,
    *,
    params: list[tuple[str, str]],
    cursor: str,
    next_cursor: str | None,
    fragment: str = "",
) -> PageLinks | None:
    """The list's page links, keeping the parameters that chose the list; None on a lone page.

    `params` are the list's own choices (order, topic, ...) as they should appear in each
    link, empty ones left out; `fragment` ("#questions") returns the reader to the list.
    """
    if not cursor and not next_cursor:
        return None
    kept = [(key, value) for key, value in params if value]
    return PageLinks(
        label=label,
        first_url=f"?{urlencode(kept)}{fragment}" if cursor else "",
        next_url=f"?{urlencode([*kept, ('after', next_cursor)])}{fragment}" if next_cursor else "",
    )
