"""What both search backends share: the live schema they adapt to, filters, and the interface."""

from __future__ import annotations

# SQL here is built from table names and fixed fragments (hence the S608 markers); every
# value a person supplies travels as a bound parameter.
import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from consilium.consensus.models import QuestionConsensus
from consilium.doctors.models import DoctorProfile
from consilium.qa.models import Answer, Question
from consilium.search.models import PendingEmbedding, QuestionEmbedding, SearchDocument
from consilium.search.query import ParsedQuery, Phrase
from consilium.topics.models import Topic

# Marks that delimit matched words in highlights; private-use characters no text contains
# on purpose, turned into <mark> after the surrounding text is escaped.
MARK_START = "\ue000"
MARK_END = "\ue001"
# A query matching more questions than this ranks only the newest this many (the first 20
# pages of ten); older matches follow them newest first, up to the 1,000 a search shows.
# Ranking costs in proportion to the documents scored and the query's terms (docs/search.md).
RANKED = 200
# Each document holds a token per topic of its question: a prefix and the topic's id. Each
# backend's prefix holds a character that no word of a query can (TOPIC_WORD, TOPIC_LEXEME),
# so that typing a token cannot find a topic's questions.
TOPIC_TOKEN = "consiliumtopic"  # noqa: S105 - a word, not a secret


@dataclass(frozen=True)
class Tables:
    question: str = Question._meta.db_table
    answer: str = Answer._meta.db_table
    question_topics: str = Question.topics.through._meta.db_table
    topic: str = Topic._meta.db_table
    doctor: str = DoctorProfile._meta.db_table
    consensus: str = QuestionConsensus._meta.db_table
    document: str = SearchDocument._meta.db_table
    embedding: str = QuestionEmbedding._meta.db_table
    pending: str = PendingEmbedding._meta.db_table


T = Tables()


@dataclass(frozen=True)
class Schema:
    """Which optional columns the live database has, so that the triggers fit it.

    Moderation's is_hidden columns and the stored consensus may arrive after the index is
    installed; the post-migrate check compares signatures and reinstalls when they do.
    """

    question_hidden: bool
    answer_hidden: bool
    consensus: bool

    @classmethod
    def inspect(cls, connection: BaseDatabaseWrapper) -> Schema:
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))

            def columns(table: str) -> set[str]:
                if table not in tables:
                    return set()
                description = connection.introspection.get_table_description(cursor, table)
                return {column.name for column in description}

            return cls(
                question_hidden="is_hidden" in columns(T.question),
                answer_hidden="is_hidden" in columns(T.answer),
                consensus={"question_id", "leaning"} <= columns(T.consensus),
            )

    def visible_question(self, alias: str = "q") -> str:
        return f"NOT {alias}.is_hidden" if self.question_hidden else "1 = 1"

    def visible_answer(self, alias: str = "a") -> str:
        return f" AND NOT {alias}.is_hidden" if self.answer_hidden else ""


@dataclass(frozen=True)
class Filters:
    topic: str | None = None
    specialty: str | None = None
    answered: bool | None = None
    leaning: str | None = None


@dataclass(frozen=True)
class RawHit:
    question_id: int
    score: float


@dataclass(frozen=True)
class RawSnippet:
    title: str
    body: str
    answers: str


def leaning_sql(schema: Schema, question: str = "q") -> str:
    """The document's leaning: the one the question's stored consensus keeps, or none yet."""
    if not schema.consensus:
        return "''"
    return (
        f"coalesce((SELECT c.leaning FROM {T.consensus} c "  # noqa: S608
        f"WHERE c.question_id = {question}.id), '')"
    )


def verdict_count_sql(schema: Schema, verdict: str | None) -> str:
    condition = f" AND a.verdict = '{verdict}'" if verdict else ""
    return (
        f"(SELECT count(*) FROM {T.answer} a WHERE a.question_id = q.id"  # noqa: S608
        f"{schema.visible_answer()}{condition})"
    )


def specialties_sql(schema: Schema, aggregate: str, separator: str) -> str:
    """The document's specialties column: the answering doctors' distinct specialties.

    aggregate is the database's string concatenation (string_agg, group_concat).
    """
    return (
        f"coalesce((SELECT {separator} || {aggregate}(x.specialty, {separator}) || {separator} "  # noqa: S608
        f"FROM (SELECT DISTINCT lower(dp.specialty) AS specialty FROM {T.answer} a "
        f"JOIN {T.doctor} dp ON dp.id = a.doctor_id WHERE a.question_id = q.id"
        f"{schema.visible_answer()} AND dp.specialty <> '' ORDER BY 1) x), '')"
    )


def topic_tokens_sql(aggregate: str, separator: str, prefix: str) -> str:
    """A question's topics as index tokens (prefix and id), which the topic filter matches.

    Matched with the text, the filter reads only the questions that are both on the topic
    and about the query; a condition beside the match read every match's topic rows.
    """
    return (
        f"(SELECT {aggregate}('{prefix}' || qt.topic_id{separator}) "  # noqa: S608
        f"FROM {T.question_topics} qt WHERE qt.question_id = q.id)"
    )


def topic_token_sql(prefix: str) -> str:
    """The chosen topic's token, from its slug; a token no question holds if there is none."""
    return f"('{prefix}' || coalesce((SELECT t.id FROM {T.topic} t WHERE t.slug = %s), 0))"  # noqa: S608


def filter_sql(filters: Filters, schema: Schema, alias: str = "d") -> tuple[str, list[Any]]:
    """Extra WHERE conditions on the document table for the chosen filters.

    The topic filter is not among them: each backend matches it with the text.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if filters.answered is True:
        clauses.append(f"{alias}.answer_count > 0")
    elif filters.answered is False:
        clauses.append(f"{alias}.answer_count = 0")
    if filters.leaning:
        clauses.append(f"{alias}.leaning = %s")
        params.append(filters.leaning)
    if filters.specialty:
        # Both sides lowered by the database, as the stored list was.
        clauses.append(f"{alias}.specialties LIKE lower(%s) ESCAPE '!'")
        escaped = filters.specialty.replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params.append(f"%\n{escaped}\n%")
    return "".join(f" AND {clause}" for clause in clauses), params


class SearchBackend(ABC):
    """One database's way of keeping and querying the full-text index."""

    vendor: str
    # Read through the instance, so a test can rank fewer.
    ranked: int = RANKED

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def schema(self) -> Schema:
        return Schema.inspect(self.connection)

    def signature(self, schema: Schema) -> str:
        text = "\n".join(self.install_statements(schema) + self.rebuild_statements(schema))
        return hashlib.sha256(text.encode()).hexdigest()

    @abstractmethod
    def install_statements(self, schema: Schema) -> list[str]:
        """Create the index's own tables, columns and triggers; safe to run again."""

    @abstractmethod
    def uninstall_statements(self) -> list[str]:
        """Drop the triggers (and vendor tables) so the qa tables stand alone."""

    @abstractmethod
    def rebuild_statements(self, schema: Schema) -> list[str]:
        """Empty the index and fill it again from the questions and answers."""

    def store_topic_mentions(
        self, cursor: CursorWrapper, mentions: list[tuple[int, list[Phrase]]]
    ) -> bool:
        """Keep each topic's names (id, alternatives) where the index tags the documents
        mentioning them, if it does, when installing; returns whether they changed."""
        return False

    def retag_topic_mentions(self, mentions: list[tuple[int, list[Phrase]]]) -> bool:
        """Keep the topics' names and retag the documents whose mentions changed, if the
        index tags mentions, never making writers wait; returns whether any name changed."""
        return False

    @abstractmethod
    def refresh(self, cursor: CursorWrapper, schema: Schema, question_id: int) -> None:
        """Rewrite one question's document from its current rows."""

    @abstractmethod
    def search(
        self,
        cursor: CursorWrapper,
        query: ParsedQuery,
        filters: Filters,
        schema: Schema,
        limit: int,
        offset: int,
    ) -> list[RawHit]:
        """Matching visible questions, best first."""

    @abstractmethod
    def count(
        self, cursor: CursorWrapper, query: ParsedQuery, filters: Filters, schema: Schema, cap: int
    ) -> int:
        """How many questions match, counting no further than cap."""

    def page(
        self,
        cursor: CursorWrapper,
        query: ParsedQuery,
        filters: Filters,
        schema: Schema,
        limit: int,
        offset: int,
        cap: int,
    ) -> tuple[int, list[RawHit]]:
        """The count of matches (no further than cap) and one page of them, best first."""
        total = self.count(cursor, query, filters, schema, cap)
        if not total or offset >= total:
            return total, []
        return total, self.search(cursor, query, filters, schema, limit, offset)

    @abstractmethod
    def snippets(
        self, cursor: CursorWrapper, query: ParsedQuery, question_ids: list[int], schema: Schema
    ) -> dict[int, RawSnippet]:
        """Marked title, body and answer excerpts for the questions on one page."""

    def hit_rows(self, cursor: CursorWrapper, question_ids: list[int]) -> list[tuple[Any, ...]]:
        """The page's questions as its cards show them, a row per question and topic (topics
        by name): id, title, body, answer count, the document's leaning, what of the stored
        consensus a verdict pill reads (a JSON object of its leaning, tally and answers
        considered; None without a consensus), the topic's slug and name.

        One statement written here rather than through the ORM, which spent several times
        the statement's own time building it.
        """
        placeholders = ", ".join(["%s"] * len(question_ids))
        cursor.execute(
            "SELECT q.id, q.title, q.body, d.answer_count, d.leaning, "  # noqa: S608
            f"CASE WHEN c.id IS NULL THEN NULL ELSE {self.pill_figures_sql('c.result')} END, "
            f"t.slug, t.name FROM {T.question} q "
            f"LEFT JOIN {T.document} d ON d.question_id = q.id "
            f"LEFT JOIN {T.consensus} c ON c.question_id = q.id "
            f"LEFT JOIN {T.question_topics} qt ON qt.question_id = q.id "
            f"LEFT JOIN {T.topic} t ON t.id = qt.topic_id "
            f"WHERE q.id IN ({placeholders}) ORDER BY t.name, t.id",
            question_ids,
        )
        return cursor.fetchall()

    @abstractmethod
    def pill_figures_sql(self, result: str) -> str:
        """JSON text of an object holding the stored consensus result's leaning, tally and
        answers_considered."""
