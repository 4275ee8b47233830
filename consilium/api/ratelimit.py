"""The API's request rate limit: django-ratelimit's fixed-window counters in the Django cache."""

from __future__ import annotations

import threading

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

GROUP = "consilium.api"


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes sees it, so proxies are handled in one place."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104


def _caller_key(group: str, request: HttpRequest) -> str:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.prefix}"
    return f"user:{request.user.pk}"


def seconds_to_wait(request: HttpRequest, *, authenticated: bool) -> int | None:
    """Count this request against its caller; how long to wait when over the limit, else None."""
    usage = get_usage(
        request,
        group=GROUP,
        key=_caller_key if authenticated else "ip",
        rate=(
            settings.API_RATE_LIMIT_AUTHENTICATED
            if authenticated
            else settings.API_RATE_LIMIT_ANONYMOUS
        ),
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))


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
