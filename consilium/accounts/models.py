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
