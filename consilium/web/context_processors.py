"""Values every page's header needs."""

from __future__ import annotations

from django.http import HttpRequest

from consilium.accounts.selectors import unread_notification_count


def header(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy, so pages that do not render the header pay nothing.
    return {"unread_notifications": lambda: unread_notification_count(user)}
