"""Reading what a person typed into a search box, whatever it is, into a safe query.

The grammar is web-search-like: words are all required, "quoted words" form a phrase,
-word or -"a phrase" excludes, and OR between two terms accepts either. Nothing a person
types reaches a database's own query syntax: each backend renders the parsed form itself,
quoting every word, so FTS5 operators, tsquery syntax, quotes, NUL bytes and 10 KB strings
are all just text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from consilium.search.lexical import STOP_WORDS, words

MAX_QUERY_CHARS = 400
MAX_TERMS = 10
MAX_EXCLUDED = 5
MAX_PHRASE_WORDS = 8
MAX_ALTERNATIVES = 40
# Longer runs of letters are not words anyone searches for, and PostgreSQL refuses them.
MAX_WORD_CHARS = 60

TOKEN_RE = re.compile(r'-?"[^"]*"?|[^\s"]+')


@dataclass(frozen=True)
class Phrase:
    """Words that must all appear: next to each other and in order when exact (quoted)."""

    words: tuple[str, ...]
    exact: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class AllOf:
    """Every part must match."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part must match."""

    parts: tuple[Condition, ...]


Condition = Phrase | AllOf | AnyOf


@dataclass(frozen=True)
class TopicSynonyms:
    """A topic's name and other names, as the search sees them."""

    slug: str
    name: str
    phrases: tuple[Phrase, ...]


@dataclass
class ParsedQuery:
    """Every term must match one of its alternatives; no excluded phrase may match."""

    terms: list[list[Phrase]] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)
    expanded_topics: list[TopicSynonyms] = field(default_factory=list)
    # Similar-question look-ups want questions sharing any of the words, ranked by how many.
    any_term: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def required_phrases(self) -> list[Phrase]:
        """The quoted phrases every match holds: terms that have no other alternative."""
        if self.any_term:
            return []
        return [term[0] for term in self.terms if len(term) == 1 and term[0].exact]

    @property
    def positive_words(self) -> list[str]:
        return [word for term in self.terms for phrase in term for word in phrase.words]


def clean(raw: str) -> str:
    """The query without control characters (NUL included), cut to a sane length."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else char
        for char in raw[: MAX_QUERY_CHARS * 4]
    )
    return text[:MAX_QUERY_CHARS]


class SynonymIndex:
    """Finds topic names and synonyms in a run of words, longest first."""

    def __init__(self, topics: Iterable[TopicSynonyms]) -> None:
        self.by_words: dict[tuple[str, ...], TopicSynonyms] = {}
        self.longest = 0
        for topic in topics:
            for phrase in topic.phrases:
                # The first topic to claim a wording keeps it; the taxonomy is ordered by name.
                self.by_words.setdefault(phrase.words, topic)
                self.longest = max(self.longest, len(phrase.words))

    @classmethod
    def from_names(cls, entries: Iterable[tuple[str, str, Sequence[str]]]) -> SynonymIndex:
        """From (slug, name, synonyms) triples, such as Topic rows give."""
        topics = []
        for slug, name, synonyms in entries:
            phrases = []
            for wording in [name, *synonyms]:
                found = tuple(words(str(wording)))[:MAX_PHRASE_WORDS]
                if found and Phrase(found) not in phrases:
                    phrases.append(Phrase(found))
            if phrases:
                topics.append(TopicSynonyms(slug=slug, name=name, phrases=tuple(phrases)))
        return cls(topics)

    def find(self, sequence: Sequence[str]) -> list[tuple[int, int, TopicSynonyms]]:
        """(start, end, topic) for each non-overlapping mention in a word sequence."""
        found = []
        start = 0
        while start < len(sequence):
            for length in range(min(self.longest, len(sequence) - start), 0, -1):
                topic = self.by_words.get(tuple(sequence[start : start + length]))
                if topic is not None:
                    found.append((start, start + length, topic))
                    start += length
                    break
            else:
                start += 1
        return found

    def topics_in(self, text: str) -> list[TopicSynonyms]:
        seen: dict[str, TopicSynonyms] = {}
        for _, _, topic in self.find(words(text)):
            seen.setdefault(topic.slug, topic)
        return list(seen.values())


EMPTY_SYNONYMS = SynonymIndex([])


def parse(raw: str, synonyms: SynonymIndex = EMPTY_SYNONYMS) -> ParsedQuery:
    """The query a search box's text asks for; never raises."""
    query = ParsedQuery()
    or_pending = False
    for piece in TOKEN_RE.findall(clean(raw)):
        if piece == "OR":
            or_pending = bool(query.terms)
            continue
        negated = piece.startswith("-") and len(piece) > 1
        body = piece[1:] if negated else piece
        quoted = body.startswith('"')
        found = tuple(word for word in words(body) if len(word) <= MAX_WORD_CHARS)
        found = found[:MAX_PHRASE_WORDS]
        # A bare word that says nothing would match nearly every question.
        if not found or (not quoted and all(word in STOP_WORDS for word in found)):
            continue
        phrase = Phrase(found, exact=quoted and len(found) > 1)
        if negated:
            if len(query.excluded) < MAX_EXCLUDED:
                query.excluded.append(phrase)
            or_pending = False
            continue
        if or_pending and query.terms:
            if phrase not in query.terms[-1]:
                query.terms[-1].append(phrase)
        elif len(query.terms) < MAX_TERMS:
            query.terms.append([phrase])
        or_pending = False
    _expand(query, synonyms)
    return query


def parse_any(raw: str, synonyms: SynonymIndex = EMPTY_SYNONYMS) -> ParsedQuery:
    """The content words of a text, any of which may match: for texts, not search boxes."""
    found = [word for word in words(clean(raw)) if word not in STOP_WORDS]
    unique = list(dict.fromkeys(word for word in found if len(word) <= MAX_WORD_CHARS))
    query = ParsedQuery(
        terms=[[Phrase((word,))] for word in unique[: MAX_TERMS * 2]], any_term=True
    )
    _expand(query, synonyms)
    return query


def without_subsumed(alternatives: list[Phrase]) -> list[Phrase]:
    """The alternatives less those that cannot match anything another one does not.

    An inexact phrase matches every text holding all of its words, so "mini face lift" adds
    nothing beside "face lift". Dropping such alternatives keeps a topic's query small, and
    a search's cost grows with the number of phrases in it: each is read from the index
    on its own, common words over and over.
    """
    kept: list[Phrase] = []
    for index, phrase in enumerate(alternatives):
        words = set(phrase.words)
        subsumed = any(
            not other.exact
            and set(other.words) <= words
            # Of two alternatives with the same words, the first stays.
            and (set(other.words) != words or other_index < index)
            for other_index, other in enumerate(alternatives)
            if other_index != index
        )
        if not subsumed:
            kept.append(phrase)
    return kept


def alternatives_key(alternatives: Sequence[Phrase]) -> str:
    """A text that two lists of alternatives share when they match the same documents.

    Each alternative a list keeps is one that no other alternative of it implies: a loose
    phrase's sorted words (it needs them all, in any order) and an exact phrase's words in
    order, less exact phrases whose words hold all of a loose one's. The search uses it to
    know a term for a topic's names, whatever order or repetition a query gave them.
    """
    loose = without_subsumed([phrase for phrase in alternatives if not phrase.exact])
    exact = [
        phrase
        for phrase in alternatives
        if phrase.exact and not any(set(other.words) <= set(phrase.words) for other in loose)
    ]
    loose_keys = sorted({" ".join(sorted(set(phrase.words))) for phrase in loose})
    exact_keys = sorted({" ".join(phrase.words) for phrase in exact})
    return "|".join(loose_keys) + "||" + "|".join(exact_keys)


def any_of(alternatives: Sequence[Phrase]) -> Condition:
    """One term's alternatives as a condition that names each shared word once.

    "neck lift", "mini lift" and "smas lift" become lift AND (neck OR mini OR smas): the
    same matches, but an index reads each word's list of documents once per mention, and
    ranking reads them again, so a common word repeated across a topic's synonyms was most
    of a search's time.
    """
    return _any_of(tuple(alternatives))


# A topic's names are tidied the same way for every search (and statement) naming the topic.
@lru_cache(maxsize=1024)
def _any_of(alternatives: tuple[Phrase, ...]) -> Condition:
    placed: list[tuple[int, Condition]] = []
    loose: list[tuple[int, tuple[str, ...]]] = []
    for index, phrase in enumerate(alternatives):
        if phrase.exact and len(phrase.words) > 1:
            placed.append((index, phrase))
        else:
            loose.append((index, phrase.words))
    placed += _factored(loose)
    parts = [condition for _, condition in sorted(placed, key=lambda item: item[0])]
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def _factored(loose: list[tuple[int, tuple[str, ...]]]) -> list[tuple[int, Condition]]:
    """Word sets (each needing all its words), any of which may match, with shared words
    taken out, most shared first; each result keeps the position of its first set."""
    placed: list[tuple[int, Condition]] = []
    remaining = list(loose)
    while True:
        shared = Counter(w for _, ws in remaining if len(ws) > 1 for w in dict.fromkeys(ws))
        word, times = max(shared.items(), key=lambda item: item[1], default=("", 0))
        if times < 2:
            break
        group = [(index, ws) for index, ws in remaining if len(ws) > 1 and word in ws]
        remaining = [(index, ws) for index, ws in remaining if not (len(ws) > 1 and word in ws)]
        rests = [(index, tuple(w for w in ws if w != word)) for index, ws in group]
        inner = [condition for _, condition in sorted(_factored(rests), key=lambda i: i[0])]
        either = inner[0] if len(inner) == 1 else AnyOf(tuple(inner))
        placed.append((group[0][0], AllOf((Phrase((word,)), either))))
    for index, ws in remaining:
        if len(ws) == 1:
            placed.append((index, Phrase(ws)))
        else:
            placed.append((index, AllOf(tuple(Phrase((w,)) for w in ws))))
    return placed


def _expand(query: ParsedQuery, synonyms: SynonymIndex) -> None:
    """Replace runs of single-phrase terms that name a topic by all of the topic's names."""
    if not synonyms.by_words:
        return
    expanded: list[list[Phrase]] = []
    index = 0
    terms = query.terms
    while index < len(terms):
        matched = False
        for length in range(len(terms) - index, 0, -1):
            span = terms[index : index + length]
            if any(len(term) != 1 for term in span):
                continue
            sequence = [word for term in span for word in term[0].words]
            topic = synonyms.by_words.get(tuple(sequence))
            if topic is None:
                continue
            alternatives = [Phrase(tuple(sequence), exact=any(t[0].exact for t in span))]
            for phrase in topic.phrases:
                if phrase not in alternatives:
                    alternatives.append(phrase)
            expanded.append(without_subsumed(alternatives[:MAX_ALTERNATIVES]))
            if topic not in query.expanded_topics:
                query.expanded_topics.append(topic)
            index += length
            matched = True
            break
        if not matched:
            expanded.append(terms[index])
            index += 1
    query.terms = expanded
