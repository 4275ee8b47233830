"""A doctor's public profile and where its verification stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


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
        return reverse("web:doctor", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.verification_status == VerificationStatus.PENDING
