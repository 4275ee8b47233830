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


def leaning_label(value: str) -> str:
    return LABELS.get(value, LABELS[UNCLEAR])
