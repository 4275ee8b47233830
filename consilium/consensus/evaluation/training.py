"""Fitting the verdict model on the development parts (never on the held-out part)."""

from __future__ import annotations

from typing import Any

from consilium.consensus.evaluation.scoring import load_part, thread_inputs
from consilium.consensus.method import load_taxonomy, read_evidence
from consilium.consensus.verdict_model import CLASSES, FEATURES, Evidence, fit

TRAINING_PARTS = tuple(f"dev{n}" if n > 1 else "dev" for n in range(1, 11))
# Chosen by five-fold cross-validation over the development threads (docs/consensus.md).
L2 = 1.0


def training_rows() -> tuple[list[Evidence], list[str]]:
    """What the rules read in every development answer, and the answer's label."""
    taxonomy = load_taxonomy()
    evidence: list[Evidence] = []
    labels: list[str] = []
    for part in TRAINING_PARTS:
        for thread in load_part(part):
            question = thread["question"]
            evidence += read_evidence(
                question["title"], question.get("body", ""), thread_inputs(thread), taxonomy
            )
            labels += [a["label"] for a in thread["answers"]]
    return evidence, labels


def fitted_weights() -> dict[str, Any]:
    """The content of verdict_weights.json for the current rules and development parts."""
    evidence, labels = training_rows()
    return {
        "features": list(FEATURES),
        "classes": list(CLASSES),
        "trained_on": list(TRAINING_PARTS),
        "answers": len(labels),
        "l2": L2,
        "weights": fit(evidence, labels, l2=L2),
    }
