"""Pages kept ready for signed-in readers, cut where one reader's token and header links go."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from consilium.accounts.models import Role, User
from consilium.accounts.permissions import verified_doctor
from consilium.accounts.selectors import unread_notification_count
from consilium.pagecache import readers, versions
from consilium.pagecache.recent import RecentCopies

# Stand-ins for what belongs to one reader. The token's is plain text, so a page quoting it (a
# search for it, say) does not cut where it should and is rendered for each reader instead;
# the comments cannot come from user text, which is escaped.
CSRF_STAND_IN = "reader-page-csrf-token"
NAV = "<!--reader-page:nav-->"
CONTENT = "<!--reader-page:content-->"

# The header links of the readers who came last, kept by each process under their versions,
# and the pages kept ready that it read last (a few MB).
_recent_navs: RecentCopies[tuple[str, str]] = RecentCopies(1000)
_recent_pages: RecentCopies[KeptPage] = RecentCopies(64)


@dataclass(frozen=True)
class KeptPage:
    """A page the same for every signed-in reader but for their token and header links (and
    whatever else a page leaves a slot for), cut where each goes."""

    # Before the token (of the htmx header), between it and the header links, after them; a
    # page with more slots has a piece after each of them too.
    pieces: tuple[str, ...]
    modified: float

    @classmethod
    def cut(cls, html: str, slots: Sequence[str] = ()) -> KeptPage | None:
        """The page rendered with stand_ins() (and markers for the slots, in this order) cut at
        them; None when it cannot be (user text holding a stand-in)."""
        pieces = cut(html, (CSRF_STAND_IN, NAV, *slots))
        return None if pieces is None else cls(pieces, time.time())

    def for_reader(self, request: HttpRequest, *slots: Callable[[str], str]) -> str:
        """The page with this reader's token and header links put in, and each slot filled by
        a function of the token."""
        token = get_token(request)
        fills = [token, reader_nav(request, token), *(fill(token) for fill in slots)]
        return "".join(chain.from_iterable(zip(self.pieces, [*fills, ""], strict=True)))


def kept_page(key: str) -> KeptPage | None:
    """The page kept under key (which names the versions it was rendered under), from this
    process when it read it lately; a page older than the shared cache keeps one is rendered
    again, as it would be there."""
    page = _recent_pages.read_through(key, versions.page_cache().get)
    if page is None or time.time() - page.modified > settings.PAGE_CACHE_SECONDS:
        return None
    return page


def keep_page(key: str, html: str) -> KeptPage | None:
    """Keep a page rendered with stand_ins(); None when it cannot be cut at them."""
    page = KeptPage.cut(html)
    if page is None:
        return None
    versions.page_cache().set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
    _recent_pages.keep(key, page)
    return page


@dataclass(frozen=True)
class _SignedIn:
    """Stands for the reader while a page kept for signed-in readers is rendered."""

    is_authenticated: bool = True


def stand_ins() -> dict[str, Any]:
    """Context that renders the page as every signed-in reader gets it, with the stand-ins in
    place of the reader's token and header links, and no message."""
    return {
        "user": _SignedIn(),
        "csrf_token": CSRF_STAND_IN,
        "reader_nav": mark_safe(NAV),  # noqa: S308 - a marker of ours
        "messages": (),
    }


def cut(html: str, markers: Sequence[str]) -> tuple[str, ...] | None:
    """The pieces of html between the markers, which must each appear once and in this
    order; None when they do not (user text holding a stand-in)."""
    pieces = re.split("(" + "|".join(map(re.escape, markers)) + ")", html)
    if pieces[1::2] != list(markers):
        return None
    return tuple(pieces[::2])


def for_kept_page(request: HttpRequest) -> bool:
    """Whether this reader's page may be put together from a page kept ready: signed in, and
    no message waiting (a message is rendered into the page for them alone)."""
    return bool(request.user.is_authenticated and not len(get_messages(request)))


def header_figures(user: Any) -> dict[str, object]:
    """What the signed-in reader's header links show, each read only if the header shows it."""
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: unread_notification_count(user),
        "header_name": lambda: _name_in_menu(user),
        "is_verified_doctor": lambda: verified_doctor(user) is not None,
    }


def _name_in_menu(user: User) -> str:
    """Doctors see the name patients know them by; everyone else their handle."""
    if user.role == Role.DOCTOR:
        doctor = verified_doctor(user)
        if doctor is not None:
            return doctor.display_name
    return user.handle


def reader_nav(request: HttpRequest, token: str) -> str:
    """The reader's header links with their token, kept in this process under the reader's
    version: what a key holds never changes."""
    version = readers.version_of(request.user)
    key = f"{request.user.pk}:{version}"
    kept = _recent_navs.get(key) if version else None
    if kept is None:
        html = render_to_string(
            "web/_reader_nav.html",
            {**header_figures(request.user), "user": request.user, "csrf_token": CSRF_STAND_IN},
        )
        pieces = html.split(CSRF_STAND_IN)
        if len(pieces) != 2:  # the stand-in in a name: rendered for each request
            return html.replace(CSRF_STAND_IN, token)
        kept = (pieces[0], pieces[1])
        if version:
            _recent_navs.keep(key, kept)
    return token.join(kept)
