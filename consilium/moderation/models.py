"""Readers' flags on content, and the log of every moderator action."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from consilium.outcomes.models import OutcomeReport
from consilium.qa.models import Answer, Question


class FlagReason(models.TextChoices):
    SPAM = "spam", "Spam"
    UNSAFE = "unsafe", "Unsafe medical advice"
    SELF_PROMOTION = "self_promotion", "Self-promotion"
    OTHER = "other", "Something else"


class Flag(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="flags"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    report = models.ForeignKey(
        OutcomeReport, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False, answer__isnull=True, report__isnull=True)
                | models.Q(question__isnull=True, answer__isnull=False, report__isnull=True)
                | models.Q(question__isnull=True, answer__isnull=True, report__isnull=False),
                name="flag_targets_one_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on {self.target}"

    @property
    def target(self) -> Question | Answer | OutcomeReport:
        return self.question or self.answer or self.report  # type: ignore[return-value]

    @property
    def target_kind(self) -> str:
        """The target's kind as the moderation pages' addresses name it."""
        return "question" if self.question_id else "answer" if self.answer_id else "report"


class AuditEntry(models.Model):
    """One moderator action: who did what to which thing, when and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the entry still reads right after the actor's account is deleted.
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=40)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.target_type} {self.target_id}"
