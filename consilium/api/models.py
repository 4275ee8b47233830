"""Personal API tokens: only a hash of the secret is kept, with a short prefix to find it by."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read-write", "Read and write"


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # Shown on the settings page and part of the token itself, so a leaked token can be
    # recognised and a request's token found without scanning every row.
    prefix = models.CharField(max_length=16, unique=True)
    # sha256 of the whole token: the secret is random and long, so a slow hash adds nothing.
    digest = models.CharField(max_length=64)
    scope = models.CharField(max_length=16, choices=TokenScope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


class RequestCounter(models.Model):
    """One rate-limit window's count, shared by every app process (see api/counters.py)."""

    key = models.CharField(max_length=250, unique=True)
    count = models.BigIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
