"""Reading search-box text: whatever is typed becomes a safe, bounded query."""

import random

import pytest

from consilium.search.backends.postgres import tsquery_expression
from consilium.search.backends.sqlite import fts5_expression
from consilium.search.query import (
    MAX_TERMS,
    AllOf,
    AnyOf,
    Condition,
    Phrase,
    SynonymIndex,
    alternatives_key,
    any_of,
    parse,
    parse_any,
    without_subsumed,
)

HOSTILE = [
    '"',
    '""',
    '"unterminated phrase',
    "AND OR NOT",
    "botox AND OR NOT filler",
    "*",
    "botox*",
    "-",
    "--",
    "- -botox",
    "NEAR(botox filler)",
    "NEAR/2",
    "((botox",
    "botox))",
    "title:botox",
    "{botox}",
    "^botox",
    "'; DROP TABLE qa_question; --",
    "\x00",
    "bo\x00tox",
    "\u202ebotox\u200b",
    "😀 botox 👍",
    "日本語 검색 ботокс",
    "e\u0301",
    "\ud800",
    "x" * 10_000,
    "botox " * 2_000,
    "a:b:c | & ! <-> :*",
    "%s %(name)s %%",
    "\\",
    "OR",
    "OR botox OR",
]


def test_it_keeps_words_phrases_exclusions_and_alternatives():
    query = parse('botox OR filler "lip lines" -pain')
    assert query.terms == [
        [Phrase(("botox",)), Phrase(("filler",))],
        [Phrase(("lip", "lines"), exact=True)],
    ]
    assert query.excluded == [Phrase(("pain",))]


def test_it_drops_bare_stop_words_but_keeps_them_inside_phrases():
    assert parse("is it safe").terms == [[Phrase(("safe",))]]
    assert parse('"is it safe"').terms == [[Phrase(("is", "it", "safe"), exact=True)]]


def test_it_reads_a_hyphenated_word_as_a_phrase():
    assert parse("e-stim").terms == [[Phrase(("e", "stim"))]]


def test_it_treats_operators_as_plain_words_or_drops_them():
    assert parse('AND OR NOT * " - NEAR ( )').terms == [[Phrase(("near",))]]


def test_it_widens_a_topic_name_to_its_synonyms():
    synonyms = SynonymIndex.from_names(
        [("facial-ems", "Facial EMS", ["e-stim", "electrical muscle stimulation", "EMS"])]
    )
    query = parse("e-stim face", synonyms)
    assert Phrase(("electrical", "muscle", "stimulation")) in query.terms[0]
    assert Phrase(("ems",)) in query.terms[0]
    assert query.terms[1] == [Phrase(("face",))]
    assert [topic.slug for topic in query.expanded_topics] == ["facial-ems"]


def test_it_drops_synonyms_another_synonym_already_covers():
    synonyms = SynonymIndex.from_names(
        [("facelift", "Facelift", ["face lift", "mini face lift", "lower face lift", "neck lift"])]
    )
    [alternatives] = parse("facelift", synonyms).terms
    assert [p.text for p in alternatives] == ["facelift", "face lift", "neck lift"]


def test_it_keeps_a_quoted_phrase_whose_words_a_synonym_holds_in_another_order():
    alternatives = [Phrase(("lift", "face"), exact=True), Phrase(("face", "lift"))]
    assert without_subsumed(alternatives) == alternatives
    assert without_subsumed([Phrase(("face", "lift")), Phrase(("lift", "face"))]) == [
        Phrase(("face", "lift"))
    ]


def test_it_names_a_word_shared_by_several_synonyms_once():
    synonyms = SynonymIndex.from_names(
        [("facelift", "Facelift", ["neck lift", "mini lift", "deep plane lift", "rhytidectomy"])]
    )
    expression = fts5_expression(parse("facelift", synonyms))
    assert expression == (
        '("facelift" OR ("lift" AND ("neck" OR "mini" OR ("deep" AND "plane"))) OR "rhytidectomy")'
    )
    assert expression.count('"lift"') == 1
    sql, params = tsquery_expression(parse("facelift", synonyms))
    assert params.count('"lift"') == 1
    assert sql.count("websearch_to_tsquery") == 7


def _holds(condition: Condition, text: list[str]) -> bool:
    if isinstance(condition, AllOf):
        return all(_holds(part, text) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return any(_holds(part, text) for part in condition.parts)
    return _phrase_holds(condition, text)


def _phrase_holds(phrase: Phrase, text: list[str]) -> bool:
    if not phrase.exact:
        return set(phrase.words) <= set(text)
    size = len(phrase.words)
    return any(tuple(text[i : i + size]) == phrase.words for i in range(len(text)))


def test_factoring_and_pruning_never_change_what_matches():
    rng = random.Random(5)
    vocabulary = ["face", "lift", "neck", "mini", "deep", "plane", "skin", "laser", "peel"]
    for _ in range(400):
        alternatives = []
        for _ in range(rng.randint(1, 8)):
            words = tuple(rng.sample(vocabulary, rng.randint(1, 3)))
            alternatives.append(Phrase(words, exact=len(words) > 1 and rng.random() < 0.3))
        condition = any_of(without_subsumed(alternatives))
        for _ in range(20):
            text = [rng.choice(vocabulary) for _ in range(rng.randint(0, 6))]
            expected = any(_phrase_holds(phrase, text) for phrase in alternatives)
            assert _holds(condition, text) == expected, (alternatives, text)


def test_alternatives_with_the_same_key_match_the_same_texts():
    rng = random.Random(7)
    vocabulary = ["face", "lift", "neck", "mini", "laser"]
    texts = [[rng.choice(vocabulary) for _ in range(rng.randint(0, 5))] for _ in range(300)]
    by_key: dict[str, list[bool]] = {}
    for _ in range(3000):
        alternatives = []
        for _ in range(rng.randint(1, 4)):
            words = tuple(rng.sample(vocabulary, rng.randint(1, 2)))
            alternatives.append(Phrase(words, exact=len(words) > 1 and rng.random() < 0.4))
        matches = [any(_phrase_holds(p, text) for p in alternatives) for text in texts]
        assert by_key.setdefault(alternatives_key(alternatives), matches) == matches, alternatives
    # Many lists share a key: the test compared something.
    assert len(by_key) < 2000
    # Order, repetition and what another alternative implies do not change the key.
    stim = Phrase(("electrical", "stimulation"))
    ems = Phrase(("ems",))
    quoted = Phrase(("electrical", "muscle", "stimulation"), exact=True)
    assert alternatives_key([stim, ems]) == alternatives_key([ems, quoted, stim, ems])
    assert alternatives_key([stim, ems]) != alternatives_key([stim])


def test_it_bounds_the_number_of_terms():
    query = parse(" ".join(f"word{n}" for n in range(100)))
    assert len(query.terms) == MAX_TERMS


@pytest.mark.parametrize("text", HOSTILE)
def test_it_renders_hostile_text_as_quoted_words_only(text):
    for query in (parse(text), parse_any(text)):
        if query.is_empty:
            continue
        fts = fts5_expression(query)
        inside_quotes = fts.split('"')[1::2]
        assert all(part.replace(" ", "").isalnum() for part in inside_quotes)
        sql, params = tsquery_expression(query)
        assert "%s" in sql
        assert all(param.startswith('"') and param.endswith('"') for param in params)
        assert all("\x00" not in param for param in params)
