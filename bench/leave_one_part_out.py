"""How well the verdict method reads a part it was not fitted on, for every development part.

Each development part is read by a wording model and a verdict model fitted on all the other
parts, the way `bench/train_verdict_model.py` fits the shipped ones (the verdict model learns on
wording read by models that had not seen each answer's own part either). The wording model is
naive Bayes, so a model without some parts is the full counts minus theirs: no refitting.

    .venv/bin/python bench/leave_one_part_out.py                     # every development part
    .venv/bin/python bench/leave_one_part_out.py --bars 0.5,0.7      # other confidence bars
    .venv/bin/python bench/leave_one_part_out.py --extra /tmp/dev80.json

An --extra part is added to the development parts for this run only (a part being written).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus import method, wording
from consilium.consensus.evaluation.scoring import DEVELOPMENT_PARTS, load_part, thread_inputs
from consilium.consensus.evaluation.training import L2
from consilium.consensus.method import load_taxonomy, read_evidence
from consilium.consensus.verdict_model import CLASSES, Evidence, fit, weigh

UNCLEAR = "unclear"


@dataclass(frozen=True)
class Row:
    part: str
    thread: str
    kind: str
    label: str
    evidence: Evidence
    text: str  # as the wording model reads it
    tokens: frozenset[str]


def read_rows(parts: dict[str, list[dict[str, Any]]]) -> list[Row]:
    taxonomy = load_taxonomy()
    rows = []
    for part, threads in parts.items():
        for thread in threads:
            q = thread["question"]
            read = read_evidence(q["title"], q.get("body", ""), thread_inputs(thread), taxonomy)
            for (evidence, text), answer in zip(read, thread["answers"], strict=True):
                rows.append(
                    Row(
                        part,
                        thread["id"],
                        evidence.kind,
                        answer["label"],
                        evidence,
                        text,
                        frozenset(wording.tokens(text)),
                    )
                )
    return rows


class WordingCounts:
    """The wording model's counts kept per part, so a model without some parts is a subtraction."""

    def __init__(self, rows: list[Row]) -> None:
        ids: dict[str, int] = {}
        for r in rows:
            for t in r.tokens:
                ids.setdefault(t, len(ids))
        self.parts = list(dict.fromkeys(r.part for r in rows))
        self.rows_of = {p: [i for i, r in enumerate(rows) if r.part == p] for p in self.parts}
        # Each row's tokens as ids, all rows of a part end to end, with the row each belongs to.
        self.token_ids: dict[str, np.ndarray] = {}
        self.row_of_token: dict[str, np.ndarray] = {}
        self.counts = np.zeros((len(self.parts), len(ids), len(CLASSES)), dtype=np.int16)
        for k, part in enumerate(self.parts):
            token_ids, row_of_token = [], []
            for j, i in enumerate(self.rows_of[part]):
                mine = [ids[t] for t in rows[i].tokens]
                token_ids += mine
                row_of_token += [j] * len(mine)
                self.counts[k, mine, CLASSES.index(rows[i].label)] += 1
            self.token_ids[part] = np.array(token_ids, dtype=np.int64)
            self.row_of_token[part] = np.array(row_of_token, dtype=np.int64)
        self.total = self.counts.sum(axis=0, dtype=np.int32)
        self.in_all = self.total.sum(axis=1)

    def log_probabilities(self, part: str, without: set[str]) -> np.ndarray:
        """The wording model fitted on every part but `without`, reading the rows of `part`:
        one row of three log-probabilities per answer."""
        left = [self.parts.index(p) for p in without]
        kept_counts = self.total - self.counts[left].sum(axis=0, dtype=np.int32)
        vocabulary = int(np.count_nonzero(kept_counts.sum(axis=1)))
        denominators = np.log(kept_counts.sum(axis=0) + vocabulary)
        tokens = self.token_ids[part]
        n = kept_counts[tokens]
        known = n.sum(axis=1) >= wording.MIN_ANSWERS
        logs = (np.log(n + 1.0) - denominators) * known[:, None]
        rows = len(self.rows_of[part])
        owner = self.row_of_token[part]
        how_many = np.bincount(owner, weights=known, minlength=rows)
        score = (
            np.stack(
                [
                    np.bincount(owner, weights=logs[:, c], minlength=rows)
                    for c in range(len(CLASSES))
                ],
                axis=1,
            )
            / np.sqrt(np.maximum(how_many, 1))[:, None]
        )
        score += math.log(1 / len(CLASSES))
        score -= score.max(axis=1, keepdims=True)
        p = np.exp(score)
        p /= p.sum(axis=1, keepdims=True)
        result: np.ndarray = np.log(p + 1e-6)
        return result


def check_against_a_fresh_fit(rows: list[Row], counts: WordingCounts) -> None:
    """Fail unless the subtraction reads one part as wording.fit on the other parts does: the
    formula above mirrors wording.py and must change with it."""
    held = counts.parts[0]
    others = [r for r in rows if r.part != held]
    fresh = wording.WordingModel(wording.fit([r.text for r in others], [r.label for r in others]))
    expected = [fresh.log_probabilities(rows[i].text) for i in counts.rows_of[held]]
    # The shipped model's log-probabilities are rounded to four places.
    if not np.allclose(counts.log_probabilities(held, {held}), expected, atol=1e-3):
        raise SystemExit("the counts no longer read as wording.fit does: mend WordingCounts")


def verdict(probabilities: np.ndarray, bars: tuple[float, float]) -> str:
    read, _ = method.likeliest_verdict(dict(zip(CLASSES, probabilities, strict=True)), *bars)
    return UNCLEAR if read == "not_stated" else read


def _wording(logs: np.ndarray) -> tuple[float, float, float]:
    return (float(logs[0]), float(logs[1]), float(logs[2]))


def probabilities(rows: list[Row]) -> np.ndarray:
    """Each row's three verdict probabilities, read by models fitted without its part."""
    counts = WordingCounts(rows)
    check_against_a_fresh_fit(rows, counts)
    out = np.zeros((len(rows), len(CLASSES)))
    for n, held in enumerate(counts.parts, 1):
        train_evidence, train_labels = [], []
        for other in counts.parts:
            if other == held:
                continue
            read = counts.log_probabilities(other, {held, other})
            for i, w in zip(counts.rows_of[other], read, strict=True):
                train_evidence.append(replace(rows[i].evidence, wording=_wording(w)))
                train_labels.append(rows[i].label)
        weights = np.array(fit(train_evidence, train_labels, l2=L2))
        read = counts.log_probabilities(held, {held})
        x = np.array(
            [
                replace(rows[i].evidence, wording=_wording(w)).vector()
                for i, w in zip(counts.rows_of[held], read, strict=True)
            ]
        )
        out[counts.rows_of[held]] = weigh(x, weights)
        print(f"  {n}/{len(counts.parts)} {held}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return out


def summary(rows: list[Row], predicted: list[str]) -> dict[str, float]:
    n = len(rows)
    right = sum(p == r.label for r, p in zip(rows, predicted, strict=True))
    unclear = predicted.count(UNCLEAR)
    false_yes = sum(
        p == "recommend" and r.label != "recommend" for r, p in zip(rows, predicted, strict=True)
    )
    return {
        "answers": n,
        "agreement": right / n,
        "wrong": (n - right - unclear) / n,
        "unclear": unclear / n,
        "false_yes": false_yes,
    }


def _bars(text: str) -> tuple[float, float]:
    bar, recommend_bar = (float(x) for x in text.split(","))
    return bar, recommend_bar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", action="append", help="BAR,RECOMMEND_BAR (repeatable)")
    parser.add_argument("--extra", action="append", default=[], help="another part file")
    parser.add_argument("--by", choices=("part", "kind"), action="append", default=[])
    parser.add_argument(
        "--json", help="write every answer's prediction (at the first bars) and probabilities here"
    )
    args = parser.parse_args()
    bars = (
        [_bars(b) for b in args.bars]
        if args.bars
        else [(method.MIN_CONFIDENCE, method.MIN_CONFIDENCE_RECOMMEND)]
    )
    parts = {p: load_part(p) for p in DEVELOPMENT_PARTS}
    for path in args.extra:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        parts[data["part"]] = data["threads"]
    rows = read_rows(parts)
    likely = probabilities(rows)
    predicted = {b: [verdict(p, b) for p in likely] for b in bars}
    for b, got in predicted.items():
        s = summary(rows, got)
        print(
            f"bars {b[0]:.2f}/{b[1]:.2f}: {len(parts)} parts, {s['answers']} answers: "
            f"agreement {s['agreement']:.3f}, wrong {s['wrong']:.1%}, "
            f"unclear {s['unclear']:.1%}, false yes {s['false_yes']}"
        )
        for by in args.by:
            groups = dict.fromkeys(getattr(r, by) for r in rows)
            for g in groups:
                idx = [i for i, r in enumerate(rows) if getattr(r, by) == g]
                gs = summary([rows[i] for i in idx], [got[i] for i in idx])
                print(
                    f"  {g:<14} {gs['answers']:>5} {gs['agreement']:.3f} "
                    f"wrong {gs['wrong']:.1%} unclear {gs['unclear']:.1%} "
                    f"false yes {gs['false_yes']}"
                )
    if args.json:
        first = predicted[bars[0]]
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "part": r.part,
                        "thread": r.thread,
                        "kind": r.kind,
                        "label": r.label,
                        "predicted": p,
                        "probabilities": [round(float(x), 4) for x in likely[i]],
                    }
                    for i, (r, p) in enumerate(zip(rows, first, strict=True))
                ]
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
