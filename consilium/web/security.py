"""What every response promises the browser (CSP, permissions, caching), and HEAD served as GET.

One middleware, so the site's header policy lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

# No inline script or style anywhere: text a person typed can never run, even if a template
# one day forgets to escape it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Swagger UI (the API docs page) sets style attributes from its own script and draws its
# icons from data: URLs; it still runs no inline script.
API_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
).replace("img-src 'self'", "img-src 'self' data:")
API_DOCS_PATH = "/api/v1/docs"
# Nothing on the site needs these; saying so stops any injected content from asking.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "microphone", "payment", "usb", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip


class SecurityHeaders:
    """Adds the site's security headers; answers HEAD as GET without the body.

    Every page's view only allows GET (and POST where there is a form); a HEAD request would
    otherwise get 405. Signed-in visitors' pages carry their name, notifications and private
    data (the account, the data export), so no cache may keep them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                # Restored for the middleware outside this one (a cache keys on the method).
                request.method = "HEAD"
        self._add_headers(request, response)
        if head:
            _drop_body(response)
        return response

    @staticmethod
    def _add_headers(request: HttpRequest, response: HttpResponseBase) -> None:
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                API_DOCS_POLICY if request.path == API_DOCS_PATH else CONTENT_SECURITY_POLICY
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # A response that read the session may show the signed-in person's own data; one
        # that did not (a photo, a static file) is the same for everyone and stays cacheable.
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.accessed
            and request.user.is_authenticated
            and "no-store" not in response.get("Cache-Control", "")
        ):
            response["Cache-Control"] = "private, no-store"


def _drop_body(response: HttpResponseBase) -> None:
    """Empty the body of a HEAD response, keeping the length the GET body would have."""
    if response.streaming:
        response.close()  # closes the file a FileResponse opened
        response.streaming_content = []  # type: ignore[attr-defined]
        return
    content: bytes = response.content  # type: ignore[attr-defined]
    response.setdefault("Content-Length", str(len(content)))
    response.content = b""  # type: ignore[attr-defined]
