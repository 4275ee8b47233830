"""The wording and deciding-sentence models fitted without some parts, by subtracting counts.

Both models are naive Bayes, so a model fitted on every part but a few is the whole counts minus
theirs. Fitting the verdict model (training.py) and leaving a part or a fold of parts out at a
time (bench/leave_one_part_out.py) need the models fitted without each part, and without a part
and the part or fold held out: refitting them would take hours. `check_against_a_fresh_fit`
holds these formulas to wording.fit and deciding.fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from consilium.consensus import deciding, wording
from consilium.consensus.verdict_model import CLASSES, Evidence


class PartCounts:
    """A naive Bayes model's counts kept per part. An item is what the model reads one at a
    time: an answer for the wording model, a sentence for the deciding-sentence model."""

    def __init__(
        self,
        parts: Sequence[str],
        part_of: Sequence[str],
        tokens: Sequence[set[str]],
        classes: Sequence[int],
        how_many_classes: int,
    ) -> None:
        ids: dict[str, int] = {}
        for words in tokens:
            for t in words:
                ids.setdefault(t, len(ids))
        self.parts = list(parts)
        self.items_of = {p: [i for i, q in enumerate(part_of) if q == p] for p in self.parts}
        # Each item's tokens as ids, a part's items end to end, with the item each belongs to.
        self.token_ids: dict[str, np.ndarray] = {}
        self.item_of_token: dict[str, np.ndarray] = {}
        self.counts = np.zeros((len(self.parts), len(ids), how_many_classes), dtype=np.int16)
        self.items = np.zeros((len(self.parts), how_many_classes), dtype=np.int64)
        for k, part in enumerate(self.parts):
            token_ids: list[int] = []
            item_of_token: list[int] = []
            for j, i in enumerate(self.items_of[part]):
                mine = [ids[t] for t in tokens[i]]
                token_ids += mine
                item_of_token += [j] * len(mine)
                self.counts[k, mine, classes[i]] += 1
                self.items[k, classes[i]] += 1
            self.token_ids[part] = np.array(token_ids, dtype=np.int64)
            self.item_of_token[part] = np.array(item_of_token, dtype=np.int64)
        self.total = self.counts.sum(axis=0, dtype=np.int32)

    def items_per_class(self, without: set[str]) -> np.ndarray:
        left = [self.parts.index(p) for p in without]
        result: np.ndarray = self.items.sum(axis=0) - self.items[left].sum(axis=0)
        return result

    def scores(self, part: str, without: set[str]) -> np.ndarray:
        """Each item of `part` read by the model fitted on every part but `without`: the summed
        log-probabilities of its known tokens over the square root of their number, no prior."""
        left = [self.parts.index(p) for p in without]
        kept_counts = self.total - self.counts[left].sum(axis=0, dtype=np.int32)
        vocabulary = int(np.count_nonzero(kept_counts.sum(axis=1)))
        denominators = np.log(kept_counts.sum(axis=0) + vocabulary)
        n = kept_counts[self.token_ids[part]]
        known = n.sum(axis=1) >= wording.MIN_ANSWERS
        logs = (np.log(n + 1.0) - denominators) * known[:, None]
        items = len(self.items_of[part])
        owner = self.item_of_token[part]
        how_many = np.bincount(owner, weights=known, minlength=items)
        summed = np.stack(
            [np.bincount(owner, weights=logs[:, c], minlength=items) for c in range(n.shape[1])],
            axis=1,
        )
        result: np.ndarray = summed / np.sqrt(np.maximum(how_many, 1))[:, None]
        return result


class ModelCounts:
    """The wording and the deciding-sentence models of labelled answers, fittable on any parts.
    Answers are given in part order; a part's rows come back in the order given."""

    def __init__(
        self,
        parts: Sequence[str],
        texts: Sequence[str],
        labels: Sequence[str],
        deciding_sentences: Sequence[int],
    ) -> None:
        self.parts = list(dict.fromkeys(parts))
        self.rows_of = {p: [i for i, q in enumerate(parts) if q == p] for p in self.parts}
        self.wording = PartCounts(
            self.parts,
            parts,
            [set(wording.tokens(t)) for t in texts],
            [CLASSES.index(label) for label in labels],
            len(CLASSES),
        )
        sentence_part: list[str] = []
        sentence_tokens: list[set[str]] = []
        sentence_class: list[int] = []
        self.answer_of_sentence: dict[str, np.ndarray] = {}
        for part in self.parts:
            owners = []
            for j, i in enumerate(self.rows_of[part]):
                for k, words in enumerate(deciding.sentence_tokens(texts[i])):
                    sentence_part.append(part)
                    sentence_tokens.append(words)
                    chosen = k == deciding_sentences[i]
                    sentence_class.append(CLASSES.index(labels[i]) if chosen else len(CLASSES))
                    owners.append(j)
            self.answer_of_sentence[part] = np.array(owners, dtype=np.int64)
        self.sentences = PartCounts(
            self.parts, sentence_part, sentence_tokens, sentence_class, len(CLASSES) + 1
        )

    def wording_log_probabilities(self, part: str, without: set[str]) -> np.ndarray:
        """The wording model fitted on every part but `without`, reading the answers of `part`:
        one row of three log-probabilities an answer."""
        score = self.wording.scores(part, without) + math.log(1 / len(CLASSES))
        score -= score.max(axis=1, keepdims=True)
        p = np.exp(score)
        p /= p.sum(axis=1, keepdims=True)
        result: np.ndarray = np.log(p + 1e-6)
        return result

    def deciding_log_probabilities(self, part: str, without: set[str]) -> np.ndarray:
        """The deciding-sentence model fitted on every part but `without`, reading the answers
        of `part`."""
        per_class = self.sentences.items_per_class(without)
        prior = np.array(deciding.prior(int(per_class[:-1].sum()), int(per_class[-1])))
        per_sentence = deciding.sentence_probabilities(self.sentences.scores(part, without) + prior)
        return deciding.answer_log_probabilities(
            per_sentence, self.answer_of_sentence[part], len(self.rows_of[part])
        )

    def read(self, evidence: Sequence[Evidence], part: str, without: set[str]) -> list[Evidence]:
        """The evidence of `part`'s answers (all answers' evidence given, in the order of the
        texts) with the wording and the deciding sentences read by the models fitted on every
        part but `without`."""
        words = self.wording_log_probabilities(part, without)
        sentences = self.deciding_log_probabilities(part, without)
        return [
            replace(evidence[i], wording=_three(w), deciding=_three(d))
            for i, w, d in zip(self.rows_of[part], words, sentences, strict=True)
        ]

    def check_against_a_fresh_fit(
        self, texts: Sequence[str], labels: Sequence[str], deciding_sentences: Sequence[int]
    ) -> None:
        """Fail unless the subtraction reads the first part as wording.fit and deciding.fit on
        the other parts do: the formulas above mirror theirs and must change with them."""
        held = self.parts[0]
        others = [i for p in self.parts[1:] for i in self.rows_of[p]]
        fresh_wording = wording.WordingModel(
            wording.fit([texts[i] for i in others], [labels[i] for i in others])
        )
        fresh_deciding = deciding.DecidingModel(
            deciding.fit(
                [texts[i] for i in others],
                [labels[i] for i in others],
                [deciding_sentences[i] for i in others],
            )
        )
        mine = [texts[i] for i in self.rows_of[held]]
        # The shipped models' log-probabilities are rounded to four places.
        if not np.allclose(
            self.wording_log_probabilities(held, {held}),
            [fresh_wording.log_probabilities(t) for t in mine],
            atol=1e-3,
        ) or not np.allclose(
            self.deciding_log_probabilities(held, {held}),
            [fresh_deciding.log_probabilities(t) for t in mine],
            atol=1e-3,
        ):
            raise RuntimeError("the counts no longer read as the models' fit does: mend them")


def _three(logs: np.ndarray) -> tuple[float, float, float]:
    return (float(logs[0]), float(logs[1]), float(logs[2]))
