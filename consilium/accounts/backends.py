"""Signing in with either the account's email or its username, whichever the person types."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from consilium.accounts.models import User
from consilium.pagecache.readers import user_for_request


class EmailOrUsernameBackend(ModelBackend):
    """Sign-up makes the email the username, but demo and `createsuperuser` accounts differ."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        typed = username.strip()
        # An exact username first; then the one account with that email, ignoring case.
        candidates = list(
            User.objects.filter(
                Q(username=typed) | Q(email__iexact=typed) | Q(username__iexact=typed)
            )[:3]
        )
        user = next((c for c in candidates if c.username == typed), None)
        if user is None:
            by_email = [c for c in candidates if c.email.lower() == typed.lower()]
            by_name = [c for c in candidates if c.username.lower() == typed.lower()]
            matches = by_email if len(by_email) == 1 else by_name if len(by_name) == 1 else []
            user = matches[0] if matches else None
        if user is None:
            # Hash anyway, so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in person of a request, from the reader cache (pagecache.readers)."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = user_for_request(pk)
        return user if user is not None and self.user_can_authenticate(user) else None
