"""Fitting the verdict model on the development parts (never on a held-out part)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from consilium.consensus import deciding, wording
from consilium.consensus.evaluation.part_counts import ModelCounts
from consilium.consensus.evaluation.scoring import DEVELOPMENT_PARTS, load_part, thread_inputs
from consilium.consensus.method import load_taxonomy, read_evidence
from consilium.consensus.text import cue_text
from consilium.consensus.verdict_model import CLASSES, FEATURES, Evidence, fit

TRAINING_PARTS = DEVELOPMENT_PARTS
# Chosen by cross-validation over the development parts (docs/consensus.md).
L2 = 1.0


@dataclass(frozen=True)
class TrainingAnswer:
    part: str
    thread: str
    evidence: Evidence  # what the rules read; its models' parts are filled in by fitted_models()
    text: str  # as the wording model reads it
    label: str
    deciding: int  # which sentence of `text` holds the labelled deciding phrase

    @property
    def kind(self) -> str:
        return self.evidence.kind


def training_answers(
    parts: Mapping[str, Sequence[dict[str, Any]]] | None = None,
) -> list[TrainingAnswer]:
    """Every answer of the given parts' threads (by default the development parts) with what
    the rules read in it, its label and its deciding sentence."""
    if parts is None:
        parts = {part: load_part(part) for part in TRAINING_PARTS}
    taxonomy = load_taxonomy()
    rows: list[TrainingAnswer] = []
    for part, threads in parts.items():
        for thread in threads:
            question = thread["question"]
            read = read_evidence(
                question["title"], question.get("body", ""), thread_inputs(thread), taxonomy
            )
            for (evidence, text), answer in zip(read, thread["answers"], strict=True):
                chosen = deciding.deciding_sentence(text, cue_text(answer["deciding"]))
                rows.append(
                    TrainingAnswer(part, thread["id"], evidence, text, answer["label"], chosen)
                )
    return rows


def fitted_deciding(rows: list[TrainingAnswer]) -> dict[str, Any]:
    return deciding.fit([r.text for r in rows], [r.label for r in rows], [r.deciding for r in rows])


def _with_unseen_readings(rows: list[TrainingAnswer]) -> list[Evidence]:
    """Each answer's evidence with the wording and the deciding sentences as read by models
    fitted on the other parts, so the verdict model learns how far they can be trusted on a
    voice they have not met."""
    counts = model_counts(rows)
    evidence = [r.evidence for r in rows]
    return [e for part in counts.parts for e in counts.read(evidence, part, {part})]


def model_counts(rows: list[TrainingAnswer]) -> ModelCounts:
    """The wording and deciding-sentence models of these answers, fittable without any parts,
    checked against a fresh fit."""
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    deciding_sentences = [r.deciding for r in rows]
    counts = ModelCounts([r.part for r in rows], texts, labels, deciding_sentences)
    counts.check_against_a_fresh_fit(texts, labels, deciding_sentences)
    return counts


def fitted_models() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The contents of verdict_weights.json, verdict_wording.json and verdict_deciding.json for
    the current rules and development parts."""
    rows = training_answers()  # in the order of TRAINING_PARTS, as _with_unseen_readings gives
    labels = [r.label for r in rows]
    weights = {
        "features": list(FEATURES),
        "classes": list(CLASSES),
        "trained_on": list(TRAINING_PARTS),
        "answers": len(labels),
        "l2": L2,
        "weights": fit(_with_unseen_readings(rows), labels, l2=L2),
    }
    wording_data = wording.fit([r.text for r in rows], labels)
    wording_data["trained_on"] = list(TRAINING_PARTS)
    deciding_data = fitted_deciding(rows)
    deciding_data["trained_on"] = list(TRAINING_PARTS)
    return weights, wording_data, deciding_data
