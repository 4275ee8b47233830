"""What an answer's deciding clauses say on its kind of question, learned from labelled answers.

The deciding-sentence model (deciding.py) is naive Bayes over each sentence's words; this is a
logistic regression over clauses, whose words are read both as they stand and marked with the
question's kind ("safety|no risk"), as kind_wording.py reads the whole answer. A clause is a
sentence cut where it turns ("..., but it has not helped anyone build muscle"): one long
sentence often holds background and then the verdict, and read whole the background outweighs
it. With four classes (the three verdicts for the clause holding the labelled deciding phrase,
background for every other) it learns which clauses decide and which way on each kind of
question; an answer's reading weighs each clause's verdicts by how likely it is to decide, as
deciding.py does. `bench/train_verdict_model.py` fits it on the development parts and ships it
as `verdict_kind_deciding.json`; its three log-probabilities are features of the verdict model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .deciding import (
    CLASSES,
    SENTENCE_CLASSES,
    answer_log_probabilities,
    holding_most_of,
    sentence_probabilities,
    sentences,
)
from .kind_wording import STRENGTH
from .wording import MIN_ANSWERS, tokens

KIND_DECIDING_FILE = Path(__file__).resolve().parent / "verdict_kind_deciding.json"


# Where a sentence turns: before "but", "however", "although" or "though", and at a semicolon.
_TURN_RE = re.compile(r"(?:,\s+|\s+)(?=(?:but|however|although|though)\b)|;\s*")
_WORD_RE = re.compile(r"[a-z]")


def clauses(wording_text: str) -> list[str]:
    """The answer's sentences (deciding.sentences) cut where they turn."""
    return [
        clause
        for sentence in sentences(wording_text)
        for clause in _TURN_RE.split(sentence)
        if _WORD_RE.search(clause)
    ]


def deciding_clause(wording_text: str, deciding_phrase: str) -> int:
    """Index of the clause holding most of a labelled deciding phrase's words."""
    return holding_most_of(clauses(wording_text), deciding_phrase)


def features(clause: str, kind: str) -> set[str]:
    """A clause's words and word pairs, as they stand and marked with the question's kind."""
    words = set(tokens(clause))
    return words | {f"{kind}|{w}" for w in words}


def fit(
    texts: Sequence[str], kinds: Sequence[str], labels: Sequence[str], deciding: Sequence[int]
) -> dict[str, Any]:
    """Weights of every feature that MIN_ANSWERS clauses use. `texts` are the wording model's
    (wording_text in method.py) and `deciding` gives each answer's deciding clause
    (deciding_clause). Each class's clauses weigh as much in all as each other's, so the many
    background clauses do not drown the few deciding ones."""
    # Fitting needs scikit-learn, a development dependency: the site only reads the weights.
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    read: list[set[str]] = []
    classes: list[int] = []
    for text, kind, label, chosen in zip(texts, kinds, labels, deciding, strict=True):
        for i, clause in enumerate(clauses(text)):
            read.append(features(clause, kind))
            classes.append(CLASSES.index(label) if i == chosen else len(CLASSES))
    vectorizer = CountVectorizer(analyzer=sorted, binary=True, min_df=MIN_ANSWERS)
    x = vectorizer.fit_transform(read)
    model = LogisticRegression(C=STRENGTH, class_weight="balanced", max_iter=2000)
    model.fit(x, classes)
    if tuple(model.classes_) != tuple(range(len(SENTENCE_CLASSES))):
        raise ValueError("every verdict needs labelled deciding clauses to fit on")
    return {
        "classes": list(SENTENCE_CLASSES),
        "bias": [round(float(b), 4) for b in model.intercept_],
        "tokens": {
            feature: [round(float(w), 4) for w in model.coef_[:, column]]
            for feature, column in sorted(vectorizer.vocabulary_.items())
        },
    }


class KindDecidingModel:
    def __init__(self, data: dict[str, Any]) -> None:
        if tuple(data["classes"]) != SENTENCE_CLASSES:
            raise ValueError("kind-marked deciding-clause model fitted for other classes")
        self._bias = np.array(data["bias"], dtype=np.float64)
        # A row of one array for each feature rather than a list each: a third of the memory.
        self._row = {feature: n for n, feature in enumerate(data["tokens"])}
        self._weights = np.array(list(data["tokens"].values()), dtype=np.float64)

    def log_probabilities(self, text: str, kind: str) -> tuple[float, float, float]:
        """log P(verdict) for each class as the answer's likely deciding clauses say it on this
        kind of question."""
        said = clauses(text)
        scores = np.empty((len(said), len(SENTENCE_CLASSES)))
        for i, clause in enumerate(said):
            rows = [n for f in features(clause, kind) if (n := self._row.get(f)) is not None]
            scores[i] = self._bias + self._weights[rows].sum(axis=0)
        per_sentence = sentence_probabilities(scores)
        logs = answer_log_probabilities(per_sentence, np.zeros(len(said), dtype=np.int64), 1)[0]
        return (float(logs[0]), float(logs[1]), float(logs[2]))


@cache
def shipped_model() -> KindDecidingModel:
    return KindDecidingModel(json.loads(KIND_DECIDING_FILE.read_text(encoding="utf-8")))
