"""The options of an "A or B?" question that the taxonomy does not name, as this thread's own
treatments: "Braces or aligners for my son?" sets two treatments against each other, and "I'd
go with the aligners" must read as a vote for the other option, not for the one asked about."""

from __future__ import annotations

import re

from .taxonomy import TaxonomyEntry, TopicMatcher
from .text import STOPWORDS, cue_text, norm_word, word_spans

# The prefix keeps these apart from the taxonomy's slugs; nothing outside one thread's reading
# ever sees them.
SLUG_PREFIX = "asked-option-"
_MAX_WORDS = 3
_SEPARATOR_RE = re.compile(r"\b(?:or|vs\.?|versus)\b")
_CLAUSE_BREAK_RE = re.compile(r"[.?!:;,]\s|\s-\s")
# Words that end an option: the question around it, and what "or" joins in "Is it real or a
# waste?" or "Safe or risky?": verdicts, not options.
_NOT_OPTION_WORDS = """
    later first instead today alone soon sooner wait stop start continue switch stay stick treat
    leave skip quit finish restart change add book pay spend choose pick prefer son daughter
    child kid baby hurt bruise scar swell work last heal itch burn sting fade spread return grow
    real worth waste scam hype gimmick safe unsafe effective necessary needed normal ok okay fine
    bad harmful dangerous risky permanent temporary painful possible true false myth legit
    overrated natural noticeable visible worse different money time
"""
_NOT_OPTION = STOPWORDS | frozenset(_NOT_OPTION_WORDS.split())
# What may come before the first option: "Should I get braces or aligners?".
_LEAD_IN_WORDS = (
    "should i we is it better best to do would you use get take have try go for with a an the "
    "my which one choose pick start stay on keep continue taking using between prefer what "
    "recommend"
)
_LEAD_IN = frozenset(_LEAD_IN_WORDS.split())
# Skipped between "or" and the second option: "... or go with the aligners?".
_SKIPPED_AFTER_WORDS = (
    "a an the my some just maybe should i we go get try use take have do choose pick start "
    "switch stick stay with to for on another round course of more straight"
)
_SKIPPED_AFTER = frozenset(_SKIPPED_AFTER_WORDS.split())
# Skipped between the first option and "or": "Insulin now or try Ozempic first?".
_SKIPPED_BEFORE_WORDS = "now first today immediately straight right away already"
_SKIPPED_BEFORE = frozenset(_SKIPPED_BEFORE_WORDS.split())


def asked_options(title: str, matcher: TopicMatcher) -> list[TaxonomyEntry]:
    """Entries for the options of "A or B?" in the title that the taxonomy does not name, or
    names as one treatment ("Botox or Dysport?", "Fraxel or CO2 laser?").

    Added only where the question is plainly a choice: the other option is a known treatment,
    or the title opens with the first option ("Ibuprofen or paracetamol for ...?", "Should I get
    braces or aligners?").
    """
    cue = cue_text(title)
    separator = _SEPARATOR_RE.search(cue)
    if separator is None:
        return []
    # The first option and its lead-in are in the clause that holds the "or": "Heavy periods at
    # 29 - the pill or Mirena?" asks "the pill or Mirena?".
    head = cue[: separator.start()].rstrip(" ,;:-")
    breaks = list(_CLAUSE_BREAK_RE.finditer(head))
    head = head[breaks[-1].end() :] if breaks else head
    before = [(norm_word(w), w) for w, _, _ in word_spans(head)]
    while before and before[-1][1] in _SKIPPED_BEFORE:
        before.pop()
    tail = re.split(r"[?.!;]|:\s", cue[separator.end() :], maxsplit=1)[0]
    after = [(norm_word(w), w) for w, _, _ in word_spans(tail)]
    left, left_known = _option(list(reversed(before)), matcher, reverse=True)
    while after and after[0][1] in _SKIPPED_AFTER:
        after.pop(0)
    right, right_known = _option(after, matcher, reverse=False)
    if not (left and right):
        return []  # "Stay on it or switch to X?": the first option is not named
    sides = [left_known, right_known]
    lead_in = before[: len(before) - len(left)]
    plainly_a_choice = any(
        known is not None and matcher.kind(known) == "treatment" for known in sides
    ) or all(w in _LEAD_IN for _, w in lead_in)
    if not plainly_a_choice:
        return []
    # Two names of one taxonomy treatment are two options here, or no answer could pick one.
    one_treatment = left_known is not None and left_known == right_known and left != right
    return [
        TaxonomyEntry(
            slug=SLUG_PREFIX + "-".join(re.sub(r"[^a-z0-9]", "", w) or "x" for _, w in side),
            name=" ".join(w for _, w in side),
            kind="treatment",
        )
        for side, known in zip((left, right), sides, strict=True)
        if side and (known is None or one_treatment)
    ]


def _option(
    words: list[tuple[str, str]], matcher: TopicMatcher, *, reverse: bool
) -> tuple[list[tuple[str, str]], str | None]:
    """The option's words next to "or" (`words` run away from it) in reading order, and the
    slug of the taxonomy topic it is when the taxonomy names it. Words past a topic the
    taxonomy names belong to the question around the option ("Does Botox hurt or ...")."""
    chunk: list[tuple[str, str]] = []
    for norm, word in words[:_MAX_WORDS]:
        if word in _NOT_OPTION or norm in _NOT_OPTION or not word.isalnum() or word.isdigit():
            break
        chunk.append((norm, word))
    if reverse:
        chunk.reverse()
    if not chunk:
        return [], None
    text = " ".join(w for _, w in chunk)
    mentions = matcher.find([(norm_word(w), s, e) for w, s, e in word_spans(text)])
    if not mentions:
        return chunk, None
    # Before "or", the topic next to it is the option, and a topic further away ends the option
    # before it ("Does Botox hurt or ..."). After "or", words before a topic describe it ("or a
    # deep chemical peel").
    if reverse:
        nearest = mentions[-1]
        if nearest.last == len(chunk):
            return chunk, nearest.slug
        return chunk[nearest.last :], None
    nearest = mentions[0]
    return chunk[: nearest.last], nearest.slug
