"""Which way the doctors lean: the one rule the panel, cards, search and treatment pages share."""

from __future__ import annotations

from collections.abc import Mapping

RECOMMEND = "recommend"
DEPENDS = "depends"
NOT_RECOMMENDED = "not_recommended"
MIXED = "mixed"
UNCLEAR = "unclear"  # doctors answered, but none with a verdict clear enough to count
NONE = "none"  # nobody has answered

LEANINGS = (RECOMMEND, DEPENDS, NOT_RECOMMENDED, MIXED, UNCLEAR, NONE)
DECIDED = (RECOMMEND, DEPENDS, NOT_RECOMMENDED)

LABELS = {
    RECOMMEND: "mostly yes",
    DEPENDS: "mostly it depends",
    NOT_RECOMMENDED: "mostly no",
    MIXED: "doctors disagree",
    UNCLEAR: "not clear",
    NONE: "no answers yet",
}

# A side is "most" only when it holds at least 60% of the counted verdicts and at least twice
# the next side: 3 of 5 against 2 is a split, not a consensus.
MAJORITY_SHARE = 0.6
MAJORITY_OVER_NEXT = 2


def leaning(counts: Mapping[str, int]) -> str:
    """The leaning of verdict counts (recommend/depends/not_recommended/not_stated -> n)."""
    decided = sum(counts.get(v, 0) for v in DECIDED)
    if decided == 0:
        return UNCLEAR if counts.get("not_stated", 0) else NONE
    ranked = sorted(DECIDED, key=lambda v: (-counts.get(v, 0), DECIDED.index(v)))
    top, second = counts.get(ranked[0], 0), counts.get(ranked[1], 0)
    if top >= MAJORITY_SHARE * decided and top >= MAJORITY_OVER_NEXT * second:
        return ranked[0]
    return MIXED


def leaning_label(value: str, counts: Mapping[str, int] | None = None) -> str:
    """How a pill or headline names a leaning: "mostly no", or "all no" when none differ."""
    if counts is not None and value in DECIDED:
        decided = sum(counts.get(v, 0) for v in DECIDED)
        short = {RECOMMEND: "yes", DEPENDS: "it depends", NOT_RECOMMENDED: "no"}[value]
        if decided == 1:
            return short
        if counts.get(value, 0) == decided:
            return f"all {short}"
    return LABELS.get(value, LABELS[UNCLEAR])


def tally_counts(tally: Mapping[str, object]) -> dict[str, int]:
    """Verdict counts of a stored tally: stated verdicts plus those read from the text.

    Every answer that stated no verdict is read, so "not_stated" is what the reading left unclear.
    """
    inferred = tally.get("inferred")
    read: Mapping[str, object] = inferred if isinstance(inferred, Mapping) else {}

    def count(source: Mapping[str, object], verdict: str) -> int:
        value = source.get(verdict, 0)
        return value if isinstance(value, int) else 0

    counts = {v: count(tally, v) + count(read, v) for v in DECIDED}
    counts["not_stated"] = count(read, "not_stated")
    return counts
