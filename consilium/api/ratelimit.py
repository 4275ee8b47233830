"""The API's request rate limit: django-ratelimit's fixed-window counters in the shared cache."""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from consilium.accounts import throttle

GROUP = "consilium.api"


def _caller_key(group: str, request: HttpRequest) -> str:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.prefix}"
    return f"user:{request.user.pk}"


def seconds_to_wait(request: HttpRequest, *, authenticated: bool) -> int | None:
    """Count this request against its caller; how long to wait when over the limit, else None."""
    if authenticated:
        return throttle.seconds_to_wait(
            request, group=GROUP, rate=settings.API_RATE_LIMIT_AUTHENTICATED, key=_caller_key
        )
    return throttle.seconds_to_wait(request, group=GROUP, rate=settings.API_RATE_LIMIT_ANONYMOUS)


class RequestRate(BaseThrottle):
    """Counts every API request against its caller: the token, the signed-in user or the IP.

    ninja calls allow_request and then wait on the same thread, so the wait is kept per thread.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._local.wait = seconds_to_wait(request, authenticated=request.user.is_authenticated)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
