"""Writes to doctor profiles: registering a doctor and deciding on their verification."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consilium.accounts.models import Role, User
from consilium.consensus.services import schedule_consensus_refresh
from consilium.doctors.models import DoctorProfile, VerificationStatus


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "doctor"
    slug, n = base, 1
    while DoctorProfile.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def apply_as_doctor(
    *,
    user: User,
    display_name: str,
    specialty: str,
    board_certification: str = "",
    licence_number: str = "",
    jurisdiction: str = "",
    practice: str = "",
    website: str = "",
    bio: str = "",
) -> DoctorProfile:
    """Record a doctor's credentials; they answer nothing until a moderator verifies them."""
    with transaction.atomic(durable=True):
        return DoctorProfile.objects.create(
            user=user,
            slug=_free_slug(display_name),
            display_name=display_name,
            specialty=specialty,
            board_certification=board_certification,
            licence_number=licence_number,
            jurisdiction=jurisdiction,
            practice=practice,
            website=website,
            bio=bio,
        )


def verify_doctor(profile: DoctorProfile) -> DoctorProfile:
    """Mark the doctor verified; their answers count in every consensus from now on."""
    with transaction.atomic(durable=True):
        profile.verification_status = VerificationStatus.VERIFIED
        profile.verified_at = timezone.now()
        profile.save(update_fields=["verification_status", "verified_at"])
        if profile.user is not None and profile.user.role == Role.PATIENT:
            profile.user.role = Role.DOCTOR
            profile.user.save(update_fields=["role"])
        for question_id in profile.answers.values_list("question_id", flat=True):
            schedule_consensus_refresh(question_id)
    return profile
