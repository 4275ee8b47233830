"""The PostgreSQL index: a weighted tsvector per question with a GIN index, kept by triggers."""

from __future__ import annotations

# SQL here is built from table names and fixed fragments (hence the S608 markers); every
# value a person supplies travels as a bound parameter.
import itertools
import logging
import time
from typing import Any

from django.db import transaction
from django.db.backends.utils import CursorWrapper

from consilium.search.backends.base import (
    MARK_END,
    MARK_START,
    TOPIC_TOKEN,
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
)
from consilium.search.query import (
    AllOf,
    Condition,
    ParsedQuery,
    Phrase,
    alternatives_key,
    any_of,
)

logger = logging.getLogger(__name__)

CONFIG = "english"
FUNCTIONS = (
    "search_word_pairs(tsvector)",
    "search_with_mentions(tsvector)",
    "search_mentions(tsvector)",
    "search_held_mentions(tsvector)",
    "search_refresh_question(bigint)",
    "search_on_question()",
    "search_on_answer()",
    "search_on_consensus()",
    "search_on_doctor()",
    "search_on_question_topic()",
)
TRIGGERS = (
    ("search_question", T.question),
    ("search_answer", T.answer),
    ("search_consensus", T.consensus),
    ("search_doctor_specialty", T.doctor),
    ("search_question_topic", T.question_topics),
)
# The document's columns, in the order _document_select gives them. A refresh updates each
# one by name, so a column written some other way is kept unless it is listed here.
DOCUMENT_COLUMNS = ("question_id", "answer_count", "leaning", "specialties", "document")
UPDATE_DOCUMENT = ", ".join(f"{column} = EXCLUDED.{column}" for column in DOCUMENT_COLUMNS[1:])
HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=32, MinWords=12, ShortWord=2, "
    'MaxFragments=1, FragmentDelimiter=" … "'
)
# Title matches weigh most, then the question's body, then the answers (weights D, C, B, A).
# Normalisation 1 divides by the log of a document's length, so long threads do not win by
# size alone. ts_rank, not ts_rank_cd: they ranked alike and cover density cost far more
# (docs/search.md, "Measurements behind the code").
# Only the text's lexemes are ranked: a document's length counts each lexeme without
# positions as a word, and the topic and mention tokens would otherwise lower the rank of a
# document for every topic it is on or mentions.
RANK = "ts_rank('{0.05, 0.2, 0.4, 1.0}', ts_filter(d.document, '{a,b,c}'), query.q, 1)"
# The topic tokens' prefix here: a query's lexemes never hold a colon.
TOPIC_LEXEME = f"{TOPIC_TOKEN}:"
TITLE_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
# Every two words next to each other in a document, as one lexeme ("aspirin volum"), for the
# index that quoted phrases are looked up in (see page()). Words too long for a lexeme
# together are left out: no query word is longer than MAX_WORD_CHARS.
WORD_PAIRS = (
    "CREATE OR REPLACE FUNCTION search_word_pairs(document tsvector) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)), "
    "''::tsvector) FROM (SELECT lexeme, unnest(positions) AS p FROM unnest(document)) a "
    "JOIN (SELECT lexeme, unnest(positions) AS p FROM unnest(document)) b ON b.p = a.p + 1 "
    "WHERE octet_length(a.lexeme) + octet_length(b.lexeme) < 2000 $$"
)
# Each topic's names, as the index matches them (see store_topic_mentions).
MENTIONS = "search_topicmention"
MENTION_LEXEME = "consiliummention:"
# Retagging (retag_topic_mentions): documents rewritten a transaction at a time, the pause
# between rounds, how many rounds skip the rows writers hold before waiting for them, and
# the longest wait for transactions that wrote before the names changed.
RETAG_BATCH = 200
RETAG_PAUSE = 0.05
RETAG_ROUNDS = 100
RETAG_WAIT_SECONDS = 600
# The advisory lock that makes two retags take turns (any number no other code uses).
RETAG_LOCK = 7_316_040_001
# The mention lexeme of the topic whose stored names match as the term's do, as a tsquery.
MENTION_OF = (
    f"SELECT quote_literal('{MENTION_LEXEME}' || m.topic_id)::tsquery FROM {MENTIONS} m "  # noqa: S608
    "WHERE m.alternatives = %s ORDER BY m.topic_id LIMIT 1"
)
# The word pairs of the phrases passed as a text array, as a tsquery needing all of them
# (NULL when no two of a phrase's words are next to each other, stop words apart).
PAIRS_QUERY = (
    "(SELECT string_agg(quote_literal(pair), ' & ') FROM unnest(%s::text[]) AS phrase, "  # noqa: S608
    f"unnest(tsvector_to_array(search_word_pairs(to_tsvector('{CONFIG}', phrase)))) AS pair)"
)


def tsquery_expression(query: ParsedQuery, mentions: bool = False) -> tuple[str, list[Any]]:
    """SQL for the query's tsquery: websearch_to_tsquery per quoted phrase, joined by operators.

    Each phrase reaches PostgreSQL as a bound parameter inside double quotes, and holds only
    letters and digits, so no operator a person typed survives to mean anything. With
    mentions, a term that is a topic's names becomes the topic's mention lexeme, when the
    stored names are the term's (see store_topic_mentions); matching it reads one posting list.
    """
    params: list[Any] = []

    def phrase(p: Phrase) -> str:
        # Only a phrase a person quoted needs word positions: anything else is all of its
        # words, which the GIN index answers exactly, without reading a single document.
        if p.exact:
            params.append('"' + " ".join(p.words) + '"')
        else:
            params.append(" ".join(f'"{word}"' for word in p.words))
        return f"websearch_to_tsquery('{CONFIG}', %s)"

    def condition(c: Condition) -> str:
        if isinstance(c, Phrase):
            return phrase(c)
        joiner = " && " if isinstance(c, AllOf) else " || "
        return "(" + joiner.join(condition(part) for part in c.parts) + ")"

    def term(alternatives: list[Phrase]) -> str:
        if not mentions or len(alternatives) < 2:
            return "(" + condition(any_of(alternatives)) + ")"
        params.append(alternatives_key(alternatives))
        return f"coalesce(({MENTION_OF}), {condition(any_of(alternatives))})"

    terms = [term(alternatives) for alternatives in query.terms]
    expression = (" || " if query.any_term else " && ").join(terms)
    if query.excluded:
        excluded = " || ".join(phrase(p) for p in query.excluded)
        expression = f"{expression} && !!({excluded})"
    return expression, params


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    # A search first counts its matches among the newest sample_size questions; from
    # dense_from of them on, it walks the questions newest first (see page()): the share
    # where walking and gathering from the GIN index cost the same (docs/search.md).
    sample_size: int = 500
    dense_from: float = 0.15

    def _document_select(self, schema: Schema, where: str) -> str:
        hidden = schema.visible_answer()
        topics = topic_tokens_sql("array_agg", "", TOPIC_LEXEME)
        document = (
            f"search_with_mentions(setweight(to_tsvector('{CONFIG}', q.title), 'A') || "
            f"setweight(to_tsvector('{CONFIG}', q.body), 'B') || "
            f"setweight(to_tsvector('{CONFIG}', coalesce(s.text, '')), 'C')) || "
            f"coalesce(array_to_tsvector({topics}), ''::tsvector)"
        )
        specialties = specialties_sql(schema, "string_agg", "E'\\n'")
        return (
            f"SELECT q.id, s.answers, {leaning_sql(schema)}, "  # noqa: S608
            f"{specialties}, {document} FROM {T.question} q CROSS JOIN LATERAL ("
            "SELECT count(*) AS answers, "
            "string_agg(a.title || E'\\n' || a.body, E'\\n\\n' ORDER BY a.position, a.id) AS text "
            f"FROM {T.answer} a WHERE a.question_id = q.id{hidden}) s "
            f"WHERE {where} AND {schema.visible_question()}"
        )

    def install_statements(self, schema: Schema) -> list[str]:
        document = T.document
        hidden = ", is_hidden" if schema.question_hidden else ""
        answer_hidden = ", is_hidden" if schema.answer_hidden else ""
        statements = [
            f"ALTER TABLE {document} ADD COLUMN IF NOT EXISTS document tsvector "
            "NOT NULL DEFAULT ''::tsvector",
            f"CREATE INDEX IF NOT EXISTS search_document_gin ON {document} USING gin (document)",
            # Long documents live out of line, so scanning matches reads narrower rows.
            f"ALTER TABLE {document} SET (toast_tuple_target = 128)",
            # ...but the filters' columns stay in the row: the filters read them for every
            # match, and out of line each match cost two more pages (docs/search.md).
            f"ALTER TABLE {document} ALTER COLUMN specialties SET STORAGE PLAIN",
            f"ALTER TABLE {document} ALTER COLUMN leaning SET STORAGE PLAIN",
            f"CREATE INDEX IF NOT EXISTS search_document_leaning ON {document} (leaning)",
            # Quoted phrases are looked up by their word pairs: the word index alone makes a
            # phrase of two common words read every question holding both (docs/search.md).
            WORD_PAIRS,
            f"CREATE INDEX IF NOT EXISTS search_document_pairs ON {document} "
            "USING gin (search_word_pairs(document))",
            f"CREATE TABLE IF NOT EXISTS {MENTIONS} (topic_id bigint PRIMARY KEY, "
            "alternatives text NOT NULL, query tsquery NOT NULL)",
            # The mention lexemes a document's words call for, and those it holds; both
            # sorted, so that they can be compared.
            "CREATE OR REPLACE FUNCTION search_mentions(document tsvector) RETURNS text[] "  # noqa: S608
            "LANGUAGE sql STABLE AS $$ "
            f"SELECT coalesce(array_agg(x.lexeme ORDER BY x.lexeme), '{{}}') FROM ("
            f"SELECT '{MENTION_LEXEME}' || m.topic_id AS lexeme FROM {MENTIONS} m "
            "WHERE document @@ m.query) x $$",
            "CREATE OR REPLACE FUNCTION search_held_mentions(document tsvector) RETURNS text[] "  # noqa: S608
            "LANGUAGE sql IMMUTABLE AS $$ "
            "SELECT coalesce(array_agg(lexeme ORDER BY lexeme), '{}') FROM unnest(document) "
            f"WHERE starts_with(lexeme, '{MENTION_LEXEME}') $$",
            "CREATE OR REPLACE FUNCTION search_with_mentions(document tsvector) "
            "RETURNS tsvector LANGUAGE sql STABLE AS $$ "
            "SELECT document || array_to_tsvector(search_mentions(document)) $$",
        ]
        statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in TRIGGERS]
        statements += [
            # Refreshes of one question take turns on its row, so each reads the answers
            # committed before it; the document is then written in place. Deleting and
            # inserting it let two answers posted at once insert the same key, and without
            # the lock the later writer could keep a document missing the other's answer.
            "CREATE OR REPLACE FUNCTION search_refresh_question(qid bigint) RETURNS void "  # noqa: S608
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"PERFORM 1 FROM {T.question} WHERE id = qid FOR NO KEY UPDATE; "
            f"INSERT INTO {document} ({', '.join(DOCUMENT_COLUMNS)}) "
            f"{self._document_select(schema, 'q.id = qid')} "
            f"ON CONFLICT (question_id) DO UPDATE SET {UPDATE_DOCUMENT}; "
            f"IF NOT FOUND THEN DELETE FROM {document} WHERE question_id = qid; END IF; "
            "END $$",
            "CREATE OR REPLACE FUNCTION search_on_question() RETURNS trigger "  # noqa: S608
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'DELETE' THEN "
            f"DELETE FROM {document} WHERE question_id = OLD.id; "
            f"DELETE FROM {T.embedding} WHERE question_id = OLD.id; "
            f"DELETE FROM {T.pending} WHERE question_id = OLD.id; "
            "RETURN NULL; END IF; "
            "PERFORM search_refresh_question(NEW.id); "
            "IF TG_OP = 'INSERT' OR OLD.title IS DISTINCT FROM NEW.title "
            "OR OLD.body IS DISTINCT FROM NEW.body THEN "
            f"INSERT INTO {T.pending} (question_id) VALUES (NEW.id) ON CONFLICT DO NOTHING; "
            "END IF; RETURN NULL; END $$",
            "CREATE OR REPLACE FUNCTION search_on_answer() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP <> 'INSERT' THEN PERFORM search_refresh_question(OLD.question_id); END IF; "
            "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' "
            "AND NEW.question_id IS DISTINCT FROM OLD.question_id) THEN "
            "PERFORM search_refresh_question(NEW.question_id); END IF; "
            "RETURN NULL; END $$",
            # The specialty filter reads the specialties copied into each document. The
            # questions are locked in id order, as any other writer taking several would.
            "CREATE OR REPLACE FUNCTION search_on_doctor() RETURNS trigger "  # noqa: S608
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF OLD.specialty IS DISTINCT FROM NEW.specialty THEN "
            "PERFORM search_refresh_question(x.question_id) FROM (SELECT DISTINCT a.question_id "
            f"FROM {T.answer} a WHERE a.doctor_id = NEW.id ORDER BY a.question_id) x; "
            "END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER search_doctor_specialty AFTER UPDATE OF specialty ON {T.doctor} "
            "FOR EACH ROW EXECUTE FUNCTION search_on_doctor()",
            # The topic filter matches the topic tokens in each document.
            "CREATE OR REPLACE FUNCTION search_on_question_topic() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP <> 'INSERT' THEN PERFORM search_refresh_question(OLD.question_id); END IF; "
            "IF TG_OP <> 'DELETE' THEN PERFORM search_refresh_question(NEW.question_id); END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER search_question_topic AFTER INSERT OR DELETE OR UPDATE "
            f"ON {T.question_topics} FOR EACH ROW EXECUTE FUNCTION search_on_question_topic()",
            "CREATE TRIGGER search_question AFTER INSERT OR DELETE "
            f"OR UPDATE OF title, body{hidden} ON {T.question} "
            "FOR EACH ROW EXECUTE FUNCTION search_on_question()",
            "CREATE TRIGGER search_answer AFTER INSERT OR DELETE OR UPDATE OF title, body, "
            f"verdict, question_id{answer_hidden} ON {T.answer} "
            "FOR EACH ROW EXECUTE FUNCTION search_on_answer()",
        ]
        if schema.consensus:
            statements += [
                "CREATE OR REPLACE FUNCTION search_on_consensus() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                "IF TG_OP = 'DELETE' THEN PERFORM search_refresh_question(OLD.question_id); "
                "ELSE PERFORM search_refresh_question(NEW.question_id); END IF; "
                "RETURN NULL; END $$",
                f"CREATE TRIGGER search_consensus AFTER INSERT OR DELETE OR UPDATE OF leaning "
                f"ON {T.consensus} FOR EACH ROW EXECUTE FUNCTION search_on_consensus()",
            ]
        return statements

    def uninstall_statements(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in TRIGGERS] + [
            "DROP INDEX IF EXISTS search_document_pairs",
            *(f"DROP FUNCTION IF EXISTS {function}" for function in FUNCTIONS),
            f"DROP TABLE IF EXISTS {MENTIONS}",
        ]

    def rebuild_statements(self, schema: Schema) -> list[str]:
        return [
            f"TRUNCATE {T.document}",
            f"INSERT INTO {T.document} ({', '.join(DOCUMENT_COLUMNS)}) "
            f"{self._document_select(schema, '1 = 1')}",
            f"INSERT INTO {T.pending} (question_id) SELECT q.id FROM {T.question} q "  # noqa: S608
            f"WHERE NOT EXISTS (SELECT 1 FROM {T.embedding} e WHERE e.question_id = q.id) "
            "ON CONFLICT DO NOTHING",
            f"ANALYZE {T.document}",
        ]

    def refresh(self, cursor: CursorWrapper, schema: Schema, question_id: int) -> None:
        cursor.execute("SELECT search_refresh_question(%s)", [question_id])

    def _query(self, query: ParsedQuery, filters: Filters) -> tuple[str, list[Any]]:
        """The statement's query CTE: q ranks; m matches, the same documents as q (with the
        chosen topic's token), read through topic mentions where it can."""
        tsquery, params = tsquery_expression(query)
        mentions = "x.q"
        if any(len(alternatives) > 1 for alternatives in query.terms):
            mention_tsquery, mention_params = tsquery_expression(query, mentions=True)
            tsquery = f"{tsquery} AS q, {mention_tsquery}"
            params += mention_params
            mentions = "x.mq"
        match = mentions
        if filters.topic:
            # Quoted, so that the colon is part of the lexeme, not tsquery syntax.
            match = f"{mentions} && quote_literal({topic_token_sql(TOPIC_LEXEME)})::tsquery"
            params = [filters.topic, *params]  # the match comes first in the statement
        alias = "mq" if mentions == "x.mq" else "q"
        cte = f"WITH query AS (SELECT x.q, {match} AS m FROM (SELECT {tsquery} AS {alias}) x)"  # noqa: S608
        return cte, params

    def _store_mentions(
        self, cursor: CursorWrapper, mentions: list[tuple[int, list[Phrase]]]
    ) -> list[int] | None:
        """Write each changed topic's names; returns the ids of the topics whose names changed
        or went, or None when the index is not installed."""
        cursor.execute("SELECT to_regclass(%s)", [MENTIONS])
        if cursor.fetchone()[0] is None:
            return None  # not installed yet: installing stores them
        wanted = {topic_id: alternatives_key(names) for topic_id, names in mentions}
        cursor.execute(f"SELECT topic_id, alternatives FROM {MENTIONS}")  # noqa: S608
        current = dict(cursor.fetchall())
        changed = [topic_id for topic_id, key in wanted.items() if current.get(topic_id) != key]
        gone = [topic_id for topic_id in current if topic_id not in wanted]
        if not changed and not gone:
            return []
        cursor.execute(
            f"DELETE FROM {MENTIONS} WHERE topic_id = ANY(%s)",  # noqa: S608
            [changed + gone],
        )
        rows, params = [], []
        for topic_id, names in mentions:
            if topic_id in changed:
                expression, expression_params = tsquery_expression(ParsedQuery(terms=[names]))
                rows.append(f"(%s, %s, {expression})")
                params += [topic_id, wanted[topic_id], *expression_params]
        if rows:
            cursor.execute(
                f"INSERT INTO {MENTIONS} (topic_id, alternatives, query) VALUES "  # noqa: S608
                + ", ".join(rows),
                params,
            )
        return changed + gone

    def store_topic_mentions(
        self, cursor: CursorWrapper, mentions: list[tuple[int, list[Phrase]]]
    ) -> bool:
        """Keep each topic's names as the index matches them, leaving the documents as they
        are (installing rebuilds them next). Returns whether any topic's names changed."""
        return bool(self._store_mentions(cursor, mentions))

    def retag_topic_mentions(self, mentions: list[tuple[int, list[Phrase]]]) -> bool:
        """Store the topics' names and rewrite the mention lexeme of each changed topic in
        the documents where it changed, without ever making a writer wait for all of it.

        The names are committed first, so every document written from then on is tagged
        from them. The documents to retag are then rewritten a batch at a time, each batch
        its own short transaction that skips the rows a writer holds (SKIP LOCKED) and comes
        back to them in a later round. A document a writer computed from the old
        names just before they were committed may land after its batch: so once every
        transaction running when the names were committed has ended, the documents are
        looked for again until none disagrees with the names. Two retags take turns.
        Returns whether any topic's names changed.
        """
        alias = self.connection.alias
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [RETAG_LOCK])
            try:
                with transaction.atomic(using=alias):
                    topic_ids = self._store_mentions(cursor, mentions)
                if not topic_ids:
                    return False
                running_then = self._writing_transactions(cursor)
                self._retag(cursor, topic_ids)
                self._wait_for_transactions(cursor, running_then)
                self._retag(cursor, topic_ids)
                return True
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [RETAG_LOCK])

    def _retag(self, cursor: CursorWrapper, topic_ids: list[int]) -> None:
        """Rewrite, in batches, every document whose mention lexemes of these topics
        disagree with the stored names, until none does."""
        for topic_id in topic_ids:
            lexeme = f"{MENTION_LEXEME}{topic_id}"
            names = (
                f"WITH x AS (SELECT quote_literal(%s)::tsquery AS held, coalesce(("  # noqa: S608
                f"SELECT m.query FROM {MENTIONS} m WHERE m.topic_id = %s), ''::tsquery) AS names)"
            )
            # Only documents holding the lexeme or matching the names can disagree, and the
            # index finds both: a new synonym few questions use retags few documents.
            disagree = (
                "d.document @@ (x.held || x.names) "
                "AND (d.document @@ x.held) <> (d.document @@ x.names)"
            )
            for attempt in itertools.count():
                cursor.execute(
                    f"{names} SELECT d.question_id FROM {T.document} d, x "  # noqa: S608
                    f"WHERE {disagree} ORDER BY d.question_id",
                    [lexeme, topic_id],
                )
                pending = [row[0] for row in cursor.fetchall()]
                if not pending:
                    break
                if attempt:
                    time.sleep(RETAG_PAUSE)  # writers held some of them last round
                # Rows a writer holds are skipped and come back next round; after many rounds
                # they are waited for like any writer would, one a transaction, so that no
                # other row stays locked meanwhile.
                patient = attempt >= RETAG_ROUNDS
                lock = "FOR UPDATE" if patient else "FOR UPDATE SKIP LOCKED"
                size = 1 if patient else RETAG_BATCH
                for at in range(0, len(pending), size):
                    with transaction.atomic(using=self.connection.alias):
                        cursor.execute(
                            f"{names} UPDATE {T.document} d SET document = CASE "  # noqa: S608
                            "WHEN d.document @@ x.names "
                            "THEN d.document || array_to_tsvector(ARRAY[%s]) "
                            "ELSE ts_delete(d.document, %s::text) END FROM x "
                            f"WHERE d.question_id IN (SELECT question_id FROM {T.document} "
                            f"WHERE question_id = ANY(%s) {lock}) AND {disagree}",
                            [lexeme, topic_id, lexeme, lexeme, pending[at : at + size]],
                        )

    def _writing_transactions(self, cursor: CursorWrapper) -> list[tuple[int, str]]:
        """The other transactions of this database that have written: (pid, xid) pairs."""
        # Activity is read once per transaction unless cleared; a test runs in one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid, backend_xid::text FROM pg_stat_activity "
            "WHERE datname = current_database() AND backend_xid IS NOT NULL "
            "AND pid <> pg_backend_pid()"
        )
        return [(pid, xid) for pid, xid in cursor.fetchall()]

    def _wait_for_transactions(self, cursor: CursorWrapper, running: list[tuple[int, str]]) -> None:
        """Wait until these transactions have ended."""
        deadline = time.monotonic() + RETAG_WAIT_SECONDS
        while running:
            running = list(set(running) & set(self._writing_transactions(cursor)))
            if not running:
                return
            if time.monotonic() > deadline:
                # A transaction left open this long: its documents are retagged by the next
                # write of their questions, or by the next retag or reindex.
                logger.warning("retag stopped waiting for transactions older than its names")
                return
            time.sleep(RETAG_PAUSE)

    def search(
        self,
        cursor: CursorWrapper,
        query: ParsedQuery,
        filters: Filters,
        schema: Schema,
        limit: int,
        offset: int,
    ) -> list[RawHit]:
        with_query, params = self._query(query, filters)
        where, filter_params = filter_sql(filters, schema)
        # Only the newest RANKED matches are ranked (as on SQLite).
        cursor.execute(
            f"{with_query}, candidates AS ("  # noqa: S608
            f"SELECT d.question_id FROM {T.document} d, query "
            f"WHERE true{where} AND d.document @@ query.m ORDER BY d.question_id DESC LIMIT %s) "
            f"SELECT d.question_id, {RANK} AS score "
            f"FROM candidates c JOIN {T.document} d ON d.question_id = c.question_id, query "
            "ORDER BY score DESC, d.question_id DESC LIMIT %s OFFSET %s",
            [*params, *filter_params, self.ranked, limit, offset],
        )
        return [RawHit(question_id=row[0], score=float(row[1])) for row in cursor.fetchall()]

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
        # The newest matches (at most cap, which is what is counted) are found once, counted
        # and ranked in one statement. Counting apart from ranking let the planner read every
        # document in table order (LIMIT without ORDER BY looks cheap), checking each against
        # the query: seconds for a query whose matches are few and old.
        #
        # How to find them depends on how many questions match, which only the data can tell
        # (the planner misjudged it, and priced reading a stored tsvector as cheap). So a
        # first, small statement counts the matches among the newest sample_size questions.
        # Where they are dense, it walks the questions newest first, checking each, and stops
        # at cap; where they are sparse, it gathers them from the GIN index, which then costs
        # in proportion to the few it finds. docs/search.md has the figures for both.
        #
        # A query with a quoted phrase, when sparse, is gathered from the word-pair index
        # instead: only the questions holding every pair of the phrase's words are read.
        with_query, params = self._query(query, filters)
        where, filter_params = filter_sql(filters, schema)
        phrases = [phrase.text for phrase in query.required_phrases]
        cursor.execute(
            f"{with_query} SELECT count(*) FILTER (WHERE true{where} AND d.document @@ query.m), "  # noqa: S608
            f"{PAIRS_QUERY if phrases else 'NULL'} "
            f"FROM (SELECT * FROM {T.document} ORDER BY question_id DESC LIMIT %s) d, query",
            [*params, *filter_params, *([phrases] if phrases else []), self.sample_size],
        )
        sampled, pairs = cursor.fetchone()
        source_params: list[Any] = []
        if int(sampled) >= self.dense_from * self.sample_size:
            # OFFSET 0 keeps the planner from turning the walk back into an index search.
            source = f"(SELECT * FROM {T.document} ORDER BY question_id DESC OFFSET 0) d"  # noqa: S608
        elif pairs:
            # OFFSET 0 keeps the planner from also searching the word index (for two common
            # words, most of the table) only to intersect it with the few the pairs give.
            source = (
                f"(SELECT * FROM {T.document} d WHERE search_word_pairs(d.document) "  # noqa: S608
                "@@ %s::tsquery OFFSET 0) d"
            )
            source_params = [pairs]
        else:
            source = f"{T.document} d"
        cursor.execute(
            f"{with_query}, candidates AS MATERIALIZED ("  # noqa: S608
            "SELECT d.question_id, row_number() OVER (ORDER BY d.question_id DESC) AS newest "
            # The query as a value, not a joined row, so the walk's order is kept. The filters
            # come first (conditions of equal cost run in the order written): they read the
            # row, the match reads the stored tsvector, which costs more (docs/search.md).
            f"FROM {source} WHERE true{where} AND d.document @@ (SELECT m FROM query) "
            "ORDER BY d.question_id DESC LIMIT %s), "
            "total AS (SELECT count(*) AS n FROM candidates) "
            "SELECT total.n, r.question_id, r.score FROM total LEFT JOIN LATERAL ("
            # Only the newest are scored, and only their documents read; the rest have no
            # score and follow, newest first.
            f"SELECT d.question_id, {RANK} AS score "
            f"FROM candidates c JOIN {T.document} d ON d.question_id = c.question_id, query "
            "WHERE c.newest <= %s UNION ALL "
            "SELECT c.question_id, NULL FROM candidates c WHERE c.newest > %s "
            "ORDER BY score DESC NULLS LAST, question_id DESC LIMIT %s OFFSET %s) r ON true",
            [*params, *source_params, *filter_params, cap, self.ranked, self.ranked, limit, offset],
        )
        rows = cursor.fetchall()
        total = int(rows[0][0]) if rows else 0
        hits = [RawHit(row[1], float(row[2] or 0.0)) for row in rows if row[1] is not None]
        return total, hits

    def count(
        self, cursor: CursorWrapper, query: ParsedQuery, filters: Filters, schema: Schema, cap: int
    ) -> int:
        with_query, params = self._query(query, filters)
        where, filter_params = filter_sql(filters, schema)
        cursor.execute(
            f"{with_query} SELECT count(*) FROM ("  # noqa: S608
            f"SELECT 1 FROM {T.document} d, query WHERE true{where} "
            "AND d.document @@ query.m LIMIT %s) m",
            [*params, *filter_params, cap],
        )
        return int(cursor.fetchone()[0])

    def pill_figures_sql(self, result: str) -> str:
        return (
            f"jsonb_build_object('leaning', {result} -> 'leaning', 'tally', {result} -> 'tally', "
            f"'answers_considered', {result} -> 'answers_considered')::text"
        )

    def snippets(
        self, cursor: CursorWrapper, query: ParsedQuery, question_ids: list[int], schema: Schema
    ) -> dict[int, RawSnippet]:
        if not question_ids:
            return {}
        # Any one of the query's terms: the words an excerpt can mark. (The title marks
        # every word of the query it holds, whichever way the terms are joined.)
        any_term, params = tsquery_expression(ParsedQuery(terms=query.terms, any_term=True))
        text = "a.title || E'\\n' || a.body"
        # The answers in their order (OFFSET 0 keeps the sort inside), each parsed only until
        # one holds a term: parsing every answer, or looking for one matching the whole
        # query, was most of the excerpts' time (docs/search.md).
        answers = (
            f"(SELECT ts_headline('{CONFIG}', left({text}, 5000), query.any_term, %s) "  # noqa: S608
            f"FROM (SELECT * FROM {T.answer} a WHERE a.question_id = q.id"
            f"{schema.visible_answer()} ORDER BY a.position, a.id OFFSET 0) a "
            f"WHERE to_tsvector('{CONFIG}', {text}) @@ query.any_term LIMIT 1)"
        )
        # Answers are excerpted only when the question's own text holds none of the terms, and
        # then only the first answer that does: the page shows one excerpt, and a headline
        # costs in proportion to the text it reads. Excerpts are cut around any one term:
        # around the whole query, ts_headline finds no passage in a text that lacks a term,
        # and returns its first words unmarked.
        cursor.execute(
            f"WITH query AS (SELECT {any_term} AS any_term) SELECT q.id, "  # noqa: S608
            f"ts_headline('{CONFIG}', q.title, query.any_term, %s), "
            f"ts_headline('{CONFIG}', left(q.body, 20000), query.any_term, %s), "
            f"CASE WHEN to_tsvector('{CONFIG}', q.body) @@ query.any_term THEN '' "
            f"ELSE coalesce({answers}, '') END "
            f"FROM {T.question} q, query WHERE q.id = ANY(%s)",
            [*params, TITLE_HEADLINE, HEADLINE, HEADLINE, list(question_ids)],
        )
        return {
            row[0]: RawSnippet(title=row[1] or "", body=row[2] or "", answers=row[3] or "")
            for row in cursor.fetchall()
        }
