"""Which sentences of an answer decide its verdict, and which way they lean, learned from labels.

Many doctors put their verdict in one sentence after paragraphs of background ("The animal
doses were enormous... I would not worry."), and a reading of the whole answer's words lets the
background drown it. Every labelled answer names the phrase that decides it, so this naive Bayes
model learns from sentences: the deciding sentence is an example of its answer's verdict, every
other sentence an example of background. Reading an answer, each sentence's three verdicts are
weighed by how likely it is to be the deciding one. Fitted by `bench/train_verdict_model.py`
and shipped as `verdict_deciding.json`; its three log-probabilities are features of the verdict
model (verdict_model.py).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .word_table import WordTable
from .wording import scores, token_table, tokens

CLASSES = ("recommend", "depends", "not_recommended")
BACKGROUND = "background"
SENTENCE_CLASSES = (*CLASSES, BACKGROUND)
DECIDING_FILE = Path(__file__).resolve().parent / "verdict_deciding.json"

# The wording model's text is lower-cased, so a sentence ends at terminal punctuation alone.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_WORD_RE = re.compile(r"[a-z]+")


def sentences(wording_text: str) -> list[str]:
    """The sentences of an answer as the wording model reads it (wording_text in method.py)."""
    return [s for s in _SENTENCE_END_RE.split(wording_text) if says_something(s)]


def says_something(piece: str) -> bool:
    """Whether a piece of an answer has a word in it, not only punctuation or digits."""
    return _WORD_RE.search(piece) is not None


def sentence_tokens(wording_text: str) -> list[set[str]]:
    return [set(tokens(s)) for s in sentences(wording_text)]


def deciding_sentence(wording_text: str, deciding_phrase: str) -> int:
    """Index of the sentence holding most of a labelled deciding phrase's words."""
    return holding_most_of(sentences(wording_text), deciding_phrase)


def holding_most_of(pieces: Sequence[str], deciding_phrase: str) -> int:
    """Index of the piece of an answer holding most of a labelled deciding phrase's words (the
    phrase as cue_text gives it; treatment names in the answer have become placeholders, so the
    match is by shared words, not by the exact phrase); the first of equals."""
    wanted = set(_WORD_RE.findall(deciding_phrase))
    shares = [len(wanted & set(_WORD_RE.findall(p))) / max(len(wanted), 1) for p in pieces]
    return max(range(len(shares)), key=lambda i: (shares[i], -i)) if shares else 0


def prior(deciding: int, background: int) -> list[float]:
    """Log prior of the four sentence classes: as often deciding or background as in the
    labelled answers (one more of each, so neither is ever impossible), every verdict as likely
    as the others among deciding sentences."""
    total = deciding + background + 2
    share = [(deciding + 1) / len(CLASSES) / total] * len(CLASSES) + [(background + 1) / total]
    return [math.log(s) for s in share]


def sentence_probabilities(scores: np.ndarray) -> np.ndarray:
    """Softmax over the four classes, one row a sentence."""
    scores = scores - scores.max(axis=-1, keepdims=True)
    p: np.ndarray = np.exp(scores)
    return p / p.sum(axis=-1, keepdims=True)


def answer_log_probabilities(
    per_sentence: np.ndarray, answer_of: np.ndarray, answers: int
) -> np.ndarray:
    """Each answer's three verdict log-probabilities (one row an answer) from its sentences'
    four-class probabilities (`answer_of` tells whose each sentence is): each sentence's
    verdicts weighed by how likely it is to decide. An answer without sentences reads every
    verdict alike."""
    weight = 1.0 - per_sentence[:, -1]
    verdicts = per_sentence[:, :-1] / per_sentence[:, :-1].sum(axis=1, keepdims=True)
    weighed = np.stack(
        [
            np.bincount(answer_of, weights=weight * verdicts[:, c], minlength=answers)
            for c in range(len(CLASSES))
        ],
        axis=1,
    )
    total = np.bincount(answer_of, weights=weight, minlength=answers)
    combined = np.full((answers, len(CLASSES)), 1 / len(CLASSES))
    read = total > 0
    combined[read] = weighed[read] / total[read, None]
    result: np.ndarray = np.log(combined + 1e-6)
    return result


def fit(texts: Sequence[str], labels: Sequence[str], deciding: Sequence[int]) -> dict[str, Any]:
    """Per-class log-probabilities of every token that wording.MIN_ANSWERS sentences use
    (wording.token_table, each token counted once a sentence) and the classes' prior.
    `deciding` gives each answer's deciding sentence (deciding_sentence)."""
    counts = [Counter[str]() for _ in SENTENCE_CLASSES]
    how_many = [0, 0]  # deciding sentences, background sentences
    for text, label, chosen in zip(texts, labels, deciding, strict=True):
        for i, words in enumerate(sentence_tokens(text)):
            c = CLASSES.index(label) if i == chosen else len(CLASSES)
            counts[c].update(words)
            how_many[c == len(CLASSES)] += 1
    return {
        "classes": list(SENTENCE_CLASSES),
        "prior": [round(x, 6) for x in prior(*how_many)],
        "tokens": token_table(counts),
    }


class DecidingModel:
    def __init__(self, data: dict[str, Any]) -> None:
        if tuple(data["classes"]) != SENTENCE_CLASSES:
            raise ValueError("deciding-sentence model fitted for other classes")
        self._prior = np.array(data["prior"], dtype=np.float64)
        self._tokens = WordTable(data["tokens"], len(SENTENCE_CLASSES))

    def log_probabilities(self, wording_text: str) -> tuple[float, float, float]:
        """log P(verdict) for each class as the answer's likely deciding sentences say it, each
        sentence read as the wording model reads a whole answer."""
        read = [scores(self._tokens, self._prior, words) for words in sentence_tokens(wording_text)]
        per_sentence = sentence_probabilities(np.array(read).reshape(-1, len(SENTENCE_CLASSES)))
        logs = answer_log_probabilities(per_sentence, np.zeros(len(read), dtype=np.int64), 1)[0]
        return (float(logs[0]), float(logs[1]), float(logs[2]))


@cache
def shipped_model() -> DecidingModel:
    return DecidingModel(json.loads(DECIDING_FILE.read_text(encoding="utf-8")))
