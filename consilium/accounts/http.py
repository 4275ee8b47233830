"""The request a view receives once sign-in is required: its user is an account, never anonymous."""

from __future__ import annotations

from django.http import HttpRequest

from consilium.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """Annotates views behind a sign-in check, so `request.user` is typed as a User."""

    user: User
