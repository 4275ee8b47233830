"""A doctor's public profile and where its verification stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from consilium.links import row_url


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    REVOKED = "revoked", "No longer verified"


class DoctorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doctor_profile",
    )
    slug = models.SlugField(max_length=80, unique=True)
    display_name = models.CharField(max_length=120)
    specialty = models.CharField(max_length=120, blank=True)
    board_certification = models.CharField(max_length=200, blank=True)
    licence_number = models.CharField(max_length=60, blank=True)
    # The US National Provider Identifier, for a check in the NPPES registry; optional.
    npi_number = models.CharField(max_length=10, blank=True)
    jurisdiction = models.CharField(max_length=120, blank=True)
    practice = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)
    bio = models.TextField(blank=True)
    verification_status = models.CharField(
        max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # The moderator's last decision on this profile, shown to the doctor.
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Placeholder profiles made for answers of an imported thread that named no doctor.
    is_imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return row_url("web:doctor", slug=self.slug)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.verification_status == VerificationStatus.PENDING

    @property
    def last_registry_answer(self) -> RegistryCheck | None:
        """The newest registry check the registry answered, from the (prefetched) checks."""
        return next((c for c in self.registry_checks.all() if c.was_answered), None)

    @property
    def last_registry_failure(self) -> RegistryCheck | None:
        """The newest check, if the registry failed it after the last answer it gave."""
        newest = next(iter(self.registry_checks.all()), None)
        return newest if newest is not None and not newest.was_answered else None


class ApplicationDocument(models.Model):
    """A file an applicant sent with their application (licence scan, identity document).

    The file sits in DOCUMENT_ROOT under `name`, a random name; what the applicant called it
    is kept only to show them and the moderators.
    """

    profile = models.ForeignKey(DoctorProfile, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=48, unique=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    label = models.CharField(max_length=120)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1]


# How each registry a check names is shown to moderators.
REGISTRY_LABELS = {"nppes": "NPPES"}


class RegistryOutcome(models.TextChoices):
    MATCHED = "matched", "Matched"
    PARTIAL = "partial", "Partly matched"
    NO_MATCH = "no_match", "No record found"
    SEVERAL = "several", "Several records"
    UNAVAILABLE = "unavailable", "Registry did not answer"
    MALFORMED = "malformed", "Unreadable answer"


class RegistryCheck(models.Model):
    """One look-up of an applicant in a public registry: what was asked, what matched, when."""

    profile = models.ForeignKey(
        DoctorProfile, on_delete=models.CASCADE, related_name="registry_checks"
    )
    registry = models.CharField(max_length=20)
    queried_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.JSONField(default=dict)
    outcome = models.CharField(max_length=16, choices=RegistryOutcome.choices)
    # Field name ("name", "state", "licence", ...) to whether the registry's record agrees.
    matched_fields = models.JSONField(default=dict)
    # The record (or the first few records) found, in brief; never the whole response.
    summary = models.JSONField(default=dict)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-queried_at", "-id"]

    def __str__(self) -> str:
        return f"{self.registry_label} check of {self.profile}: {self.outcome}"

    @property
    def was_answered(self) -> bool:
        return self.outcome not in (RegistryOutcome.UNAVAILABLE, RegistryOutcome.MALFORMED)

    @property
    def registry_label(self) -> str:
        return REGISTRY_LABELS.get(self.registry, self.registry)

    @property
    def records(self) -> list[dict[str, object]]:
        found = self.summary.get("records") if isinstance(self.summary, dict) else None
        return found if isinstance(found, list) else []
