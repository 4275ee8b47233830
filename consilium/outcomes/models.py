"""A patient's trial of a treatment, announced when asking, reported on at its end."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

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

    @property
    def has_ended(self) -> bool:
        return self.ends_on <= timezone.localdate()


class WorthIt(models.TextChoices):
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"
    NO = "no", "No"


class OutcomeReport(models.Model):
    """A patient's account of how a treatment went for them."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="outcomes")
    trial = models.OneToOneField(
        Trial, null=True, blank=True, on_delete=models.SET_NULL, related_name="report"
    )
    weeks = models.PositiveSmallIntegerField()
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    worth_it = models.CharField(max_length=10, choices=WorthIt.choices)
    rating = models.PositiveSmallIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator: kept, but shown to no one else and counted in no figure.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
            # One report per person and treatment (a trial's report is one per trial): a
            # second one edits the first instead of counting twice.
            models.UniqueConstraint(
                fields=["patient", "topic"],
                condition=models.Q(trial__isnull=True, is_hidden=False),
                name="one_report_per_person_and_treatment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} after {self.weeks} weeks"

    def get_absolute_url(self) -> str:
        return f"{self.topic.get_absolute_url()}#outcome-{self.pk}"

    @property
    def heading(self) -> str:
        """How the report is named in the moderators' queue and on the flag form."""
        return f"Report on {self.topic.name}: {self.text[:80]}"

    @property
    def title(self) -> str:
        return self.heading


class PhotoKind(models.TextChoices):
    BEFORE = "before", "Before"
    AFTER = "after", "After"


class OutcomePhoto(models.Model):
    report = models.ForeignKey(OutcomeReport, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=8, choices=PhotoKind.choices)
    # A random file name under the photo store; never a name the uploader chose.
    name = models.CharField(max_length=64, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name
