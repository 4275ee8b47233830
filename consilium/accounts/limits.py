"""How fast a new account may post: a rule shared by the pages and the API."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from consilium.accounts.models import User
from consilium.outcomes.selectors import reports_since
from consilium.qa.selectors import posts_since


class PostingTooFast(Exception):
    """The account posted as much as a new account may for now; the message says when."""


def check_posting_allowed(user: User) -> None:
    """Raise PostingTooFast when a new account has used up its posts for this hour."""
    if user.date_joined < timezone.now() - timedelta(days=settings.NEW_ACCOUNT_DAYS):
        return
    since = timezone.now() - timedelta(hours=1)
    last_hour = posts_since(user, since) + reports_since(user, since)
    if last_hour >= settings.NEW_ACCOUNT_POSTS_PER_HOUR:
        raise PostingTooFast(
            f"New accounts can post up to {settings.NEW_ACCOUNT_POSTS_PER_HOUR} questions, "
            f"answers and reports an hour in their first {settings.NEW_ACCOUNT_DAYS} days. "
            "Please try again later; what you wrote is still in the form."
        )
