"""A patient's public question and the verified doctors' answers to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from consilium.doctors.models import DoctorProfile
from consilium.topics.models import Topic


class Verdict(models.TextChoices):
    RECOMMEND = "recommend", "Yes"
    DEPENDS = "depends", "It depends"
    NOT_RECOMMENDED = "not_recommended", "No"
    NOT_STATED = "not_stated", "Not stated"


class Question(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="questions")
    is_imported = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="question_recent_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:question", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "question"


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    doctor = models.ForeignKey(DoctorProfile, on_delete=models.PROTECT, related_name="answers")
    title = models.CharField(max_length=200)
    body = models.TextField()
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.NOT_STATED)
    # Order in which the answers appeared, kept so imported threads read as they did.
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="one_answer_per_doctor")
        ]

    def __str__(self) -> str:
        return self.title
