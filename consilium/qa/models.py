"""A patient's public question and the verified doctors' answers to it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.text import slugify

from consilium.consensus.text import split_sentences
from consilium.doctors.models import DoctorProfile
from consilium.links import row_url
from consilium.topics.models import Topic


class Verdict(models.TextChoices):
    RECOMMEND = "recommend", "Yes"
    DEPENDS = "depends", "It depends"
    NOT_RECOMMENDED = "not_recommended", "No"
    NOT_STATED = "not_stated", "Not stated"


# Markdown markers and link targets, left out of a heading made from an answer's text.
_MARKUP_RE = re.compile(r"\]\([^)]*\)|[*_#>`\[\]]")


class Purpose(models.TextChoices):
    """What the asker wants from the treatment; doctors' figures are split by it."""

    COSMETIC = "cosmetic", "Cosmetic result"
    RECOVERY = "recovery", "Medical recovery"
    SAFETY = "safety", "Safety"
    COST = "cost", "Cost"
    OTHER = "other", "Other"


class PurposeSource(models.TextChoices):
    ASKER = "asker", "Set by the asker"
    INFERRED = "inferred", "Read from the question"
    MODERATOR = "moderator", "Set by a moderator"


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
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.OTHER)
    purpose_source = models.CharField(
        max_length=16, choices=PurposeSource.choices, default=PurposeSource.INFERRED
    )
    # Hidden by a moderator: kept for the record and the audit log, shown to nobody else.
    is_hidden = models.BooleanField(default=False)
    # Describes an emergency sign (see qa/urgent.py); set on every write so moderators'
    # queue can put these first without reading every question's text.
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="question_recent_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("web:question", pk=self.pk, slug=self.slug)

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
    # When an imported answer was written on its source site, if the file said so;
    # created_at is then the same moment, otherwise the time of the import.
    source_date = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="one_answer_per_doctor")
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """The title, or for an untitled (imported) answer its first sentence, shortened."""
        if self.title:
            return self.title
        sentences = split_sentences(self.body)
        first = " ".join(_MARKUP_RE.sub(" ", sentences[0] if sentences else "").split())
        return first if len(first) <= 140 else first[:139].rsplit(" ", 1)[0] + "…"


class ThreadSource(models.Model):
    """Where an imported question came from, so the page can say so and re-imports skip it."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="source")
    # A hash of the source URL when the file gives one, else of the thread's content.
    key = models.CharField(max_length=64, unique=True)
    url = models.URLField(max_length=500, blank=True)
    imported_at = models.DateTimeField()
    # When the question was asked on the source site, if the file said so.
    asked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.url or f"Imported thread {self.question_id}"

    @property
    def host(self) -> str:
        """The source site's host name without "www.", or "" when no URL was given."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


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
