"""Writes to the search index: installing and rebuilding it, and embedding questions.

Day to day the index needs no calls from here: database triggers rewrite a question's
document on every create, edit, hide and delete of the question or its answers, whatever
wrote them (forms, the admin, bulk imports, raw SQL). What Python must do is embedding, which
the triggers only queue (PendingEmbedding) for embed_pending_questions() to work through.
"""

from __future__ import annotations

# SQL here is built from table names and fixed fragments (hence the S608 markers); every
# value a person supplies travels as a bound parameter.
import logging
import time
from collections.abc import Callable, Iterable, Sequence

from django.db import connections, transaction

from consilium.qa.models import Question
from consilium.search.backends import cached_schema, forget_schema, get_backend
from consilium.search.backends.base import T
from consilium.search.embedding import get_embedder, to_bytes
from consilium.search.models import IndexState, PendingEmbedding, QuestionEmbedding
from consilium.search.query import (
    MAX_ALTERNATIVES,
    Phrase,
    SynonymIndex,
    without_subsumed,
)
from consilium.search.similarity import embedding_text
from consilium.topics.models import Topic

logger = logging.getLogger(__name__)

SIGNATURE_KEY = "index-signature"
# The embedding model whose vectors every question was last checked to have.
EMBEDDING_MODEL_KEY = "embedding-model"


def _execute(using: str, statements: Iterable[str]) -> None:
    with connections[using].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _index_tables_exist(using: str) -> bool:
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    return {T.document, T.pending, IndexState._meta.db_table} <= tables


def index_installed(using: str = "default") -> bool:
    """Whether the index's tables exist and hold a recorded installation."""
    return (
        _index_tables_exist(using)
        and IndexState.objects.using(using).filter(key=SIGNATURE_KEY).exists()
    )


def ensure_index(using: str = "default") -> bool:
    """Install the index, or reinstall it when the live schema needs other triggers.

    Runs after every migrate. The signature of the trigger SQL is kept in IndexState, so
    this costs one query when nothing changed; when something did (first install, moderation
    adding is_hidden, a flush emptying the tables) it installs and rebuilds everything.
    Returns whether it rebuilt.
    """
    if not _index_tables_exist(using):
        return False
    forget_schema()
    backend = get_backend(using)
    schema = cached_schema(using)
    signature = backend.signature(schema)
    queue_stale_embeddings(using)
    current = IndexState.objects.using(using).filter(key=SIGNATURE_KEY).first()
    if current is not None and current.value == signature:
        return False
    rebuild_index(using)
    return True


def rebuild_index(using: str = "default") -> None:
    """(Re)install the triggers and fill the index from the questions and answers."""
    forget_schema()
    backend = get_backend(using)
    schema = backend.schema()
    with transaction.atomic(using=using):
        _execute(using, backend.install_statements(schema))
        with connections[using].cursor() as cursor:
            backend.store_topic_mentions(cursor, topic_names(using))
        _execute(using, backend.rebuild_statements(schema))
        IndexState.objects.using(using).update_or_create(
            key=SIGNATURE_KEY, defaults={"value": backend.signature(schema)}
        )


def _read_synonyms(using: str) -> tuple[SynonymIndex, dict[str, int]]:
    """The topics' names and synonyms as the search reads them, and each topic's id by slug."""
    rows = list(
        Topic.objects.using(using).order_by("name").values_list("pk", "slug", "name", "synonyms")
    )
    index = SynonymIndex.from_names(
        (slug, name, synonyms if isinstance(synonyms, list) else [])
        for _, slug, name, synonyms in rows
    )
    return index, {slug: pk for pk, slug, _, _ in rows}


def topic_names(using: str = "default") -> list[tuple[int, list[Phrase]]]:
    """Each topic's id and the alternatives a search for one of its names matches."""
    index, ids = _read_synonyms(using)
    # A topic whose every name an earlier topic claimed is never searched for.
    searched = {topic.slug: topic for topic in index.by_words.values()}
    return [
        (ids[slug], without_subsumed(list(topic.phrases)[:MAX_ALTERNATIVES]))
        for slug, topic in searched.items()
    ]


def refresh_topic_mentions(using: str = "default") -> bool:
    """Store the topics' names as the index matches them and retag the documents whose
    mentions changed; nothing when no name did. Returns whether any did.

    Until it runs after a rename, searches for the topic match its names word by word,
    which gives the same results, only slower. Questions and answers are posted as usual
    while it runs: it never holds a lock on the whole index.
    """
    return get_backend(using).retag_topic_mentions(topic_names(using))


def schedule_topic_mentions(using: str = "default") -> None:
    """Refresh the topic mentions in the background once the current transaction commits.

    A refresh finding the stored names current costs one query, so a taxonomy sync that
    saves many topics queues many refreshes, and all but the first do nothing.
    """
    from consilium.search.tasks import refresh_mentions

    transaction.on_commit(refresh_mentions.enqueue, using=using)


def uninstall_index(using: str = "default") -> None:
    """Drop the triggers and vendor tables, leaving the qa tables as if search never was."""
    _execute(using, get_backend(using).uninstall_statements())
    IndexState.objects.using(using).filter(key=SIGNATURE_KEY).delete()


def reindex_question(question_id: int, using: str = "default") -> None:
    """Rewrite one question's search document now; the triggers already do this on writes."""
    backend = get_backend(using)
    schema = cached_schema(using)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        backend.refresh(cursor, schema, question_id)
        cursor.execute(f"SELECT 1 FROM {T.embedding} WHERE question_id = %s", [question_id])  # noqa: S608
        if cursor.fetchone() is None:
            PendingEmbedding.objects.using(using).get_or_create(question_id=question_id)


# The taxonomy changes a few times a year; reading it for every search cost a query each.
SYNONYMS_TTL_SECONDS = 300
_synonyms: dict[str, tuple[float, SynonymIndex]] = {}


def synonym_index(using: str = "default") -> SynonymIndex:
    """Topic names and synonyms, read at most every few minutes (and after topic writes)."""
    key = f"{using}:{connections[using].settings_dict['NAME']}"
    cached = _synonyms.get(key)
    if cached is not None and time.monotonic() - cached[0] < SYNONYMS_TTL_SECONDS:
        return cached[1]
    index, _ = _read_synonyms(using)
    _synonyms[key] = (time.monotonic(), index)
    return index


def forget_synonyms() -> None:
    _synonyms.clear()


def embed_questions(
    question_ids: Sequence[int], using: str = "default", synonyms: SynonymIndex | None = None
) -> int:
    """Compute and store the vectors of these questions; returns how many were stored."""
    return len(_embed(question_ids, using, synonyms))


def _embed(
    question_ids: Sequence[int], using: str, synonyms: SynonymIndex | None
) -> dict[int, tuple[str, str]]:
    """Embed and store these questions; returns the title and body each was embedded from."""
    embedder = get_embedder()
    if embedder is None or not question_ids:
        return {}
    synonyms = synonyms if synonyms is not None else synonym_index(using)
    rows = list(
        Question.objects.using(using)
        .filter(pk__in=list(question_ids))
        .values_list("pk", "title", "body")
    )
    if not rows:
        return {}
    vectors = embedder.embed([embedding_text(title, body, synonyms) for _, title, body in rows])
    # Replaced, not updated: a new row has a new id, which is how processes holding vectors
    # in memory notice it (vectors.VectorIndex).
    with transaction.atomic(using=using):
        QuestionEmbedding.objects.using(using).filter(
            question_id__in=[pk for pk, _, _ in rows]
        ).delete()
        QuestionEmbedding.objects.using(using).bulk_create(
            [
                QuestionEmbedding(question_id=pk, model=embedder.model_id, vector=to_bytes(v))
                for (pk, _, _), v in zip(rows, vectors, strict=True)
            ],
            # Two workers embedding the same question at once: either row will do.
            ignore_conflicts=True,
        )
    return {pk: (title, body) for pk, title, body in rows}


def queue_stale_embeddings(using: str = "default") -> int:
    """Queue every question lacking a vector of the installed model; returns how many.

    Vectors of another model (or of another version of the text a question is embedded
    from, which changes the model id) cannot be compared with the query's and are never
    read. The model id last checked is kept in IndexState, so this costs one query until the
    model changes; then it queues the questions whose vectors are of the old one.
    """
    embedder = get_embedder()
    if embedder is None or not _index_tables_exist(using):
        return 0
    state = IndexState.objects.using(using)
    if state.filter(key=EMBEDDING_MODEL_KEY, value=embedder.model_id).exists():
        return 0
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {T.pending} (question_id) SELECT q.id FROM {T.question} q "  # noqa: S608
            f"WHERE NOT EXISTS (SELECT 1 FROM {T.embedding} e "
            "WHERE e.question_id = q.id AND e.model = %s) "
            f"AND NOT EXISTS (SELECT 1 FROM {T.pending} p WHERE p.question_id = q.id)",
            [embedder.model_id],
        )
        queued = max(0, cursor.rowcount)
        state.update_or_create(key=EMBEDDING_MODEL_KEY, defaults={"value": embedder.model_id})
    return queued


def embed_pending_questions(
    using: str = "default",
    batch_size: int = 256,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Embed the questions the triggers queued; returns how many.

    Safe to run concurrently, and again after a run that died midway: a question leaves the
    queue only once its vector is stored, and only if its text is still what was embedded
    (an edit meanwhile keeps it queued, for the next run). progress, when given, is called
    with the number embedded so far after each batch.
    """
    if get_embedder() is None:
        return 0
    queue_stale_embeddings(using)
    synonyms = synonym_index(using)
    pending = PendingEmbedding.objects.using(using)
    done, after = 0, 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        ids = list(
            pending.filter(question_id__gt=after)
            .order_by("question_id")
            .values_list("question_id", flat=True)[:size]
        )
        if not ids:
            break
        embedded = _embed(ids, using, synonyms)
        with transaction.atomic(using=using):
            # Locked, so that an edit waits and queues its question after this commits.
            current = dict.fromkeys(ids)
            for pk, title, body in (
                Question.objects.using(using)
                .select_for_update(no_key=True)
                .filter(pk__in=ids)
                .values_list("pk", "title", "body")
            ):
                current[pk] = (title, body)
            finished = [pk for pk in ids if current[pk] is None or current[pk] == embedded.get(pk)]
            pending.filter(question_id__in=finished).delete()
        done += len(ids)
        after = ids[-1]
        if progress is not None:
            progress(done)
    return done


def embed_all_questions(
    using: str = "default",
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Queue every question for embedding and work through the queue."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {T.pending}")  # noqa: S608
        cursor.execute(f"INSERT INTO {T.pending} (question_id) SELECT id FROM {T.question}")  # noqa: S608
    return embed_pending_questions(using=using, batch_size=batch_size, progress=progress)


def schedule_embedding(using: str = "default") -> None:
    """Embed queued questions in the background once the current transaction commits."""
    from consilium.search.tasks import embed_pending

    transaction.on_commit(embed_pending.enqueue, using=using)
