"""Fitting the verdict model on the development parts (never on a held-out part)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from consilium.consensus import wording
from consilium.consensus.evaluation.scoring import DEVELOPMENT_PARTS, load_part, thread_inputs
from consilium.consensus.method import load_taxonomy, read_evidence
from consilium.consensus.verdict_model import CLASSES, FEATURES, Evidence, fit

TRAINING_PARTS = DEVELOPMENT_PARTS
# Chosen by cross-validation over the development parts (docs/consensus.md).
L2 = 1.0


@dataclass(frozen=True)
class TrainingAnswer:
    part: str
    evidence: Evidence  # what the rules read; its wording part is filled in by fitted_models()
    text: str  # as the wording model reads it
    label: str


def training_answers() -> list[TrainingAnswer]:
    """Every development answer with what the rules read in it and its label."""
    taxonomy = load_taxonomy()
    rows: list[TrainingAnswer] = []
    for part in TRAINING_PARTS:
        for thread in load_part(part):
            question = thread["question"]
            read = read_evidence(
                question["title"], question.get("body", ""), thread_inputs(thread), taxonomy
            )
            for (evidence, text), answer in zip(read, thread["answers"], strict=True):
                rows.append(TrainingAnswer(part, evidence, text, answer["label"]))
    return rows


def _with_unseen_wording(rows: list[TrainingAnswer]) -> list[Evidence]:
    """Each answer's evidence with the wording as read by a model fitted on the other parts,
    so the verdict model learns how far the wording can be trusted on a voice it has not met."""
    evidence: list[Evidence] = []
    for part in TRAINING_PARTS:
        others = [r for r in rows if r.part != part]
        model = wording.WordingModel(
            wording.fit([r.text for r in others], [r.label for r in others])
        )
        evidence += [
            replace(r.evidence, wording=model.log_probabilities(r.text))
            for r in rows
            if r.part == part
        ]
    return evidence


def fitted_models() -> tuple[dict[str, Any], dict[str, Any]]:
    """The contents of verdict_weights.json and verdict_wording.json for the current rules and
    development parts."""
    rows = training_answers()  # in the order of TRAINING_PARTS, as _with_unseen_wording gives
    labels = [r.label for r in rows]
    weights = {
        "features": list(FEATURES),
        "classes": list(CLASSES),
        "trained_on": list(TRAINING_PARTS),
        "answers": len(labels),
        "l2": L2,
        "weights": fit(_with_unseen_wording(rows), labels, l2=L2),
    }
    wording_data = wording.fit([r.text for r in rows], labels)
    wording_data["trained_on"] = list(TRAINING_PARTS)
    return weights, wording_data
