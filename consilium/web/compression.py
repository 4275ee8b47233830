"""Gzip for the pages rendered for one reader; the page cache stores its pages compressed."""

from __future__ import annotations

import gzip
import io
import secrets

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

from consilium.pagecache.pages import ACCEPTS_GZIP

# Each of these pages is compressed once, for one reader, so speed matters more than the
# last bytes: on the ten-answer question page level 2 takes less than half the time of
# Django's level 6, for a tenth more bytes (docs/benchmarks.md).
LEVEL = 2


class HtmlGZipMiddleware(GZipMiddleware):
    """Gzip for HTML only, at a low level.

    API clients get JSON as sent (they rarely ask for gzip, and their bodies are small);
    static files come precompressed from WhiteNoise. Streamed pages go through Django's
    own compression.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.streaming:
            return super().process_response(request, response)
        body: bytes = response.content  # type: ignore[attr-defined]
        if len(body) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = _gzip(body, padding=self.max_random_bytes)
        if len(compressed) >= len(body):
            return response
        response.content = compressed  # type: ignore[attr-defined]
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag", "")
        if etag.startswith('"'):
            # The compressed bytes differ from the page's, so the tag can only be weak.
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


def _gzip(body: bytes, *, padding: int) -> bytes:
    """Gzip with a file name of random length in the header, so the compressed length of a
    page holding a secret (the CSRF token) says less about it (the BREACH attack)."""
    name = secrets.token_hex(secrets.randbelow(padding // 2) + 1) if padding else ""
    out = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=out, compresslevel=LEVEL, mtime=0) as f:
        f.write(body)
    return out.getvalue()
