"""Who may do what: one place for the rules the pages and the API both apply."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from consilium.accounts.models import Role, User
from consilium.doctors.models import DoctorProfile

AnyUser = User | AnonymousUser


def is_moderator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (user.role == Role.MODERATOR or user.is_superuser))


def doctor_profile(user: AnyUser) -> DoctorProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.doctor_profile
    except DoctorProfile.DoesNotExist:
        return None


def verified_doctor(user: AnyUser) -> DoctorProfile | None:
    """The user's doctor profile if it is verified right now, else None."""
    profile = doctor_profile(user)
    return profile if profile is not None and profile.is_verified else None


def why_cannot_answer(user: AnyUser) -> str | None:
    """None when the user may answer questions; otherwise which rule stops them."""
    if not user.is_authenticated:
        return "anonymous"
    profile = doctor_profile(user)
    if profile is None:
        return "not_doctor"
    return None if profile.is_verified else profile.verification_status
