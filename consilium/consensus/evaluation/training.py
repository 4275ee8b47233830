"""Fitting the verdict model on the development parts (never on a held-out part)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from consilium.consensus import deciding, kind_deciding, kind_wording, wording
from consilium.consensus.evaluation.part_counts import ModelCounts
from consilium.consensus.evaluation.scoring import DEVELOPMENT_PARTS, load_part, thread_inputs
from consilium.consensus.method import load_taxonomy, read_evidence
from consilium.consensus.text import cue_text
from consilium.consensus.verdict_model import CLASSES, FEATURES, Evidence, fit

TRAINING_PARTS = DEVELOPMENT_PARTS
# Chosen by cross-validation over the development parts (docs/consensus.md).
L2 = 1.0
# The kind-marked regressions are refitted for each unseen reading, so they read the parts ten
# folds at a time rather than one part at a time.
FOLDS = 10


@dataclass(frozen=True)
class TrainingAnswer:
    part: str
    thread: str
    evidence: Evidence  # what the rules read; its models' parts are filled in by fitted_models()
    text: str  # as the wording model reads it
    label: str
    deciding: int  # which sentence of `text` holds the labelled deciding phrase
    deciding_clause: int  # and which clause (kind_deciding.clauses)

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
                phrase = cue_text(answer["deciding"])
                rows.append(
                    TrainingAnswer(
                        part,
                        thread["id"],
                        evidence,
                        text,
                        answer["label"],
                        deciding.deciding_sentence(text, phrase),
                        kind_deciding.deciding_clause(text, phrase),
                    )
                )
    return rows


def fitted_deciding(rows: list[TrainingAnswer]) -> dict[str, Any]:
    return deciding.fit([r.text for r in rows], [r.label for r in rows], [r.deciding for r in rows])


def folds_of(parts: Collection[str], folds: int = FOLDS) -> list[set[str]]:
    """The parts dealt into `folds` groups in order of name: the same groups for the same
    parts."""
    ordered = sorted(parts)
    return [set(ordered[k::folds]) for k in range(folds)]


def fitted_kind_wording(rows: Sequence[TrainingAnswer]) -> dict[str, Any]:
    return kind_wording.fit([r.text for r in rows], [r.kind for r in rows], [r.label for r in rows])


def fitted_kind_deciding(rows: Sequence[TrainingAnswer]) -> dict[str, Any]:
    return kind_deciding.fit(
        [r.text for r in rows],
        [r.kind for r in rows],
        [r.label for r in rows],
        [r.deciding_clause for r in rows],
    )


@dataclass(frozen=True)
class RegressionReading:
    """What the two kind-marked regressions read in one answer, as log-probabilities."""

    kind_wording: tuple[float, float, float]
    kind_deciding: tuple[float, float, float]

    def into(self, evidence: Evidence) -> Evidence:
        return replace(evidence, kind_wording=self.kind_wording, kind_deciding=self.kind_deciding)


RegressionReadings = dict[int, RegressionReading]


def regression_readings(
    rows: Sequence[TrainingAnswer], left_out: Collection[str]
) -> RegressionReadings:
    """The kind-marked readings of the rows of the parts `left_out`, by the regressions fitted
    on the rows of every other part: row number to reading."""
    kept = [r for r in rows if r.part not in left_out]
    by_wording = kind_wording.KindWordingModel(fitted_kind_wording(kept))
    by_deciding = kind_deciding.KindDecidingModel(fitted_kind_deciding(kept))
    return {
        i: RegressionReading(
            by_wording.log_probabilities(r.text, r.kind),
            by_deciding.log_probabilities(r.text, r.kind),
        )
        for i, r in enumerate(rows)
        if r.part in left_out
    }


def _with_unseen_readings(rows: list[TrainingAnswer]) -> list[Evidence]:
    """Each answer's evidence with the wordings and the deciding sentences as read by models
    fitted without its part (naive Bayes) or its fold of parts (the kind-marked regressions), so
    the verdict model learns how far they can be trusted on a voice they have not met."""
    counts = model_counts(rows)
    evidence = [r.evidence for r in rows]
    read = [e for part in counts.parts for e in counts.read(evidence, part, {part})]
    kind_read: RegressionReadings = {}
    for fold in folds_of(counts.parts):
        kind_read.update(regression_readings(rows, fold))
    return [kind_read[i].into(e) for i, e in enumerate(read)]


def model_counts(rows: list[TrainingAnswer]) -> ModelCounts:
    """The wording and deciding-sentence models of these answers, fittable without any parts,
    checked against a fresh fit."""
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    deciding_sentences = [r.deciding for r in rows]
    counts = ModelCounts([r.part for r in rows], texts, labels, deciding_sentences)
    counts.check_against_a_fresh_fit(texts, labels, deciding_sentences)
    return counts


@dataclass(frozen=True)
class FittedModels:
    """The contents of the model files for the current rules and development parts."""

    weights: dict[str, Any]  # verdict_weights.json
    wording: dict[str, Any]  # verdict_wording.json
    deciding: dict[str, Any]  # verdict_deciding.json
    kind_wording: dict[str, Any]  # verdict_kind_wording.json
    kind_deciding: dict[str, Any]  # verdict_kind_deciding.json


def fitted_models() -> FittedModels:
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
    kind_wording_data = fitted_kind_wording(rows)
    kind_wording_data["trained_on"] = list(TRAINING_PARTS)
    kind_deciding_data = fitted_kind_deciding(rows)
    kind_deciding_data["trained_on"] = list(TRAINING_PARTS)
    return FittedModels(weights, wording_data, deciding_data, kind_wording_data, kind_deciding_data)
