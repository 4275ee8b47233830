"""Serving a page from the cache, under the versions it depends on, to any reader."""

from __future__ import annotations

import gzip
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import brotli
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from consilium.pagecache import frames, versions
from consilium.pagecache.recent import RecentCopies

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class CachedPage:
    """A rendered page, compressed once when stored rather than on every request."""

    body: bytes
    gzipped: bytes
    brotli: bytes
    content_type: str
    etag: str
    modified: float

    @classmethod
    def of(cls, response: HttpResponse) -> CachedPage:
        body = response.content
        return cls(
            body=body,
            gzipped=gzip.compress(body, compresslevel=9, mtime=0),
            brotli=brotli.compress(body, mode=brotli.MODE_TEXT, quality=5),
            content_type=response["Content-Type"],
            etag=f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
            modified=time.time(),
        )

    def response_for(self, request: HttpRequest) -> HttpResponse:
        accepted = request.headers.get("Accept-Encoding", "")
        if _BROTLI.search(accepted):
            response = HttpResponse(self.brotli, content_type=self.content_type)
            response["Content-Encoding"] = "br"
        elif ACCEPTS_GZIP.search(accepted):
            response = HttpResponse(self.gzipped, content_type=self.content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(self.body, content_type=self.content_type)
        return response


_BROTLI = re.compile(r"\bbr\b")
# An Accept-Encoding that takes gzip; the pages rendered for one reader are compressed by the
# same test (web/compression.py).
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def for_signed_out_reader(request: HttpRequest) -> bool:
    """Whether the page this request gets is the same for every signed-out reader."""
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    # A one-off message (after signing out, say) belongs to this reader's page alone.
    if "messages" in request.COOKIES:
        return False
    if request.user.is_authenticated:
        return False
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES and "_messages" in request.session)


# Parameters that only tell analytics where a reader came from; pages never read them.
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|msclkid|mc_[a-z]+|ref)$")


def page_key(request: HttpRequest, tokens: list[str], kind: str = "page") -> str:
    """The key of the page this request gets, of a kind, under the versions' tokens."""
    # Every parameter a view could read is in the key, in a fixed order; tracking ones are
    # left out so that a link from a newsletter does not split the cache.
    query = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if not _TRACKING.match(name)
        for value in values
    )
    raw = f"{versions.RELEASE}|{request.path}|{query!r}|{'|'.join(tokens)}"
    return f"{kind}:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that drew a CSRF token holds a form meant for one reader.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _public(response: HttpResponseBase, page: CachedPage) -> HttpResponseBase:
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.modified)
    # Browsers check back each time (a 304 costs little); a shared cache in front may keep
    # the page a few seconds, which is as stale as a signed-out reader can see it.
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
    )
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return response


# The signed-out pages read last, kept by each process beside the shared cache (a few MB).
_recent_pages: RecentCopies[CachedPage] = RecentCopies(64)


def _kept_page(key: str) -> CachedPage | None:
    """The page stored under key, from this process when it read it lately; a page older than
    the shared cache keeps one is rendered again, as it would be there."""
    page = _recent_pages.read_through(key, versions.page_cache().get)
    if page is None or time.time() - page.modified > settings.PAGE_CACHE_SECONDS:
        return None
    return page


def cached_for_readers(depends: Callable[..., Iterable[str]]) -> Callable[[View], View]:
    """Serve the view's page to signed-out readers from the cache.

    depends(**url_kwargs) names the versions the page depends on. Signed-in readers always
    get the view's own rendering.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not settings.PAGE_CACHE or not for_signed_out_reader(request):
                return view(request, *args, **kwargs)
            names = [versions.TAXONOMY, *depends(**kwargs)]
            key = page_key(request, versions.current(names))
            page = _kept_page(key)
            if page is None:
                response = view(request, *args, **kwargs)
                if not _storable(request, response):
                    return response
                assert isinstance(response, HttpResponse)
                page = CachedPage.of(response)
                versions.page_cache().set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
                _recent_pages.keep(key, page)
            unchanged = get_conditional_response(
                request, etag=page.etag, last_modified=int(page.modified)
            )
            return _public(unchanged or page.response_for(request), page)

        return wrapper

    return decorate


def kept_for_signed_in_readers(depends: Callable[..., Iterable[str]]) -> Callable[[View], View]:
    """Serve signed-in readers the view's page kept ready, with their own token and header
    links put in: for a page whose content does not depend on who reads it.

    The view returns a TemplateResponse: its template is rendered once with the stand-ins
    (frames.stand_ins()) and kept under the versions depends(**url_kwargs) names, and each
    reader's request then renders only their header links. A page with a message waiting, one
    quoting a stand-in, and one answered other than 200 are rendered for the reader alone.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not settings.PAGE_CACHE or not frames.for_kept_page(request):
                return _rendered(view(request, *args, **kwargs))
            names = [versions.TAXONOMY, *depends(**kwargs)]
            key = page_key(request, versions.current(names), kind="signed-in")
            kept = frames.kept_page(key)
            if kept is None:
                response = view(request, *args, **kwargs)
                # A failed page is not kept: the next reader should find it working again.
                if not isinstance(response, TemplateResponse) or response.status_code != 200:
                    return _rendered(response)
                template = response.resolve_template(response.template_name)
                context = {**(response.context_data or {}), **frames.stand_ins()}
                html = template.render(context, request)
                kept = frames.keep_page(key, html)
                if kept is None:
                    return response.render()
            return HttpResponse(kept.for_reader(request))

        return wrapper

    return decorate


def _rendered(response: HttpResponseBase) -> HttpResponseBase:
    """The response with its template rendered, so that a decorator around it can read it."""
    if isinstance(response, TemplateResponse):
        return response.render()
    return response
