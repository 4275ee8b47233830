"""Fitting and reading the kind-marked regressions' tables of word weights.

kind_wording.py and kind_deciding.py are each a logistic regression over sets of words; they
differ only in what the words are and what is classed. Both are fitted here with scikit-learn (a
development dependency) and shipped as a table that the site reads with numpy alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .word_table import WordTable
from .wording import MIN_ANSWERS

# The inverse of the penalty on the weights, chosen by cross-validation over the development
# parts (docs/consensus.md).
STRENGTH = 0.3


def fit(
    examples: Sequence[set[str]], classes: Sequence[int], class_names: Sequence[str]
) -> dict[str, Any]:
    """Weights of every word that MIN_ANSWERS examples use, each class's examples weighing as
    much in all as each other's (the labelled parts' mix of verdicts is their writers')."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(analyzer=sorted, binary=True, min_df=MIN_ANSWERS)
    x = vectorizer.fit_transform(examples)
    model = LogisticRegression(C=STRENGTH, class_weight="balanced", max_iter=2000)
    model.fit(x, classes)
    if tuple(model.classes_) != tuple(range(len(class_names))):
        raise ValueError(f"every one of {', '.join(class_names)} needs examples to fit on")
    return {
        "classes": list(class_names),
        "bias": [round(float(b), 4) for b in model.intercept_],
        "tokens": {
            word: [round(float(w), 4) for w in model.coef_[:, column]]
            for word, column in sorted(vectorizer.vocabulary_.items())
        },
    }


class WeightTable:
    """A fitted table, read word by word."""

    def __init__(self, data: dict[str, Any], class_names: Sequence[str]) -> None:
        if tuple(data["classes"]) != tuple(class_names):
            raise ValueError("weight table fitted for other classes")
        self._bias = np.array(data["bias"], dtype=np.float64)
        self._weights = WordTable(data["tokens"], len(class_names))

    def scores(self, words: Iterable[str]) -> np.ndarray:
        """Each class's score (a log-probability up to a constant) for a set of words."""
        result: np.ndarray = self._bias + self._weights.rows(words).sum(axis=0)
        return result
