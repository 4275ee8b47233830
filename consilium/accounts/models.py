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


class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text
