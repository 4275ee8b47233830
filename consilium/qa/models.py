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
    # Hidden by a moderator: kept for the record and the audit log, shown to nobody else.
    is_hidden = models.BooleanField(default=False)
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
        slug = slugify(self.title)[:80] or "question"
        # A few words name pages under the question's URL; a title can't take them.
        return f"{slug}-question" if slug in {"edit", "updates", "follow"} else slug


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    doctor = models.ForeignKey(DoctorProfile, on_delete=models.PROTECT, related_name="answers")
    title = models.CharField(max_length=200)
    body = models.TextField()
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.NOT_STATED)
    # Order in which the answers appeared, kept so imported threads read as they did.
    position = models.PositiveIntegerField(default=0)
    # URLs or PubMed IDs, as the doctor wrote them; rendered as links.
    references = models.JSONField(default=list, blank=True)
    # Kept on the row so answers can be ordered by them without counting per page view.
    agree_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="one_answer_per_doctor")
        ]

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    """One version of a question or an answer; the first is the text as first posted."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    verdict = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Revision of {self.title}"


class Agreement(models.Model):
    """A verified doctor agreeing with another doctor's answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="agreements")
    doctor = models.ForeignKey(DoctorProfile, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "doctor"], name="agree_once_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.doctor} agrees with answer {self.answer_id}"


class HelpfulMark(models.Model):
    """A signed-in reader marking an answer as helpful to them."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="helpful_once_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.user} found answer {self.answer_id} helpful"


class Follow(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.question_id}"


class QuestionUpdate(models.Model):
    """A dated note the asker adds under their question ("Update after 4 months: ...")."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="updates")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Update on {self.question_id}"
