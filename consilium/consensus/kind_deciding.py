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

from . import weight_table
from .deciding import (
    CLASSES,
    SENTENCE_CLASSES,
    answer_log_probabilities,
    holding_most_of,
    says_something,
    sentence_probabilities,
    sentences,
)
from .wording import tokens

KIND_DECIDING_FILE = Path(__file__).resolve().parent / "verdict_kind_deciding.json"


# Where a sentence turns: before "but", "however", "although" or "though", and at a semicolon.
_TURN_RE = re.compile(r"(?:,\s+|\s+)(?=(?:but|however|although|though)\b)|;\s*")


def clauses(wording_text: str) -> list[str]:
    """The answer's sentences (deciding.sentences) cut where they turn."""
    return [
        clause
        for sentence in sentences(wording_text)
        for clause in _TURN_RE.split(sentence)
        if says_something(clause)
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
    """The weight table (weight_table.fit) of every clause's words and its class. `texts` are
    the wording model's (wording_text in method.py) and `deciding` gives each answer's deciding
    clause (deciding_clause); the classes weigh evenly, so the many background clauses do not
    drown the few deciding ones."""
    read: list[set[str]] = []
    classes: list[int] = []
    for text, kind, label, chosen in zip(texts, kinds, labels, deciding, strict=True):
        for i, clause in enumerate(clauses(text)):
            read.append(features(clause, kind))
            classes.append(CLASSES.index(label) if i == chosen else len(CLASSES))
    return weight_table.fit(read, classes, SENTENCE_CLASSES)


class KindDecidingModel:
    def __init__(self, data: dict[str, Any]) -> None:
        self._table = weight_table.WeightTable(data, SENTENCE_CLASSES)

    def log_probabilities(self, text: str, kind: str) -> tuple[float, float, float]:
        """log P(verdict) for each class as the answer's likely deciding clauses say it on this
        kind of question."""
        said = clauses(text)
        scores = np.array([self._table.scores(features(c, kind)) for c in said])
        per_clause = sentence_probabilities(scores.reshape(-1, len(SENTENCE_CLASSES)))
        logs = answer_log_probabilities(per_clause, np.zeros(len(said), dtype=np.int64), 1)[0]
        return (float(logs[0]), float(logs[1]), float(logs[2]))


@cache
def shipped_model() -> KindDecidingModel:
    return KindDecidingModel(json.loads(KIND_DECIDING_FILE.read_text(encoding="utf-8")))
