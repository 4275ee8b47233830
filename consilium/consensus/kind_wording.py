"""What an answer's wording says about its verdict on its kind of question, learned from labelled
answers.

"No risk" reassures on "is it safe?" and "go for the other one" turns against on "A or B?": the
same words lean different ways on different questions. This is a logistic regression over the
wording model's words and word pairs (wording.tokens), each marked with the question's kind
("safety|no risk"). The words of the answer's first and last sentences are read once more,
marked as its ends ("safety|end|no risk"): most doctors open or close on their verdict, and a
regression, unlike naive Bayes, can learn how much more those words count without being told.
`bench/train_verdict_model.py` fits it on the development parts and ships it as
`verdict_kind_wording.json`; its three log-probabilities are features of the verdict model beside
the naive Bayes wording model's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .deciding import sentences
from .wording import CLASSES, MIN_ANSWERS, tokens

KIND_WORDING_FILE = Path(__file__).resolve().parent / "verdict_kind_wording.json"
# The inverse of the penalty on the weights, chosen by cross-validation over the development
# parts (docs/consensus.md).
STRENGTH = 0.3


def features(text: str, kind: str) -> set[str]:
    """The answer's words and word pairs marked with the question's kind, and those of its first
    and last sentences marked again as its ends. `text` is the wording model's (wording_text in
    method.py), whose first sentence is the title when there is one."""
    said = sentences(text)
    ends = {w for s in {said[0], said[-1]} for w in tokens(s)} if said else set()
    return {f"{kind}|{w}" for w in tokens(text)} | {f"{kind}|end|{w}" for w in ends}


def fit(texts: Sequence[str], kinds: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Weights of every feature that MIN_ANSWERS answers use, each verdict's answers weighing as
    much in all as each other's (the labelled parts' mix of verdicts is their writers')."""
    # Fitting needs scikit-learn, a development dependency: the site only reads the weights.
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(analyzer=sorted, binary=True, min_df=MIN_ANSWERS)
    x = vectorizer.fit_transform(
        [features(text, kind) for text, kind in zip(texts, kinds, strict=True)]
    )
    model = LogisticRegression(C=STRENGTH, class_weight="balanced", max_iter=2000)
    model.fit(x, [CLASSES.index(label) for label in labels])
    if tuple(model.classes_) != tuple(range(len(CLASSES))):
        raise ValueError("every verdict needs labelled answers to fit on")
    return {
        "classes": list(CLASSES),
        "bias": [round(float(b), 4) for b in model.intercept_],
        "tokens": {
            feature: [round(float(w), 4) for w in model.coef_[:, column]]
            for feature, column in sorted(vectorizer.vocabulary_.items())
        },
    }


class KindWordingModel:
    def __init__(self, data: dict[str, Any]) -> None:
        if tuple(data["classes"]) != CLASSES:
            raise ValueError("kind-marked wording model fitted for other classes")
        self._bias = np.array(data["bias"], dtype=np.float64)
        # A row of one array for each feature rather than a list each: a third of the memory.
        self._row = {feature: n for n, feature in enumerate(data["tokens"])}
        self._weights = np.array(list(data["tokens"].values()), dtype=np.float64)

    def log_probabilities(self, text: str, kind: str) -> tuple[float, float, float]:
        """log P(verdict | wording, kind of question) for each class."""
        rows = [n for f in features(text, kind) if (n := self._row.get(f)) is not None]
        score = self._bias + self._weights[rows].sum(axis=0)
        score -= score.max()
        logs = score - np.log(np.exp(score).sum())
        return (float(logs[0]), float(logs[1]), float(logs[2]))


@cache
def shipped_model() -> KindWordingModel:
    return KindWordingModel(json.loads(KIND_WORDING_FILE.read_text(encoding="utf-8")))
