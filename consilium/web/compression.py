"""Gzip for the pages rendered for one reader; the page cache stores its pages compressed."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class HtmlGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for HTML only.

    API clients get JSON as sent (they rarely ask for gzip, and their bodies are small);
    static files come precompressed from WhiteNoise.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
