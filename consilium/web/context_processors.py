"""Values every page's header needs, and the emergency number the urgent notice names."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from consilium.accounts.models import Role, User
from consilium.accounts.permissions import verified_doctor
from consilium.accounts.selectors import unread_notification_count


def header(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy, so pages that do not render the header pay nothing.
    return {
        "unread_notifications": lambda: unread_notification_count(user),
        "header_name": lambda: _name_in_menu(user),
        "is_verified_doctor": lambda: verified_doctor(user) is not None,
    }


def emergency_number(request: HttpRequest) -> dict[str, object]:
    return {"emergency_number": settings.EMERGENCY_NUMBER}


def _name_in_menu(user: User) -> str:
    """Doctors see the name patients know them by; everyone else their handle."""
    if user.role == Role.DOCTOR:
        doctor = verified_doctor(user)
        if doctor is not None:
            return doctor.display_name
    return user.handle
