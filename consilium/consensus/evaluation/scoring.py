"""Scoring the consensus method against the labelled evaluation threads (no Django)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consilium.consensus.method import AnswerInput, TaxonomyEntry, compute_consensus, load_taxonomy

EVALUATION_DIR = Path(__file__).resolve().parent
# Development parts: tuned and fitted on. Held-out parts: measured only.
# dev107 to dev112 were renumbered into heldout3 when it was set aside.
DEVELOPMENT_PARTS = ("dev", *(f"dev{n}" for n in (*range(2, 107), *range(113, 145))))
# Written, read once blind, and kept out of fitting and out of reading until the next change to
# the method is measured on them; then they join the development parts.
WAITING_PARTS = tuple(f"dev{n}" for n in range(145, 155))
PARTS = (*DEVELOPMENT_PARTS, *WAITING_PARTS, "heldout", "heldout2", "heldout3")
CLASSES = ("recommend", "depends", "not_recommended")
UNCLEAR = "unclear"

# A labelled claim counts as found when one panel point cites at least half of the answers
# that make it, and no more than twice as many answers as it has.
_CLAIM_OVERLAP = 0.5


def part_path(part: str) -> Path:
    return EVALUATION_DIR / f"{part}.json"


def part_digest(part: str) -> str:
    """SHA-256 of a part's file as stored, so a test can freeze the held-out part."""
    return hashlib.sha256(part_path(part).read_bytes()).hexdigest()


def load_part(part: str) -> list[dict[str, Any]]:
    data = json.loads(part_path(part).read_text(encoding="utf-8"))
    threads: list[dict[str, Any]] = data["threads"]
    return threads


def thread_inputs(thread: dict[str, Any]) -> list[AnswerInput]:
    """The thread's answers as the method sees an imported thread: no verdict stated."""
    return [
        AnswerInput(
            ref=str(i),
            title=a.get("title", ""),
            body=a["body"],
            verdict="not_stated",
            doctor=a.get("doctor") or f"doctor-{i}",
        )
        for i, a in enumerate(thread["answers"])
    ]


def predicted_verdict(entry: dict[str, Any]) -> str:
    verdict: str = entry["verdict"]
    return verdict if verdict in CLASSES else UNCLEAR


@dataclass
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class PartScore:
    part: str
    threads: int
    answers: int
    agreement: float
    unclear: int
    wrong: int
    false_recommend: int
    macro_f1: float
    per_class: dict[str, ClassScore]
    # confusion[label][prediction], predictions include UNCLEAR
    confusion: dict[str, dict[str, int]]
    key_point_recall: float
    key_point_precision: float
    exception_recall: float
    exception_precision: float
    alternative_recall: float
    alternative_precision: float
    misses: list[dict[str, Any]] = field(default_factory=list)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _cited_answers(point: dict[str, Any]) -> set[int]:
    return {int(s["answer"]) for s in point.get("sources", [])}


def _claim_found(claim: dict[str, Any], points: Sequence[dict[str, Any]]) -> bool:
    wanted = set(claim["answers"])
    for point in points:
        cited = _cited_answers(point)
        if len(cited & wanted) >= _CLAIM_OVERLAP * len(wanted) and len(cited) <= 2 * len(wanted):
            return True
    return False


def _point_matches_some_claim(point: dict[str, Any], claims: Sequence[dict[str, Any]]) -> bool:
    cited = _cited_answers(point)
    return any(len(cited & set(c["answers"])) >= _CLAIM_OVERLAP * len(cited) for c in claims)


Method = Callable[[str, str, Sequence[AnswerInput], Sequence[TaxonomyEntry]], dict[str, Any]]


def score_part(
    part: str,
    method: Method = compute_consensus,
    taxonomy: Sequence[TaxonomyEntry] | None = None,
) -> PartScore:
    """Run the method over every thread of a part and compare with the labels."""
    taxonomy = load_taxonomy() if taxonomy is None else taxonomy
    threads = load_part(part)
    confusion = {label: Counter[str]() for label in CLASSES}
    misses: list[dict[str, Any]] = []
    claims_total = claims_found = 0
    points_total = points_matched = 0
    exceptions_total = exceptions_found = 0
    shown_exceptions = exceptions_matched = 0
    alt_labelled = alt_found = alt_shown = alt_right = 0
    for thread in threads:
        result = method(
            thread["question"]["title"],
            thread["question"].get("body", ""),
            thread_inputs(thread),
            taxonomy,
        )
        for answer, entry in zip(thread["answers"], result["answers"], strict=True):
            predicted = predicted_verdict(entry)
            confusion[answer["label"]][predicted] += 1
            if predicted != answer["label"]:
                misses.append(
                    {
                        "thread": thread["id"],
                        "kind": thread.get("kind", ""),
                        "answer": entry["answer"],
                        "label": answer["label"],
                        "predicted": predicted,
                        "deciding": answer.get("deciding", ""),
                    }
                )
        claims = thread.get("key_points", [])
        claims_total += len(claims)
        claims_found += sum(_claim_found(c, result["key_points"]) for c in claims)
        every_claim = claims + thread.get("exceptions", [])
        points_total += len(result["key_points"])
        points_matched += sum(
            _point_matches_some_claim(p, every_claim) for p in result["key_points"]
        )
        exceptions = thread.get("exceptions", [])
        exceptions_total += len(exceptions)
        exceptions_found += sum(_claim_found(c, result["exceptions"]) for c in exceptions)
        shown_exceptions += len(result["exceptions"])
        exceptions_matched += sum(
            _point_matches_some_claim(p, exceptions) for p in result["exceptions"]
        )
        wanted = set(thread.get("alternatives", []))
        shown = {a["topic"] for a in result["alternatives"]}
        alt_labelled += len(wanted)
        alt_found += len(wanted & shown)
        alt_shown += len(shown)
        alt_right += len(shown & wanted)

    answers = sum(sum(row.values()) for row in confusion.values())
    right = sum(confusion[c][c] for c in CLASSES)
    unclear = sum(confusion[c][UNCLEAR] for c in CLASSES)
    per_class = {}
    for c in CLASSES:
        predicted_as_c = sum(confusion[label][c] for label in CLASSES)
        support = sum(confusion[c].values())
        p = _ratio(confusion[c][c], predicted_as_c)
        r = _ratio(confusion[c][c], support)
        per_class[c] = ClassScore(p, r, _f1(p, r), support)
    return PartScore(
        part=part,
        threads=len(threads),
        answers=answers,
        agreement=_ratio(right, answers),
        unclear=unclear,
        wrong=answers - right - unclear,
        false_recommend=sum(confusion[c]["recommend"] for c in CLASSES if c != "recommend"),
        macro_f1=sum(s.f1 for s in per_class.values()) / len(CLASSES),
        per_class=per_class,
        confusion={label: dict(row) for label, row in confusion.items()},
        key_point_recall=_ratio(claims_found, claims_total),
        key_point_precision=_ratio(points_matched, points_total),
        exception_recall=_ratio(exceptions_found, exceptions_total),
        exception_precision=_ratio(exceptions_matched, shown_exceptions),
        alternative_recall=_ratio(alt_found, alt_labelled),
        alternative_precision=_ratio(alt_right, alt_shown),
        misses=misses,
    )
