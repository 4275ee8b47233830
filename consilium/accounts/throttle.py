"""Where a request comes from, behind trusted proxies, and how often that address may act."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ipware.ip import get_client_ip

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a bucket name for requests without any address


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT proxies the one they vouch for.

    Each trusted proxy appends the address it was reached from to X-Forwarded-For, so the
    client is the PROXY_COUNT-th entry from the right; anything left of it is the client's
    own say and never trusted.
    """
    remote = request.META.get("REMOTE_ADDR") or UNKNOWN_ADDRESS
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    # django-ipware counts the proxies named in the header, the nearest (REMOTE_ADDR) not
    # among them; strict=False takes the entry at that depth even when a client prepended more.
    address, _ = get_client_ip(
        request,
        proxy_count=proxies - 1,
        strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return address or remote


def seconds_to_wait(
    request: HttpRequest, *, group: str, rate: str, key: object = "ip"
) -> int | None:
    """Count this request in its group's shared counter; how long to wait when over, else None.

    key is django-ratelimit's: "ip" (the client's address, as client_address finds it) or a
    callable naming the caller.
    """
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))
