"""Writes to doctor profiles: applying with documents, registry checks, and moderators'
decisions on verification."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from consilium.accounts.emails import queue_email
from consilium.accounts.models import Role, User
from consilium.consensus.services import schedule_consensus_refresh
from consilium.doctors.documents import (
    MAX_DOCUMENTS,
    DocumentRejected,
    DocumentUpload,
    check_document,
    save_document,
)
from consilium.doctors.models import (
    ApplicationDocument,
    DoctorProfile,
    RegistryCheck,
    RegistryOutcome,
    VerificationStatus,
)
from consilium.doctors.registries.base import (
    Applicant,
    Registry,
    RegistryAnswerMalformed,
    RegistryNotApplicable,
    RegistryRecord,
    RegistryUnavailable,
    compare,
)
from consilium.doctors.registries.nppes import NppesRegistry, fetch_url
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


# A document written to disk: its name there, content type, size and the applicant's label.
_Saved = tuple[str, str, int, str]


def _document_root() -> Path:
    return Path(settings.DOCUMENT_ROOT)


@contextmanager
def _documents_saved(uploads: Sequence[DocumentUpload]) -> Iterator[list[_Saved]]:
    """Check every upload, then write them all; if the block fails, their files go again.

    Yields (name on disk, content type, size, label) for each, for the rows to record.
    """
    checked = [check_document(upload) for upload in uploads]
    saved: list[_Saved] = []
    try:
        for document in checked:
            name = save_document(document, _document_root())
            saved.append((name, document.content_type, len(document.data), document.label))
        yield saved
    except BaseException:
        for name, *_ in saved:
            (_document_root() / name).unlink(missing_ok=True)
        raise


def _attach(profile: DoctorProfile, saved: list[_Saved]) -> None:
    """Record the saved files as the profile's documents, within the limit per application."""
    if not saved:
        return
    held = profile.documents.count()
    if held + len(saved) > MAX_DOCUMENTS:
        raise DocumentRejected(
            f"An application holds at most {MAX_DOCUMENTS} documents; it has {held}. "
            "Remove one before sending another."
        )
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(profile=profile, name=name, content_type=kind, size=size, label=label)
        for name, kind, size, label in saved
    )


def apply_as_doctor(
    *,
    user: User,
    display_name: str,
    specialty: str,
    board_certification: str = "",
    licence_number: str = "",
    jurisdiction: str = "",
    npi_number: str = "",
    practice: str = "",
    website: str = "",
    bio: str = "",
    documents: Sequence[DocumentUpload] = (),
) -> DoctorProfile:
    """Record a doctor's credentials and documents; they answer nothing until a moderator
    verifies them.

    A rejected applicant may apply again with corrected credentials; the documents they sent
    before stay with the application. Documents are checked before anything is written, and
    raise DocumentRejected (nothing stored) for a file we do not accept.
    """
    fields = {
        "display_name": one_line(display_name),
        "specialty": one_line(specialty),
        "board_certification": one_line(board_certification),
        "licence_number": one_line(licence_number),
        "jurisdiction": one_line(jurisdiction),
        "npi_number": one_line(npi_number),
        "practice": one_line(practice),
        "website": website,
        "bio": bio,
    }
    with _documents_saved(documents) as saved, transaction.atomic(durable=True):
        profile = DoctorProfile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            profile = DoctorProfile.objects.create(
                user=user, slug=_free_slug(display_name), **fields
            )
        elif profile.verification_status != VerificationStatus.REJECTED:
            raise ApplicationError("You have applied already; see your application's status.")
        else:
            for name, value in fields.items():
                setattr(profile, name, value)
            profile.verification_status = VerificationStatus.PENDING
            profile.decision_reason = ""
            profile.save()
        _attach(profile, saved)
        return profile


def _undecided_application(user: User) -> DoctorProfile:
    """The user's application while it can still change, locked; ApplicationError else."""
    profile = DoctorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise ApplicationError("You have not applied as a doctor.")
    if profile.verification_status not in (VerificationStatus.PENDING, VerificationStatus.REJECTED):
        raise ApplicationError("Your application is decided; its documents can no longer change.")
    return profile


def add_application_documents(
    *, user: User, documents: Sequence[DocumentUpload]
) -> list[ApplicationDocument]:
    """Add documents to the user's application while a moderator has yet to verify it."""
    if not documents:
        raise DocumentRejected("Choose at least one file to send.")
    with _documents_saved(documents) as saved, transaction.atomic(durable=True):
        profile = _undecided_application(user)
        _attach(profile, saved)
        return list(profile.documents.filter(name__in=[name for name, *_ in saved]))


def _remove_files_on_commit(names: Sequence[str]) -> None:
    def remove() -> None:
        for name in names:
            (_document_root() / name).unlink(missing_ok=True)

    if names:
        transaction.on_commit(remove)


def remove_application_document(*, user: User, document_id: int) -> None:
    """The applicant takes a document back while their application is undecided."""
    with transaction.atomic(durable=True):
        profile = _undecided_application(user)
        document = profile.documents.filter(pk=document_id).first()
        if document is None:
            raise ApplicationError("That document is not part of your application.")
        document.delete()
        _remove_files_on_commit([document.name])


def delete_documents_of(user: User) -> None:
    """Remove the person's application documents and their files: their account is going.

    Called inside the account's deletion, so that both happen or neither.
    """
    documents = ApplicationDocument.objects.filter(profile__user=user)
    _remove_files_on_commit(list(documents.values_list("name", flat=True)))
    documents.delete()


def configured_registry() -> Registry:
    """The registry the settings name, asked over the network."""
    return NppesRegistry(
        base_url=settings.NPPES_API_URL,
        fetch=fetch_url,
        timeout=settings.REGISTRY_TIMEOUT_SECONDS,
    )


def _applicant(profile: DoctorProfile) -> Applicant:
    return Applicant(
        name=profile.display_name,
        specialty=profile.specialty,
        licence_number=profile.licence_number,
        jurisdiction=profile.jurisdiction,
        npi_number=profile.npi_number,
    )


def registry_applies(profile: DoctorProfile, registry: Registry | None = None) -> bool:
    """Whether the registry check is on and could find this applicant at all."""
    registry = registry or configured_registry()
    return settings.REGISTRY_CHECKS and registry.applies_to(_applicant(profile))


def check_registry(
    profile: DoctorProfile, *, moderator: User, registry: Registry | None = None
) -> RegistryCheck:
    """Look the applicant up in the registry and keep what matched, and when.

    The registry is asked outside any transaction. An answer that never came or cannot be
    read is kept as a check with that outcome, so the moderator sees it was tried; the
    application itself is never changed.
    """
    if not settings.REGISTRY_CHECKS:
        raise ApplicationError("Registry checks are turned off on this site (REGISTRY_CHECKS).")
    registry = registry or configured_registry()
    applicant = _applicant(profile)
    state = registry.state_of(applicant)
    outcome: str
    matched: dict[str, bool] = {}
    summary: dict[str, object] = {}
    message = ""
    try:
        query = registry.query_for(applicant)
    except RegistryNotApplicable as error:
        raise ApplicationError(str(error)) from error
    try:
        found = registry.look_up(applicant)
    except RegistryUnavailable as error:
        outcome = RegistryOutcome.UNAVAILABLE
        message = f"{registry.label} did not answer ({error}). Try again later."
    except RegistryAnswerMalformed as error:
        outcome = RegistryOutcome.MALFORMED
        message = f"{registry.label} sent {error}."
    else:
        query = found.query
        outcome, matched, summary = _judge(applicant, found.records, state)
    with transaction.atomic(durable=True):
        check = RegistryCheck.objects.create(
            profile=profile,
            registry=registry.key,
            queried_at=timezone.now(),
            requested_by=moderator,
            query=query,
            outcome=outcome,
            matched_fields=matched,
            summary=summary,
            message=message,
        )
        record_action(
            actor=moderator,
            action="check_registry",
            target=profile,
            reason=f"{registry.label}: {RegistryOutcome(outcome).label}",
        )
    return check


_SUMMARY_RECORDS = 5


def _judge(
    applicant: Applicant, records: list[RegistryRecord], state: str
) -> tuple[str, dict[str, bool], dict[str, object]]:
    """The outcome, the fields the best record bears out, and the records in brief."""
    if not records:
        return RegistryOutcome.NO_MATCH, {}, {"count": 0, "records": []}
    judged = [(compare(applicant, record, state), record) for record in records]
    judged.sort(key=lambda pair: -sum(pair[0].values()))
    best_fields, _ = judged[0]
    full = [pair for pair in judged if all(pair[0].values())]
    if len(full) == 1:
        outcome = RegistryOutcome.MATCHED
        best_fields = full[0][0]
    elif len(records) > 1:
        outcome = RegistryOutcome.SEVERAL
    else:
        outcome = RegistryOutcome.PARTIAL
    summary = {
        "count": len(records),
        "records": [_brief(record) for _, record in judged[:_SUMMARY_RECORDS]],
    }
    return outcome, best_fields, summary


def _brief(record: RegistryRecord) -> dict[str, object]:
    return {
        "number": record.number,
        "name": record.name,
        "credential": record.credential,
        "status": record.status,
        "enumeration_date": record.enumeration_date,
        "states": list(record.states),
        "licences": [
            {"number": licence.number, "state": licence.state, "description": licence.description}
            for licence in record.licences
        ],
        "specialties": list(record.specialties),
    }


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
