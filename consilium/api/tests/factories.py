"""Factories for API tests: personal tokens, made the way the settings page makes them."""

from __future__ import annotations

from consilium.accounts.models import User
from consilium.accounts.tests.factories import UserFactory
from consilium.api.models import TokenScope
from consilium.api.services import create_token


def token_for(user: User | None = None, scope: str = TokenScope.READ_WRITE) -> str:
    """A new token's secret for the user (a new patient when none is given)."""
    return create_token(user=user or UserFactory(), name="test token", scope=scope).secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
