"""Reads of the API's own data: a user's tokens, and the token a request presents."""

from __future__ import annotations

import hmac
import re

from django.db.models import QuerySet

from consilium.accounts.models import User
from consilium.api.models import ApiToken
from consilium.api.services import TOKEN_PREFIX, digest

_TOKEN = re.compile(rf"^{TOKEN_PREFIX}([0-9a-f]{{8}})_[A-Za-z0-9_-]{{20,100}}$")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, with its user and doctor profile; None if there is none."""
    match = _TOKEN.match(secret)
    if match is None:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__doctor_profile")
        .filter(prefix=match.group(1), user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest(secret)):
        return None
    return token
