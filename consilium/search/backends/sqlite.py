"""The SQLite index: an FTS5 table ranked by bm25, kept by triggers on the qa tables."""

from __future__ import annotations

# SQL here is built from table names and fixed fragments (hence the S608 markers); every
# value a person supplies travels as a bound parameter.
from typing import Any

from django.db.backends.utils import CursorWrapper

from consilium.search.backends.base import (
    MARK_END,
    MARK_START,
    Filters,
    RawHit,
    RawSnippet,
    Schema,
    SearchBackend,
    T,
    filter_sql,
    leaning_sql,
    specialties_sql,
    topic_token_sql,
    topic_tokens_sql,
    verdict_count_sql,
)
from consilium.search.query import AllOf, Condition, ParsedQuery, Phrase, any_of

FTS = "search_fts"
# Porter stemming matches "injections" to "injection"; remove_diacritics lets "cafe" find "café".
# An underscore is part of a word, so that the topic tokens ("consilium_topic_12") are one
# word each, and one that no query can hold: what a person types reaches the index as runs
# of letters and digits only. (Limiting queries to the text columns instead made every
# search twice as slow.)
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "title, body, answers, topics, "
    "tokenize = 'porter unicode61 remove_diacritics 2 tokenchars ''_''')"
)
# The document's columns, in the order _insert_documents gives them. A refresh updates each
# one by name, so a column written some other way is kept unless it is listed here.
DOCUMENT_COLUMNS = ("question_id", "answer_count", "leaning", "specialties")
TOPIC_WORD = "consilium_topic_"
# A title match counts for most, then the question's body, then the doctors' answers; the
# topic tokens are for the filter only.
BM25 = f"bm25({FTS}, 10.0, 4.0, 1.0, 0.0)"
TRIGGERS = (
    "search_question_insert",
    "search_question_update",
    "search_question_retext",
    "search_question_delete",
    "search_answer_insert",
    "search_answer_update",
    "search_answer_move",
    "search_answer_delete",
    "search_doctor_specialty",
    "search_consensus_insert",
    "search_consensus_update",
    "search_consensus_delete",
    "search_topic_insert",
    "search_topic_delete",
)


def _phrase(phrase: Phrase) -> str:
    # Words hold only letters and digits, so double quotes make each an inert FTS5 string.
    if phrase.exact or len(phrase.words) == 1:
        return '"' + " ".join(phrase.words) + '"'
    return "(" + " AND ".join(f'"{word}"' for word in phrase.words) + ")"


def _condition(condition: Condition) -> str:
    if isinstance(condition, Phrase):
        return _phrase(condition)
    joiner = " AND " if isinstance(condition, AllOf) else " OR "
    return "(" + joiner.join(_condition(part) for part in condition.parts) + ")"


def fts5_expression(query: ParsedQuery) -> str:
    terms = [_condition(any_of(alternatives)) for alternatives in query.terms]
    expression = (" OR " if query.any_term else " AND ").join(terms)
    if query.excluded:
        excluded = " OR ".join(_phrase(p) for p in query.excluded)
        expression = f"({expression}) NOT ({excluded})"
    return expression


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    # As on PostgreSQL, the newest 200 matches are ranked: with common words left out of the
    # scoring (see _scoring), scoring more costs a broad query noticeably (docs/search.md).
    ranked = 200
    # How many of the newest questions tell how common a query's words are (see _scoring).
    sample_size = 500

    def _insert_documents(self, schema: Schema, where: str) -> str:
        specialties = specialties_sql(schema, "group_concat", "char(10)")
        return (
            f"INSERT INTO {T.document} ({', '.join(DOCUMENT_COLUMNS)}) "  # noqa: S608
            f"SELECT q.id, {verdict_count_sql(schema, None)}, {leaning_sql(schema)}, "
            f"{specialties} FROM {T.question} q WHERE {where} AND {schema.visible_question()}"
        )

    def _insert_fts(self, schema: Schema, where: str) -> str:
        answers = (
            "coalesce((SELECT group_concat(x.text, char(10) || char(10)) FROM ("  # noqa: S608
            f"SELECT a.title || char(10) || a.body AS text FROM {T.answer} a "
            f"WHERE a.question_id = q.id{schema.visible_answer()} "
            "ORDER BY a.position, a.id) x), '')"
        )
        tokens = topic_tokens_sql("group_concat", ", ' '", TOPIC_WORD)
        topics = f"coalesce({tokens}, '')"
        return (
            f"INSERT INTO {FTS} (rowid, title, body, answers, topics) "  # noqa: S608
            f"SELECT q.id, q.title, q.body, {answers}, {topics} FROM {T.question} q "
            f"WHERE {where} AND {schema.visible_question()}"
        )

    def _rewrite(self, schema: Schema, which: str) -> str:
        """Rewrite the documents of the questions whose id is `which` ("= NEW.id", "IN (...)").

        The document row is updated in place, column by column, and deleted only when its
        question is gone or hidden; the FTS5 row has no upsert and is replaced.
        """
        visible = (
            f"SELECT 1 FROM {T.question} q WHERE q.id = {T.document}.question_id "  # noqa: S608
            f"AND {schema.visible_question()}"
        )
        update = ", ".join(f"{column} = excluded.{column}" for column in DOCUMENT_COLUMNS[1:])
        return "; ".join(
            [
                f"DELETE FROM {FTS} WHERE rowid {which}",  # noqa: S608
                # The SELECT's own WHERE tells SQLite that ON CONFLICT belongs to the INSERT.
                f"{self._insert_documents(schema, f'q.id {which}')} "
                f"ON CONFLICT (question_id) DO UPDATE SET {update}",
                f"DELETE FROM {T.document} WHERE question_id {which} AND NOT EXISTS ({visible})",  # noqa: S608
                self._insert_fts(schema, f"q.id {which}"),
            ]
        )

    def _refresh(self, schema: Schema, question_id: str) -> str:
        return self._rewrite(schema, f"= {question_id}")

    def _refresh_answered_by(self, schema: Schema, doctor_id: str) -> str:
        """Rewrite the documents of every question the doctor answered."""
        ids = f"(SELECT a.question_id FROM {T.answer} a WHERE a.doctor_id = {doctor_id})"  # noqa: S608
        return self._rewrite(schema, f"IN {ids}")

    def install_statements(self, schema: Schema) -> list[str]:
        hidden = ", is_hidden" if schema.question_hidden else ""
        answer_hidden = ", is_hidden" if schema.answer_hidden else ""
        pending = f"INSERT OR IGNORE INTO {T.pending} (question_id) VALUES (NEW.id)"  # noqa: S608
        statements = [FTS_CREATE]
        statements += [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]
        statements += [
            f"CREATE TRIGGER search_question_insert AFTER INSERT ON {T.question} BEGIN "
            f"{self._refresh(schema, 'NEW.id')}; {pending}; END",
            f"CREATE TRIGGER search_question_update AFTER UPDATE OF title, body{hidden} "
            f"ON {T.question} BEGIN {self._refresh(schema, 'NEW.id')}; END",
            f"CREATE TRIGGER search_question_retext AFTER UPDATE OF title, body ON {T.question} "
            "WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body "
            f"BEGIN {pending}; END",
            f"CREATE TRIGGER search_question_delete AFTER DELETE ON {T.question} BEGIN "  # noqa: S608
            f"DELETE FROM {FTS} WHERE rowid = OLD.id; "
            f"DELETE FROM {T.document} WHERE question_id = OLD.id; "
            f"DELETE FROM {T.embedding} WHERE question_id = OLD.id; "
            f"DELETE FROM {T.pending} WHERE question_id = OLD.id; END",
            f"CREATE TRIGGER search_answer_insert AFTER INSERT ON {T.answer} BEGIN "
            f"{self._refresh(schema, 'NEW.question_id')}; END",
            "CREATE TRIGGER search_answer_update AFTER UPDATE OF title, body, verdict, "
            f"question_id{answer_hidden} ON {T.answer} BEGIN "
            f"{self._refresh(schema, 'NEW.question_id')}; END",
            f"CREATE TRIGGER search_answer_move AFTER UPDATE OF question_id ON {T.answer} "
            "WHEN OLD.question_id IS NOT NEW.question_id BEGIN "
            f"{self._refresh(schema, 'OLD.question_id')}; END",
            f"CREATE TRIGGER search_answer_delete AFTER DELETE ON {T.answer} BEGIN "
            f"{self._refresh(schema, 'OLD.question_id')}; END",
            # The specialty filter reads the specialties copied into each document.
            f"CREATE TRIGGER search_doctor_specialty AFTER UPDATE OF specialty ON {T.doctor} "
            "WHEN OLD.specialty IS NOT NEW.specialty "
            f"BEGIN {self._refresh_answered_by(schema, 'NEW.id')}; END",
            # The topic filter matches the topic tokens in each document.
            f"CREATE TRIGGER search_topic_insert AFTER INSERT ON {T.question_topics} BEGIN "
            f"{self._refresh(schema, 'NEW.question_id')}; END",
            f"CREATE TRIGGER search_topic_delete AFTER DELETE ON {T.question_topics} BEGIN "
            f"{self._refresh(schema, 'OLD.question_id')}; END",
        ]
        if schema.consensus:
            statements += [
                f"CREATE TRIGGER search_consensus_insert AFTER INSERT ON {T.consensus} BEGIN "
                f"{self._refresh(schema, 'NEW.question_id')}; END",
                f"CREATE TRIGGER search_consensus_update AFTER UPDATE OF leaning ON {T.consensus} "
                "BEGIN "
                f"{self._refresh(schema, 'NEW.question_id')}; END",
                f"CREATE TRIGGER search_consensus_delete AFTER DELETE ON {T.consensus} BEGIN "
                f"{self._refresh(schema, 'OLD.question_id')}; END",
            ]
        return statements

    def uninstall_statements(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS] + [
            f"DROP TABLE IF EXISTS {FTS}"
        ]

    def rebuild_statements(self, schema: Schema) -> list[str]:
        return [
            f"DROP TABLE IF EXISTS {FTS}",
            FTS_CREATE,
            f"DELETE FROM {T.document}",  # noqa: S608
            self._insert_documents(schema, "1 = 1"),
            self._insert_fts(schema, "1 = 1"),
            f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')",  # noqa: S608
            f"INSERT OR IGNORE INTO {T.pending} (question_id) SELECT q.id FROM {T.question} q "  # noqa: S608
            f"WHERE NOT EXISTS (SELECT 1 FROM {T.embedding} e WHERE e.question_id = q.id)",
        ]

    def refresh(self, cursor: CursorWrapper, schema: Schema, question_id: int) -> None:
        for statement in self._refresh(schema, "%s").split("; "):
            cursor.execute(statement, [question_id] * statement.count("%s"))

    def _from(self, filters: Filters, schema: Schema) -> tuple[str, str, list[Any]]:
        """FROM and extra WHERE for the matches; the document table only when filtering."""
        where, params = filter_sql(filters, schema)
        join = f" JOIN {T.document} d ON d.question_id = {FTS}.rowid" if where else ""
        return f"FROM {FTS}{join}", where, params

    def _match(self, query: ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
        """What the index is asked to match: the query, and the chosen topic's token."""
        expression = fts5_expression(query)
        if not filters.topic:
            return "%s", [expression]
        return f"('(' || %s || ') AND topics : ' || {topic_token_sql(TOPIC_WORD)})", [
            expression,
            filters.topic,
        ]

    def search(
        self,
        cursor: CursorWrapper,
        query: ParsedQuery,
        filters: Filters,
        schema: Schema,
        limit: int,
        offset: int,
    ) -> list[RawHit]:
        source, where, params = self._from(filters, schema)
        match, match_params = self._match(query, filters)
        # Only the newest `ranked` matches are ranked: the floor is the rowid of the last of
        # them, found from the index's rowid order without scoring anything. Older matches
        # follow, newest first.
        floor = (
            f"coalesce((SELECT {FTS}.rowid {source} WHERE {FTS} MATCH {match}{where} "
            f"ORDER BY {FTS}.rowid DESC LIMIT 1 OFFSET %s), 0)"
        )
        hits: list[RawHit] = []
        if offset < self.ranked:
            scoring = self._scoring(cursor, query)
            if scoring is None:
                cursor.execute(
                    f"SELECT {FTS}.rowid, {BM25} AS score {source} "
                    f"WHERE {FTS} MATCH {match} AND {FTS}.rowid >= {floor}{where} "
                    f"ORDER BY score, {FTS}.rowid DESC LIMIT %s OFFSET %s",
                    [
                        *[*match_params, *match_params, *params, self.ranked - 1, *params],
                        *[limit, offset],
                    ],
                )
            else:
                candidate_params = [*match_params, *params, self.ranked - 1, *match_params, *params]
                # The matches to rank, then their scores by the words that can weigh; the
                # unary + keeps rowid IN out of the index's hands, which would otherwise run
                # the scoring once per candidate (and bm25() read every match each time).
                cursor.execute(
                    f"WITH floor AS MATERIALIZED (SELECT {floor} AS f), "  # noqa: S608
                    f"candidates AS MATERIALIZED (SELECT {FTS}.rowid AS id {source} "
                    f"WHERE {FTS} MATCH {match} AND {FTS}.rowid >= (SELECT f FROM floor){where}), "
                    f"scored AS MATERIALIZED (SELECT rowid AS id, {BM25} AS s FROM {FTS} "
                    f"WHERE {FTS} MATCH %s AND rowid >= (SELECT f FROM floor) "
                    "AND +rowid IN (SELECT id FROM candidates)) "
                    "SELECT c.id, coalesce(s.s, 0.0) AS score FROM candidates c "
                    "LEFT JOIN scored s ON s.id = c.id "
                    "ORDER BY score, c.id DESC LIMIT %s OFFSET %s",
                    [*candidate_params, scoring, limit, offset],
                )
            # bm25() is negative, lower being better; the page shows higher as better.
            hits = [RawHit(question_id=row[0], score=-row[1]) for row in cursor.fetchall()]
            if len(hits) < min(limit, self.ranked - offset):
                return hits  # fewer matches than ranked: there are no older ones
        if len(hits) < limit:
            cursor.execute(
                f"SELECT {FTS}.rowid {source} "
                f"WHERE {FTS} MATCH {match} AND {FTS}.rowid < {floor}{where} "
                f"ORDER BY {FTS}.rowid DESC LIMIT %s OFFSET %s",
                [
                    *[*match_params, *match_params, *params, self.ranked - 1, *params],
                    *[limit - len(hits), max(0, offset - self.ranked)],
                ],
            )
            hits += [RawHit(question_id=row[0], score=0.0) for row in cursor.fetchall()]
        return hits

    def _scoring(self, cursor: CursorWrapper, query: ParsedQuery) -> str | None:
        """What to score matches by when the query's common words can be left out, else None.

        bm25() gives a word that more than half the questions hold no weight (its IDF is
        floored near zero), yet reads every question holding it to learn that, most of a
        search's time (docs/search.md). How common each word is
        is read from the newest sample_size questions, in one statement. Only when rarer
        words remain are the common ones left out; a query of common words alone is scored
        as it is, so that its matches still rank by where and how often the words appear.
        """
        words = list(
            dict.fromkeys(
                word
                for alternatives in query.terms
                for phrase in alternatives
                if not phrase.exact or len(phrase.words) == 1
                for word in phrase.words
            )
        )
        if len(words) < 2:
            return None
        newest = (
            f"coalesce((SELECT question_id FROM {T.document} "  # noqa: S608
            "ORDER BY question_id DESC LIMIT 1 OFFSET %s), 0)"
        )
        holding = ", ".join(
            f"(SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s AND rowid >= {newest})"  # noqa: S608
            for _ in words
        )
        params: list[Any] = [self.sample_size - 1]
        for word in words:
            params += [f'"{word}"', self.sample_size - 1]
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {T.document} WHERE question_id >= {newest}), "  # noqa: S608
            f"{holding}",
            params,
        )
        sampled, *counts = cursor.fetchone()
        kept = [word for word, count in zip(words, counts, strict=True) if 2 * count <= sampled]
        if not kept or len(kept) == len(words):
            return None
        exact = [
            phrase
            for alternatives in query.terms
            for phrase in alternatives
            if phrase.exact and len(phrase.words) > 1
        ]
        return " OR ".join([*(_phrase(Phrase((word,))) for word in kept), *map(_phrase, exact)])

    def count(
        self, cursor: CursorWrapper, query: ParsedQuery, filters: Filters, schema: Schema, cap: int
    ) -> int:
        source, where, params = self._from(filters, schema)
        match, match_params = self._match(query, filters)
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {source} "  # noqa: S608
            f"WHERE {FTS} MATCH {match}{where} LIMIT %s)",
            [*match_params, *params, cap],
        )
        return int(cursor.fetchone()[0])

    def pill_figures_sql(self, result: str) -> str:
        # json_extract() hands an object on as JSON, so json_object() nests the tally.
        return (
            f"json_object('leaning', json_extract({result}, '$.leaning'), "
            f"'tally', json_extract({result}, '$.tally'), "
            f"'answers_considered', json_extract({result}, '$.answers_considered'))"
        )

    def snippets(
        self, cursor: CursorWrapper, query: ParsedQuery, question_ids: list[int], schema: Schema
    ) -> dict[int, RawSnippet]:
        if not question_ids:
            return {}
        marks = f"char({ord(MARK_START)}), char({ord(MARK_END)})"
        placeholders = ", ".join(["%s"] * len(question_ids))
        # Given `rowid IN (...)`, FTS5 looks each row up on its own and seeks every phrase of
        # the expression for it, ten times over; it reads the matches between the lowest and
        # highest of the rows in one pass for much less. The unary plus keeps the list out of
        # FTS5's hands: SQLite filters by it, and computes the excerpts for those rows only.
        cursor.execute(
            f"SELECT rowid, highlight({FTS}, 0, {marks}), "  # noqa: S608
            f"snippet({FTS}, 1, {marks}, '…', 32), snippet({FTS}, 2, {marks}, '…', 32) "
            f"FROM {FTS} WHERE {FTS} MATCH %s AND rowid BETWEEN %s AND %s "
            f"AND +rowid IN ({placeholders})",
            [fts5_expression(query), min(question_ids), max(question_ids), *question_ids],
        )
        return {
            row[0]: RawSnippet(title=row[1] or "", body=row[2] or "", answers=row[3] or "")
            for row in cursor.fetchall()
        }
