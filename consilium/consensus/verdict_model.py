"""Weighing an answer's read evidence into a verdict: a small multinomial logistic model.

The rules (analysis.py, stance.py) say what each sentence argues, and the word models
(wording.py, kind_wording.py, deciding.py, kind_deciding.py) what the answer's words suggest;
how much a title outweighs a body, advice outweighs a remark, or the rules outweigh the
wording, is learned from the labelled development threads rather than set by hand.
`bench/train_verdict_model.py` fits the weights (never on a held-out part) and writes
`verdict_weights.json`, which ships with the code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

CLASSES = ("recommend", "depends", "not_recommended")
WEIGHTS_FILE = Path(__file__).resolve().parent / "verdict_weights.json"

FEATURES = (
    "for",  # evidence for the treatment, over the whole answer
    "against",
    "depends",
    "share_for",  # the same as shares of all the evidence, so long answers weigh like short ones
    "share_against",
    "share_depends",
    "title_for",  # what the title alone says
    "title_against",
    "asks_safety",  # the kind of question
    "asks_choice",
    "asks_continuation",
    "wording_recommend",  # what the answer's wording says (wording.py), as log-probabilities
    "wording_depends",
    "wording_not_recommended",
    # What the wording says read with the kind of question (kind_wording.py), as
    # log-probabilities.
    "kind_wording_recommend",
    "kind_wording_depends",
    "kind_wording_not_recommended",
    # What the answer's likely deciding sentences say (deciding.py), as log-probabilities.
    "deciding_recommend",
    "deciding_depends",
    "deciding_not_recommended",
    # What the likely deciding clauses say read with the kind of question (kind_deciding.py), as
    # log-probabilities.
    "kind_deciding_recommend",
    "kind_deciding_depends",
    "kind_deciding_not_recommended",
    # The same on an "A or B?" question, where praise may be for the other option: the model
    # learns how far to trust the wording there apart from elsewhere.
    "choice_wording_recommend",
    "choice_wording_depends",
    "choice_wording_not_recommended",
    # On an "A or B?" question, which option the answer names first: most doctors lead with
    # their pick ("Electrolysis.", "Start with sclerotherapy").
    "choice_named_first",
    # The rules' shares again on an "A or B?" question, where the wording praises whichever
    # option the doctor picks and only the rules tell which one it was.
    "choice_share_for",
    "choice_share_against",
    # On a question about what followed the treatment ("is this swelling normal?"), where
    # "wait and see" reassures: how far to trust the deciding sentences there.
    "asks_about_a_result",
    "result_deciding_recommend",
    "result_deciding_depends",
    "result_deciding_not_recommended",
    "bias",
)


@dataclass(frozen=True)
class Evidence:
    """What the rules read in one answer."""

    pos: float
    neg: float
    dep: float
    title_pos: float
    title_neg: float
    kind: str
    about_a_result: bool = False
    wording: tuple[float, float, float] = (0.0, 0.0, 0.0)
    kind_wording: tuple[float, float, float] = (0.0, 0.0, 0.0)
    deciding: tuple[float, float, float] = (0.0, 0.0, 0.0)
    kind_deciding: tuple[float, float, float] = (0.0, 0.0, 0.0)
    # +1 when the first treatment the answer names is the question's, -1 another, 0 none.
    named_first: float = 0.0

    @property
    def total(self) -> float:
        return self.pos + self.neg + self.dep

    def vector(self) -> list[float]:
        total = self.total + 0.25
        return [
            self.pos,
            self.neg,
            self.dep,
            self.pos / total,
            self.neg / total,
            self.dep / total,
            self.title_pos,
            self.title_neg,
            float(self.kind == "safety"),
            float(self.kind == "choice"),
            float(self.kind == "continuation"),
            *self.wording,
            *self.kind_wording,
            *self.deciding,
            *self.kind_deciding,
            *(w if self.kind == "choice" else 0.0 for w in self.wording),
            self.named_first if self.kind == "choice" else 0.0,
            self.pos / total if self.kind == "choice" else 0.0,
            self.neg / total if self.kind == "choice" else 0.0,
            float(self.about_a_result),
            *(d if self.about_a_result else 0.0 for d in self.deciding),
            1.0,
        ]


@cache
def _weights() -> np.ndarray:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES or tuple(data["classes"]) != CLASSES:
        raise ValueError(f"{WEIGHTS_FILE.name} was fitted for other features or classes")
    return np.array(data["weights"], dtype=np.float64)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(scores)
    result: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
    return result


def weigh(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """How likely each verdict is (last axis, in CLASSES order) for evidence vectors and
    fitted weights."""
    return _softmax(vectors @ weights)


def probabilities(evidence: Evidence) -> dict[str, float]:
    """How likely each verdict is, given what was read."""
    p = weigh(np.array(evidence.vector()), _weights())
    return {c: float(p[i]) for i, c in enumerate(CLASSES)}


def fit(
    evidence: Sequence[Evidence], labels: Sequence[str], l2: float = 1.0, steps: int = 3000
) -> list[list[float]]:
    """Weights (features x classes) by gradient descent on the L2-regularised log loss, each
    verdict's answers weighing as much in all as each other's: the labelled parts' mix of
    verdicts is their writers', not doctors', and a "yes" learnt from it is the costliest error."""
    x = np.array([e.vector() for e in evidence])
    index = np.array([CLASSES.index(label) for label in labels])
    y = np.eye(len(CLASSES))[index]
    counts = np.bincount(index, minlength=len(CLASSES))
    balance = (len(index) / (len(CLASSES) * np.maximum(counts, 1)))[index][:, None]
    w = np.zeros((x.shape[1], len(CLASSES)))
    penalty = np.ones_like(w)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        gradient = x.T @ (balance * (weigh(x, w) - y)) / len(x) + l2 * penalty * w / len(x)
        w -= 0.1 * gradient
    return [[round(float(v), 6) for v in row] for row in w]
