"""Writes of the API's own data: creating and revoking personal tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from consilium.accounts.models import User
from consilium.api.models import ApiToken, TokenScope

# Every token starts with this, so secret scanners and people can tell what it is.
TOKEN_PREFIX = "csm_"  # noqa: S105 (a marker, not a secret)
# Recording every use would make each API read a write; to the minute is enough to tell
# a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenNotAllowed(Exception):
    """The token cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class NewToken:
    """A token just made: the only moment its secret exists outside the client."""

    token: ApiToken
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, user: User, name: str, scope: str) -> NewToken:
    if scope not in TokenScope.values:
        raise TokenNotAllowed(f"Unknown scope {scope!r}.")
    with transaction.atomic(durable=True):
        # Locking the user row serialises concurrent creations, so the cap holds.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if ApiToken.objects.filter(user=user).count() >= settings.API_TOKENS_PER_USER:
            raise TokenNotAllowed(
                f"You have {settings.API_TOKENS_PER_USER} tokens, the most one account may "
                "have; revoke one you no longer use first."
            )
        prefix = secrets.token_hex(4)
        while ApiToken.objects.filter(prefix=prefix).exists():
            prefix = secrets.token_hex(4)
        secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, digest=digest(secret), scope=scope
        )
    return NewToken(token=token, secret=secret)


def revoke_token(*, user: User, token_id: int) -> bool:
    """Delete one of the user's tokens; False when they have no such token."""
    with transaction.atomic(durable=True):
        deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def revoke_all_tokens(*, user: User) -> int:
    """Delete every token of the user (their password changed); how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def record_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
