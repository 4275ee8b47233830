"""Word-anchored pattern lists give what searching the whole text with each regex gives."""

import re

import pytest

from consilium.consensus.patterns import (
    TriggeredPatterns,
    first_word_prefixes,
    literal_prefixes,
    scan,
)
from consilium.consensus.text import cue_text, word_spans

ALTERNATIVES = [
    r"may (?:not )?help\w*",
    r"help\w*",
    r"(?:can|could) (?:[\w-]+ ){0,2}cause[sd]?",
    r"temporar\w*",
    r"a (?:bit|little)",
    r"tends? to worsen",
    r"no (?:real |lasting )?benefit",
    r"s[ck]eptic\w*",
    r"short[- ]lived",
]

TEXTS = [
    "It may help a bit, but the effect is temporary.",
    "Helpful for some; it may not help you and can sometimes cause bruising.",
    "Maybe it helps. Canthal tightening could cause dryness, which tends to worsen in winter.",
    "There is no real benefit, no lasting benefit and no benefit at all from a little zapping.",
    "Temporarily, helping hands can't cause a problem: it tend to worsen nothing.",
    "Sceptics and skeptical surgeons see short-lived, short lived or shortly lived results.",
    "",
]


def _expected(text: str) -> list[tuple[int, int, int]]:
    return [
        (k, m.start(), m.end())
        for k, source in enumerate(ALTERNATIVES)
        for m in re.finditer(r"\b(?:" + source + r")\b", text)
    ]


@pytest.mark.parametrize("raw", TEXTS)
def test_finditer_finds_every_match_of_every_alternative(raw: str) -> None:
    patterns = TriggeredPatterns([(source, k) for k, source in enumerate(ALTERNATIVES)])
    text = cue_text(raw)
    hits = patterns.finditer(text, scan(word_spans(text)))
    assert [(h.order, h.start, h.end) for h in hits] == _expected(text)
    assert all(h.payload == h.order for h in hits)


@pytest.mark.parametrize("raw", TEXTS)
def test_search_agrees_with_searching_each_regex(raw: str) -> None:
    patterns = TriggeredPatterns([(source, None) for source in ALTERNATIVES])
    text = cue_text(raw)
    assert patterns.search(text, scan(word_spans(text))) == bool(_expected(text))


def test_first_hits_take_the_earlier_listed_alternative_at_one_place() -> None:
    patterns = TriggeredPatterns([("help", "short"), ("may help", "long"), ("may", "may")])
    text = "it may help and may not"
    hits = patterns.first_hits(text, scan(word_spans(text)))
    assert [(text[h.start : h.end], h.payload) for h in hits] == [
        ("may help", "long"),
        ("may", "may"),
    ]


def test_first_hits_never_overlap() -> None:
    patterns = TriggeredPatterns([("no (?:real )?benefit", 1), ("real benefit", 2)])
    text = "no real benefit, but a real benefit later"
    hits = patterns.first_hits(text, scan(word_spans(text)))
    assert [(text[h.start : h.end], h.payload) for h in hits] == [
        ("no real benefit", 1),
        ("real benefit", 2),
    ]


def test_a_complete_first_word_does_not_trigger_on_longer_words() -> None:
    patterns = TriggeredPatterns([("may help", None)])
    text = "maybe help"
    assert not patterns.search(text, scan(word_spans(text)))


@pytest.mark.parametrize(
    ("pattern", "prefixes"),
    [
        (r"may (?:not )?help", {"may "}),
        (r"temporar\w*", {"temporar"}),
        (r"tends? to", {"tend"}),
        (r"(?:a|the) (?:bit|little)", {"a ", "the "}),
        (r"(?:very )?good", {"very ", "good"}),
        (r"(?<!not )effective", {"effective"}),
        (r"s[ck]eptic\w*", {"sceptic", "skeptic"}),
        (r"short[- ]lived", {"short "}),
    ],
)
def test_first_word_prefixes_know_where_a_match_can_start(pattern: str, prefixes: set[str]) -> None:
    assert first_word_prefixes(pattern) == prefixes


@pytest.mark.parametrize(
    ("pattern", "prefixes"),
    [
        (r"may (?:not )?help\w*", {"may not help", "may help"}),
        (r"(?:a|the) (?:bit|little)", {"a bit", "a little", "the bit", "the little"}),
        (r"not (?:[\w-]+ )?likely(?! to)", {"not ", "not likely"}),
        (r"tends? to", {"tend"}),
        (r"s[ck]eptic\w*", {"sceptic", "skeptic"}),
        (r"trade[- ]?offs?", {"trade"}),
    ],
)
def test_literal_prefixes_reach_past_the_first_word(pattern: str, prefixes: set[str]) -> None:
    assert literal_prefixes(pattern) == prefixes


def test_it_refuses_a_pattern_that_can_start_with_any_word() -> None:
    with pytest.raises(ValueError, match="literal word"):
        TriggeredPatterns([(r"[a-z]+ing", None)])
