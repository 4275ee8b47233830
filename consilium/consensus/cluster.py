"""Grouping sentences from different doctors that make the same claim (IDF-weighted cosine)."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

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

    Stars do not chain (A~B, B~C does not put A with C), so a cluster stays one claim. Candidate
    pairs come from an inverted index over the rarer tokens, so only units sharing a distinctive
    word are compared; common tokens still count in the similarity of those pairs.
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
    w2 = {t: weight(t) ** 2 for t in vocab}
    # fsum: the result must not depend on set iteration order (hash seed) in the last bits.
    norms = [math.sqrt(math.fsum(w2[t] for t in u.tokens)) or 1.0 for u in units]
    doctor_ids = {d: k for k, d in enumerate(sorted({u.doctor for u in units}))}
    doc = [doctor_ids[u.doctor] for u in units]
    postings: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        for t in u.tokens:
            postings.setdefault(t, []).append(i)
    # Candidate pairs come from words that can tell claims apart: a qualifying pair shares a
    # word that is neither the question's nor a topic tag, and words in a large share of the
    # sentences would make the pair count quadratic. All shared tokens count in the similarity.
    cap = max(30, n // 8)
    candidates: set[tuple[int, int]] = set()
    for t in vocab:
        plist = postings[t]
        if 2 <= len(plist) <= cap and t not in question_tokens and not t.startswith("@"):
            candidates.update(combinations(plist, 2))

    topic_tokens = frozenset(t for t in vocab if t.startswith("@"))
    sims: dict[tuple[int, int], float] = {}
    for i, j in candidates:
        if doc[i] == doc[j]:
            continue
        both = units[i].tokens & units[j].tokens
        # Topic tokens come with the words of the phrase that named the topic, so they do not
        # count towards the two shared words: one shared mention is not yet a shared claim.
        words = both - topic_tokens
        if len(words) < 2 or words <= question_tokens:
            continue
        sims[(i, j)] = math.fsum(w2[t] for t in both) / (norms[i] * norms[j])
    if tag_bonus:
        # Same claim if one names a topic the other names or is directly related to (one hop:
        # related-of-related would join unrelated caveats).
        by_tag: dict[str, list[int]] = {}
        for i, u in enumerate(units):
            for tag in sorted(u.tags):
                by_tag.setdefault(tag, []).append(i)
        tagged: set[tuple[int, int]] = set()
        for j, v in enumerate(units):
            for tag in sorted(v.near):
                for i in by_tag.get(tag, ()):
                    if doc[i] != doc[j]:
                        tagged.add((min(i, j), max(i, j)))
        for key in tagged:
            sims[key] = sims.get(key, 0.0) + tag_bonus

    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for key in sorted(sims):
        sim = sims[key]
        if sim >= threshold:
            i, j = key
            neighbours[i].append((j, sim))
            neighbours[j].append((i, sim))

    assigned = [False] * n

    def score(i: int) -> tuple[int, float]:
        per_doctor: dict[int, float] = {}
        for j, s in neighbours[i]:
            if not assigned[j]:
                d = doc[j]
                if s > per_doctor.get(d, 0.0):
                    per_doctor[d] = s
        return len(per_doctor), round(math.fsum(per_doctor.values()), 9)

    # Scores only fall as units are taken, so a stale heap entry is an upper bound: re-score
    # the top entry and accept it once its fresh score still beats everything else.
    heap = []
    for i in range(n):
        count, total = score(i)
        heap.append((-count, -total, i))
    heapq.heapify(heap)
    clusters: list[Cluster] = []
    while heap:
        neg_count, neg_total, i = heapq.heappop(heap)
        if assigned[i]:
            continue
        count, total = score(i)
        if (count, total) != (-neg_count, -neg_total):
            heapq.heappush(heap, (-count, -total, i))
            continue
        if count + 1 < min_doctors:
            break
        members_idx = [i, *sorted(j for j, _ in neighbours[i] if not assigned[j])]
        for j in members_idx:
            assigned[j] = True

        member_set = frozenset(members_idx)
        # The member most similar to the rest reads best as the shared claim.
        center_idx = max(
            members_idx,
            key=lambda j: (
                round(
                    math.fsum(s for k, s in neighbours[j] if k in member_set)
                    * (0.7 if _ANAPHORIC_RE.match(units[j].text) else 1.0),
                    9,
                ),
                -len(units[j].text),
                -j,
            ),
        )
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
