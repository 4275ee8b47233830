"""Who is calling: a personal API token (Bearer), the site's session cookie, or nobody."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from consilium.accounts.models import User
from consilium.accounts.permissions import AnyUser
from consilium.api.models import ApiToken
from consilium.api.problems import ApiProblem
from consilium.api.ratelimit import seconds_to_wait
from consilium.api.selectors import token_for_secret
from consilium.api.services import record_use

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """A personal API token. A wrong or revoked one is refused, never ignored."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = token_for_secret(token.strip())
        if found is None:
            # Refused before the throttle runs, so count it here, against the address: guesses
            # at tokens are limited like any anonymous request.
            wait = seconds_to_wait(request, authenticated=False)
            if wait is not None:
                raise ApiProblem(
                    "rate-limited",
                    "Too many requests with unknown tokens; wait and retry.",
                    headers={"Retry-After": str(wait)},
                )
            raise ApiProblem(
                "unauthenticated",
                "The API token is unknown or revoked.",
                headers={"WWW-Authenticate": 'Bearer realm="consilium", error="invalid_token"'},
            )
        if request.method not in SAFE_METHODS and not found.may_write:
            raise ApiProblem(
                "insufficient-scope",
                "This token may only read; create a read-write token to make changes.",
            )
        record_use(found)
        request.api_token = found  # type: ignore[attr-defined]
        # The services and permission rules read request.user, as they do for the pages.
        request.user = found.user
        return found.user


class SessionCookie(APIKeyCookie):
    """The site's own sign-in, for scripts in the browser; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        # Checked only for a signed-in caller, so an anonymous write is told to sign in
        # (401) rather than that a CSRF token is missing.
        if self.csrf and request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiProblem(
                "csrf-failed",
                "Signed in with the session cookie, unsafe requests need the X-CSRFToken "
                "header; or use a personal API token instead.",
            )
        return request.user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class Anonymous:
    """Lets a public operation through without credentials; listed as `{}` in the schema."""

    openapi_security_schema = {"type": "anonymous"}

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


# Tried in order; the first that recognises the caller wins.
SIGNED_IN: list[Callable[[HttpRequest], Any]] = [BearerToken(), SessionCookie()]
PUBLIC: list[Callable[[HttpRequest], Any]] = [*SIGNED_IN, Anonymous()]


def caller(request: HttpRequest) -> AnyUser:
    """The user an operation acts for (AnonymousUser on a public read without credentials)."""
    return request.auth  # type: ignore[attr-defined]


def signed_in(request: HttpRequest) -> User:
    """The caller of an operation that requires sign-in."""
    return request.auth  # type: ignore[attr-defined]


def token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)
