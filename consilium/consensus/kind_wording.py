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

from . import weight_table
from .deciding import sentences
from .wording import CLASSES, tokens

KIND_WORDING_FILE = Path(__file__).resolve().parent / "verdict_kind_wording.json"


def features(text: str, kind: str) -> set[str]:
    """The answer's words and word pairs marked with the question's kind, and those of its first
    and last sentences marked again as its ends. `text` is the wording model's (wording_text in
    method.py), whose first sentence is the title when there is one."""
    said = sentences(text)
    ends = {w for s in {said[0], said[-1]} for w in tokens(s)} if said else set()
    return {f"{kind}|{w}" for w in tokens(text)} | {f"{kind}|end|{w}" for w in ends}


def fit(texts: Sequence[str], kinds: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The weight table (weight_table.fit) of the answers' kind-marked words and their verdicts."""
    return weight_table.fit(
        [features(text, kind) for text, kind in zip(texts, kinds, strict=True)],
        [CLASSES.index(label) for label in labels],
        CLASSES,
    )


class KindWordingModel:
    def __init__(self, data: dict[str, Any]) -> None:
        self._table = weight_table.WeightTable(data, CLASSES)

    def log_probabilities(self, text: str, kind: str) -> tuple[float, float, float]:
        """log P(verdict | wording, kind of question) for each class."""
        score = self._table.scores(features(text, kind))
        score -= score.max()
        logs = score - np.log(np.exp(score).sum())
        return (float(logs[0]), float(logs[1]), float(logs[2]))


@cache
def shipped_model() -> KindWordingModel:
    return KindWordingModel(json.loads(KIND_WORDING_FILE.read_text(encoding="utf-8")))
