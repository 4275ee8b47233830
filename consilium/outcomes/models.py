"""A patient's trial of a treatment, announced when asking, reported on at its end."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from consilium.qa.models import Question
from consilium.topics.models import Topic


class Trial(models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="trial")
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="trials"
    )
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.CharField(max_length=200, blank=True)
    planned_weeks = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["reminded_at", "started_on"], name="trial_due_idx")]

    def __str__(self) -> str:
        return self.description or f"Trial on question {self.question_id}"

    @property
    def ends_on(self) -> date:
        return self.started_on + timedelta(weeks=self.planned_weeks)
