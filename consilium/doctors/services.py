"""Writes to doctor profiles: applying, and moderators deciding on verification."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from consilium.accounts.emails import queue_email
from consilium.accounts.models import Role, User
from consilium.consensus.services import schedule_consensus_refresh
from consilium.doctors.models import DoctorProfile, VerificationStatus
from consilium.moderation.audit import record_action
from consilium.pagecache.services import pages_changed
from consilium.plaintext import one_line

# Slugs that would shadow a page under /doctors/.
_RESERVED_SLUGS = {"apply", "new", "edit"}


class ApplicationError(Exception):
    """The application cannot be made or decided as asked; the message says why."""


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "doctor"
    if base.startswith("imported-"):
        # Imported doctors' profiles live under this prefix; no applicant may claim it.
        base = f"dr-{base}"[:70]
    slug, n = base, 1
    while slug in _RESERVED_SLUGS or DoctorProfile.objects.filter(slug=slug).exists():
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
    """Record a doctor's credentials; they answer nothing until a moderator verifies them.

    A rejected applicant may apply again with corrected credentials.
    """
    fields = {
        "display_name": one_line(display_name),
        "specialty": one_line(specialty),
        "board_certification": one_line(board_certification),
        "licence_number": one_line(licence_number),
        "jurisdiction": one_line(jurisdiction),
        "practice": one_line(practice),
        "website": website,
        "bio": bio,
    }
    with transaction.atomic(durable=True):
        profile = DoctorProfile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            return DoctorProfile.objects.create(user=user, slug=_free_slug(display_name), **fields)
        if profile.verification_status != VerificationStatus.REJECTED:
            raise ApplicationError("You have applied already; see your application's status.")
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.verification_status = VerificationStatus.PENDING
        profile.decision_reason = ""
        profile.save()
        return profile


def _notify(
    profile: DoctorProfile,
    subject: str,
    body: str,
    link: tuple[str, str] = ("Your account", "web:account"),
) -> None:
    if profile.user is not None:
        label, url_name = link
        url = settings.SITE_URL + reverse(url_name)
        queue_email(profile.user.email, subject, f"{body}\n\n{label}: {url}\n")


def _decide(
    profile: DoctorProfile, moderator: User | None, status: str, reason: str, action: str
) -> None:
    profile.verification_status = status
    profile.decision_reason = reason
    profile.decided_at = timezone.now()
    if status == VerificationStatus.VERIFIED:
        profile.verified_at = profile.decided_at
    profile.save()
    if moderator is not None:
        record_action(actor=moderator, action=action, target=profile, reason=reason)
    # Their answers enter or leave every consensus figure, and their byline changes.
    pages_changed(doctor_slugs=[profile.slug])
    for question_id in profile.answers.values_list("question_id", flat=True):
        schedule_consensus_refresh(question_id)
        pages_changed(question_id=question_id)


def verify_doctor(
    profile: DoctorProfile, *, moderator: User | None = None, reason: str = ""
) -> DoctorProfile:
    """Mark the doctor verified; their answers count in every consensus from now on.

    The reason (what the moderator checked) is optional and kept in the audit log.
    """
    with transaction.atomic(durable=True):
        _decide(profile, moderator, VerificationStatus.VERIFIED, reason, "verify_doctor")
        if profile.user is not None and profile.user.role == Role.PATIENT:
            profile.user.role = Role.DOCTOR
            profile.user.save(update_fields=["role"])
        _notify(
            profile,
            "You are verified on Consilium",
            "A moderator checked your credentials: you can now answer questions.",
            link=("Questions waiting for you", "web:doctor-home"),
        )
    return profile


def reject_application(profile: DoctorProfile, *, moderator: User, reason: str) -> DoctorProfile:
    if not reason.strip():
        raise ApplicationError("Say why the application is rejected; the applicant reads it.")
    if not profile.is_pending:
        raise ApplicationError("Only a pending application can be rejected.")
    with transaction.atomic(durable=True):
        _decide(profile, moderator, VerificationStatus.REJECTED, reason, "reject_application")
        _notify(
            profile,
            "Your Consilium doctor application",
            f"A moderator could not verify your credentials yet:\n\n{reason}\n\n"
            "You can correct your application and send it again.",
        )
    return profile


def revoke_verification(profile: DoctorProfile, *, moderator: User, reason: str) -> DoctorProfile:
    """Withdraw verification: answers stay visible, marked, and stop counting."""
    if not reason.strip():
        raise ApplicationError("Say why verification is revoked; the doctor reads it.")
    if not profile.is_verified:
        raise ApplicationError("Only a verified doctor's verification can be revoked.")
    with transaction.atomic(durable=True):
        _decide(profile, moderator, VerificationStatus.REVOKED, reason, "revoke_verification")
        _notify(
            profile,
            "Your Consilium verification was revoked",
            f"A moderator revoked your verification:\n\n{reason}",
        )
    return profile
