"""What an answer's wording says about its verdict, learned from labelled answers.

The rules in analysis.py and stance.py read the phrases they know; doctors have far more ways of
saying "go ahead" or "I'd hold off" than any list holds. This is a naive Bayes model over an
answer's words and word pairs, with words after a negation marked ("not worth" gives "NOT_worth"),
fitted on the development parts by `bench/train_verdict_model.py` and shipped as
`verdict_wording.json`. Its three log-probabilities are features of the verdict model
(verdict_model.py), which weighs them against what the rules read.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from .negation import NEGATORS
from .word_table import WordTable

CLASSES = ("recommend", "depends", "not_recommended")
WORDING_FILE = Path(__file__).resolve().parent / "verdict_wording.json"
# A word or pair seen in fewer answers than this says more about one writer than about doctors.
MIN_ANSWERS = 2

_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|[.,;:!?()]")
_PUNCTUATION = frozenset(".,;:!?()")


def answer_text(title: str, body: str) -> str:
    return f"{title} . {body}"


def tokens(text: str) -> list[str]:
    """Words and neighbouring word pairs; a negation marks the words after it up to the next
    punctuation."""
    words: list[str] = []
    negated = False
    for w in _WORD_RE.findall(text.lower().replace("\u2019", "'")):
        if w in _PUNCTUATION:
            negated = False
            continue
        words.append(f"NOT_{w}" if negated else w)
        # This text keeps its contractions ("don't", "cannot"), which cue text would expand.
        if w in NEGATORS or w == "cannot" or w.endswith("n't"):
            negated = True
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def fit(texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Per-class log-probabilities of every token that MIN_ANSWERS answers use (Laplace
    smoothing over answers, each token counted once per answer), and an even prior."""
    counts = [Counter[str]() for _ in CLASSES]
    for text, label in zip(texts, labels, strict=True):
        counts[CLASSES.index(label)].update(set(tokens(text)))
    return {
        "classes": list(CLASSES),
        # Every verdict as likely as the others before the words are read: how often each one
        # came up depends on who wrote the labelled parts, not on how doctors answer.
        "prior": [round(math.log(1 / len(CLASSES)), 6)] * len(CLASSES),
        "tokens": token_table(counts),
    }


def token_table(counts: Sequence[Counter[str]]) -> dict[str, list[float]]:
    """log P(token | class) of every token that MIN_ANSWERS items use, one count a class (an
    item counts each of its tokens once: an answer here, a sentence in deciding.py), with
    Laplace smoothing."""
    vocabulary = set().union(*counts)
    totals = [sum(c.values()) for c in counts]
    kept = sorted(t for t in vocabulary if sum(c[t] for c in counts) >= MIN_ANSWERS)
    return {
        t: [
            round(math.log((c[t] + 1) / (total + len(vocabulary))), 4)
            for c, total in zip(counts, totals, strict=True)
        ]
        for t in kept
    }


def scores(table: WordTable, prior: np.ndarray, words: Iterable[str]) -> np.ndarray:
    """The prior plus the known tokens' summed log-probabilities, divided by the square root
    of their number: an item's words are not independent witnesses, and without that ten
    paragraphs of background outvote one plain verdict."""
    known = table.rows(words)
    score = prior.copy()
    if len(known):
        score += known.sum(axis=0) / math.sqrt(len(known))
    return score


class WordingModel:
    def __init__(self, data: dict[str, Any]) -> None:
        if tuple(data["classes"]) != CLASSES:
            raise ValueError("wording model fitted for other classes")
        self._prior = np.array(data["prior"], dtype=np.float64)
        self._tokens = WordTable(data["tokens"], len(CLASSES))

    def log_probabilities(self, text: str) -> tuple[float, float, float]:
        """log P(verdict | wording) for each class, normalised."""
        score = scores(self._tokens, self._prior, set(tokens(text)))
        score -= score.max()
        p = np.exp(score)
        p /= p.sum()
        logs = np.log(p + 1e-6)
        return (float(logs[0]), float(logs[1]), float(logs[2]))


@cache
def shipped_model() -> WordingModel:
    return WordingModel(json.loads(WORDING_FILE.read_text(encoding="utf-8")))
