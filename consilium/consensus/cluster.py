"""Grouping sentences from different doctors that make the same claim (IDF-weighted cosine)."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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
    df: dict[str, int] = {}
    n = 0
    for tokens in token_sets:
        n += 1
        for t in tokens:
            df[t] = df.get(t, 0) + 1
    return {t: math.log(1.0 + n / c) for t, c in df.items()}


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

    vocab = sorted({t for u in units for t in u.tokens})
    column = {t: k for k, t in enumerate(vocab)}
    doctor_ids = {d: k for k, d in enumerate(sorted({u.doctor for u in units}))}
    doc = [doctor_ids[u.doctor] for u in units]
    rows: list[int] = []
    cols: list[int] = []
    for i, u in enumerate(units):
        for t in u.tokens:
            rows.append(i)
            cols.append(column[t])
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
    shares_telling = (present[:, telling] @ present[:, telling].T) >= 1.0
    shares_two_words = (present[:, is_word] @ present[:, is_word].T) >= 2.0
    doctor_of = np.array(doc)
    other_doctor = doctor_of[:, None] != doctor_of[None, :]
    qualifying = np.triu(shares_telling & shares_two_words & other_doctor, k=1)
    # Cosine: the squared weights of the tokens a pair shares over the product of their norms.
    cosine = (weighted[:, shared] @ weighted[:, shared].T) / np.outer(norms, norms)
    similarity = np.where(qualifying, cosine, 0.0)
    if tag_bonus:
        # Same claim if one names a topic the other names or is directly related to (one hop:
        # related-of-related would join unrelated caveats).
        by_tag: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            for tag in sorted(u.tags):
                by_tag.setdefault(tag, []).append(i)
        tagged = np.zeros((n, n), dtype=bool)
        for j, v in enumerate(units):
            for tag in sorted(v.near):
                for i in by_tag.get(tag, ()):
                    if doc[i] != doc[j]:
                        tagged[min(i, j), max(i, j)] = True
        similarity += np.where(tagged, tag_bonus, 0.0)

    # Pairs at or above the threshold, symmetric, zero elsewhere and on the diagonal.
    linked = np.where(similarity >= threshold, similarity, 0.0)
    linked += linked.T
    # Columns grouped by doctor, so each doctor's best link to a unit is one reduceat.
    by_doctor = np.argsort(doctor_of, kind="stable")
    sorted_doctors = doctor_of[by_doctor]
    firsts = np.flatnonzero(np.r_[True, sorted_doctors[1:] != sorted_doctors[:-1]])
    free = np.ones(n, dtype=bool)

    def score(i: int) -> tuple[int, float]:
        """How many other doctors' free units agree with unit i, and the sum of each one's best
        similarity (fsum is exact, so the total does not depend on summation order)."""
        best = np.maximum.reduceat(np.where(free, linked[i], 0.0)[by_doctor], firsts)
        best = best[best > 0.0]
        return len(best), round(math.fsum(best.tolist()), 9)

    # Scores only fall as units are taken, so a stale heap entry is an upper bound: re-score
    # the top entry and accept it once its fresh score still beats everything else. The first
    # scores of all units come from one reduceat, equal to what score() gives.
    best = np.maximum.reduceat(linked[:, by_doctor], firsts, axis=1)
    counts = np.count_nonzero(best, axis=1).tolist()
    totals = [round(math.fsum(r), 9) for r in best.tolist()]
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
        partners = np.flatnonzero(free & (linked[i] > 0.0))
        members_idx = [i, *partners.tolist()]
        free[members_idx] = False

        # The member most similar to the rest reads best as the shared claim.
        cohesion = [math.fsum(row) for row in linked[np.ix_(members_idx, members_idx)].tolist()]
        center_idx = max(
            range(len(members_idx)),
            key=lambda p: (
                round(
                    cohesion[p] * (0.7 if _ANAPHORIC_RE.match(units[members_idx[p]].text) else 1.0),
                    9,
                ),
                -len(units[members_idx[p]].text),
                -members_idx[p],
            ),
        )
        center_idx = members_idx[center_idx]
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
