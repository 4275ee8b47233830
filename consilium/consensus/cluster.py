"""Grouping sentences from different doctors that make the same claim (IDF-weighted cosine)."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np

__all__ = ["Cluster", "Unit", "idf_table", "star_clusters"]


@dataclass
class Unit:
    doctor: str
    answer_pos: int  # position of the answer in the input, for ordering
    answer: str
    sentence: int
    text: str  # what the unit says (a sentence or a clause)
    sentence_text: str  # the full sentence it comes from, for citing
    tokens: frozenset[str]
    tags: frozenset[str] = frozenset()  # topics the unit names
    near: frozenset[str] = frozenset()  # tags plus topics related to them
    kind: str = ""

    @property
    def order(self) -> tuple[int, int, str]:
        return (self.answer_pos, self.sentence, self.text)


@dataclass
class Cluster:
    center: Unit
    members: list[Unit]
    doctors: list[str] = field(default_factory=list)
    cohesion: float = 0.0


# A sentence opening with "It"/"Both"/"These" leans on its neighbours and reads poorly alone.
_ANAPHORIC_RE = re.compile(
    r"^(?:(?:however|but|and|so|also),?\s+)?(?:it|they|this|these|that|those|both|such|he|she)\b",
    re.IGNORECASE,
)


def idf_table(token_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency over the thread's own sentences (smoothed, always > 0)."""
    sets = list(token_sets)
    df = Counter(chain.from_iterable(sets))
    n = len(sets)
    return {t: math.log(1.0 + n / c) for t, c in df.items()}


def _first_scores(
    n: int, doc_of: np.ndarray, first: np.ndarray, second: np.ndarray, value: np.ndarray
) -> tuple[list[int], list[float]]:
    """score() of every unit while all are free, from the linked pairs (first, second, value):
    per unit, how many other doctors link to it, and the rounded sum of each one's best link."""
    if len(first) == 0:
        return [0] * n, [0.0] * n
    doctors = int(doc_of.max()) + 1
    source = np.concatenate([first, second])
    target = np.concatenate([second, first])
    values = np.concatenate([value, value])
    # One group per (unit, other doctor); its maximum is that doctor's best link to the unit.
    key = source * doctors + doc_of[target]
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    best = np.maximum.reduceat(values[order], starts).tolist()
    counts = np.bincount(key[starts] // doctors, minlength=n)
    bounds = np.r_[0, np.cumsum(counts)].tolist()
    totals = [round(math.fsum(best[a:b]), 9) if b > a else 0.0 for a, b in pairwise(bounds)]
    return counts.tolist(), totals


def star_clusters(
    units: Sequence[Unit],
    idf: dict[str, float],
    question_tokens: frozenset[str],
    threshold: float,
    min_doctors: int,
    tag_bonus: float = 0.0,
) -> list[Cluster]:
    """Greedy star clustering: the unit agreeing with the most other doctors becomes a centre and
    takes its neighbours; repeat on what is left.

    Stars do not chain (A~B, B~C does not put A with C), so a cluster stays one claim. Only units
    sharing a distinctive word can pair up; common tokens still count in the similarity of those
    pairs. Similarities are computed for all pairs at once as one matrix product.
    """
    n = len(units)
    if n == 0:
        return []

    def weight(t: str) -> float:
        # Words of the question itself are in almost every answer and say little about which
        # claim is made; topic tokens are strong evidence that two sentences mean the same thing.
        w = idf.get(t, 1.0)
        if t in question_tokens:
            w *= 0.4
        elif t.startswith("@"):
            w *= 1.5
        return w

    token_sets = [u.tokens for u in units]
    vocab = sorted(frozenset().union(*token_sets))
    column = {t: k for k, t in enumerate(vocab)}
    doctor_ids = {d: k for k, d in enumerate(sorted({u.doctor for u in units}))}
    doc = [doctor_ids[u.doctor] for u in units]
    rows = np.repeat(np.arange(n), list(map(len, token_sets)))
    cols = list(map(column.__getitem__, chain.from_iterable(token_sets)))
    # Counts of shared words are small integers, exact in single precision (and faster to
    # multiply); the weighted similarities are computed in double precision.
    present = np.zeros((n, len(vocab)), dtype=np.float32)
    present[rows, cols] = 1.0
    weighted = present * np.array([weight(t) for t in vocab], dtype=np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", weighted, weighted))
    norms[norms == 0.0] = 1.0

    # A qualifying pair shares a word that can tell claims apart - neither the question's nor a
    # topic tag, and not in a large share of the sentences - plus at least one more word that is
    # not a topic tag (topic tokens come with the words of the phrase that named the topic, so one
    # shared mention is not yet a shared claim). All shared tokens count in the similarity.
    # Tokens of a single unit are shared by no pair, so the products leave them out.
    cap = max(30, n // 8)
    postings = present.sum(axis=0)
    shared = postings >= 2
    is_word = shared & np.array([not t.startswith("@") for t in vocab])
    telling = is_word & (postings <= cap) & np.array([t not in question_tokens for t in vocab])
    words = present[:, is_word]
    telling_words = present[:, telling]
    candidates = ((telling_words @ telling_words.T) >= 1.0) & ((words @ words.T) >= 2.0)
    first, second = np.nonzero(candidates)
    doctor_of = np.array(doc)
    keep = (first < second) & (doctor_of[first] != doctor_of[second])
    first, second = first[keep], second[keep]
    # Cosine: the squared weights of the tokens a pair shares over the product of their norms.
    # (The full product keeps each pair's sum in the order it has always been computed in, so
    # the similarities do not change in their last bits.)
    products = weighted[:, shared] @ weighted[:, shared].T
    cosine = products[first, second] / (norms[first] * norms[second])
    if tag_bonus:
        # Same claim if one names a topic the other names or is directly related to (one hop:
        # related-of-related would join unrelated caveats).
        similarity = {
            (i, j): c
            for i, j, c in zip(first.tolist(), second.tolist(), cosine.tolist(), strict=True)
        }
        by_tag: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            for tag in u.tags:
                by_tag.setdefault(tag, []).append(i)
        tagged: set[tuple[int, int]] = set()
        for j, v in enumerate(units):
            for tag in v.near:
                for i in by_tag.get(tag, ()):
                    if doc[i] != doc[j]:
                        tagged.add((min(i, j), max(i, j)))
        for pair in tagged:
            similarity[pair] = similarity.get(pair, 0.0) + tag_bonus
        kept = [(i, j, s) for (i, j), s in similarity.items() if s >= threshold and s > 0.0]
        first = np.array([i for i, _, _ in kept], dtype=np.intp)
        second = np.array([j for _, j, _ in kept], dtype=np.intp)
        value = np.array([s for _, _, s in kept], dtype=np.float64)
    else:
        above = (cosine >= threshold) & (cosine > 0.0)
        first, second, value = first[above], second[above], cosine[above]

    # Pairs at or above the threshold, both ways round: unit -> {linked unit: similarity}.
    # Most pairs are not linked, so the rest works on these lists rather than on n x n arrays.
    linked: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j, s in zip(first.tolist(), second.tolist(), value.tolist(), strict=True):
        linked[i][j] = s
        linked[j][i] = s
    free = [True] * n

    def score(i: int) -> tuple[int, float]:
        """How many other doctors' free units agree with unit i, and the sum of each one's best
        similarity (fsum is exact, so the total does not depend on summation order)."""
        best: dict[int, float] = {}
        for j, s in linked[i].items():
            if free[j] and s > best.get(doc[j], 0.0):
                best[doc[j]] = s
        return len(best), round(math.fsum(best.values()), 9)

    # Scores only fall as units are taken, so a stale heap entry is an upper bound: re-score
    # the top entry and accept it once its fresh score still beats everything else.
    counts, totals = _first_scores(n, doc_of=doctor_of, first=first, second=second, value=value)
    heap = [(-counts[i], -totals[i], i) for i in range(n)]
    heapq.heapify(heap)
    clusters: list[Cluster] = []
    while heap:
        neg_count, neg_total, i = heapq.heappop(heap)
        if not free[i]:
            continue
        count, total = score(i)
        if (count, total) != (-neg_count, -neg_total):
            heapq.heappush(heap, (-count, -total, i))
            continue
        if count + 1 < min_doctors:
            break
        members_idx = [i, *sorted(j for j in linked[i] if free[j])]
        for j in members_idx:
            free[j] = False

        # The member most similar to the rest reads best as the shared claim: compared at 9
        # decimals, then the shorter text, then the earlier unit.
        member_set = set(members_idx)
        appeal = [
            math.fsum(s for j, s in linked[m].items() if j in member_set)
            * (0.7 if _ANAPHORIC_RE.match(units[m].text) else 1.0)
            for m in members_idx
        ]
        # Rounding is monotonic, so only values within 1e-9 of the largest can round to the
        # same 9 decimals as it; the rest lose without being rounded (round() is slow), and a
        # lone contender wins without it.
        top = max(appeal)
        contenders = [p for p, v in enumerate(appeal) if v >= top - 2e-9]
        best = contenders[0]
        if len(contenders) > 1:
            best = max(
                contenders,
                key=lambda p: (
                    round(appeal[p], 9),
                    -len(units[members_idx[p]].text),
                    -members_idx[p],
                ),
            )
        center_idx = members_idx[best]
        members = [units[j] for j in members_idx]
        clusters.append(
            Cluster(
                center=units[center_idx],
                members=sorted(members, key=lambda u: u.order),
                doctors=sorted({u.doctor for u in members}),
                cohesion=total,
            )
        )
    return clusters
