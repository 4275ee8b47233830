"""A person on the site, known publicly only by a pseudonymous handle."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from consilium.accounts.handles import random_handle


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    DOCTOR = "doctor", "Doctor"
    MODERATOR = "moderator", "Moderator"


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PATIENT)
    # The only name of a patient that ever appears on a page or in the API.
    handle = models.SlugField(max_length=40, unique=True, blank=True)

    def __str__(self) -> str:
        return self.handle or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.handle:
            self.handle = random_handle()
            while type(self).objects.filter(handle=self.handle).exists():
                self.handle = random_handle()
        super().save(*args, **kwargs)


class NotificationKind(models.TextChoices):
    NEW_ANSWER = "new_answer", "New answer"
    QUESTION_UPDATED = "question_updated", "Question updated"
    TRIAL_REMINDER = "trial_reminder", "Time to report back"


class Delivery(models.TextChoices):
    """How a person is emailed about one kind of event; in-app notifications come regardless."""

    IMMEDIATE = "immediate", "Email right away"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    OFF = "off", "No email"


DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Chosen from the recipient's preference when it was made: emailed alone, in a digest, or not.
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_pending_idx"),
        ]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """One person's choice for one kind of event; without a row they are emailed right away."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"
