"""What search engines fetch besides the pages: robots.txt and the sitemaps."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from consilium.pagecache import versions
from consilium.pagecache.pages import cached_for_readers
from consilium.web.sitemaps import SITEMAPS

# Pages that are private, one person's, or endless variations of others (search results,
# sorted lists); hidden questions answer 404 to crawlers and say noindex to moderators.
PRIVATE_PATHS = (
    "/accounts/",
    "/admin/",
    "/moderation/",
    "/notifications/",
    "/doctor-home/",
    "/ask/",
    "/flag/",
    "/history/",
    "/outcomes/report/",
    "/search/",
    "/api/",
)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
    lines += ["Disallow: /*?order=", "", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@cached_for_readers(lambda: [versions.QUESTION_LIST, versions.CARDS])
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="web:sitemap-section").render()


@require_GET
@cached_for_readers(lambda section: [versions.QUESTION_LIST, versions.CARDS])
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section).render()
