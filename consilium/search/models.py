"""The search index's tables: one document per visible question, and question embeddings."""

from __future__ import annotations

from django.db import models

from consilium.consensus import leaning
from consilium.qa.models import Question


class Leaning(models.TextChoices):
    """The leanings search filters on; the rule that decides them and their names are
    consilium.consensus.leaning's."""

    RECOMMEND = leaning.RECOMMEND, leaning.LABELS[leaning.RECOMMEND].capitalize()
    DEPENDS = leaning.DEPENDS, leaning.LABELS[leaning.DEPENDS].capitalize()
    NOT_RECOMMENDED = leaning.NOT_RECOMMENDED, leaning.LABELS[leaning.NOT_RECOMMENDED].capitalize()
    MIXED = leaning.MIXED, leaning.LABELS[leaning.MIXED].capitalize()


class SearchDocument(models.Model):
    """What search filters on, one row per visible question.

    Written only by database triggers (see backends), never by the ORM, so that every write
    path, bulk imports and raw SQL included, keeps it right. The full-text part lives beside
    it: an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL.
    """

    question = models.OneToOneField(
        Question,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    answer_count = models.PositiveIntegerField(default=0)
    leaning = models.CharField(max_length=20, blank=True, default="")
    # Lower-cased specialties of the doctors with a visible answer, each between newlines
    # ("\ndermatology\nplastic surgery\n"), so the specialty filter reads this row instead of
    # joining every matching question's answers and doctors.
    specialties = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return f"Search document of question {self.question_id}"


class QuestionEmbedding(models.Model):
    """A question's sentence vector (float32 bytes), so similar questions embed only the query."""

    question = models.OneToOneField(
        Question,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_embedding",
    )
    model = models.CharField(max_length=60)
    vector = models.BinaryField()
    # Processes holding vectors in memory load only the rows written since they last looked.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Embedding of question {self.question_id}"


class PendingEmbedding(models.Model):
    """Questions whose text changed since they were embedded; filled by triggers."""

    question_id = models.BigIntegerField(primary_key=True)

    def __str__(self) -> str:
        return f"Question {self.question_id} awaits embedding"


class IndexState(models.Model):
    """Facts about the installed index, such as the signature of its triggers."""

    key = models.CharField(max_length=40, primary_key=True)
    value = models.TextField()

    def __str__(self) -> str:
        return self.key
