"""The stored consensus of a question, so that showing it never re-reads the answers."""

from __future__ import annotations

from django.db import models

from consilium.qa.models import Question


class QuestionConsensus(models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="consensus")
    # The method's output exactly as the API returns it (see consilium.consensus.method).
    result = models.JSONField()
    method_version = models.PositiveIntegerField()
    # Which way the doctors lean (consilium.consensus.leaning), kept beside the result so that
    # search can filter on it without reading the result's insides.
    leaning = models.CharField(max_length=20, blank=True, default="")
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Consensus of question {self.question_id}"
