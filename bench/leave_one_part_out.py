"""How well the verdict method reads a part it was not fitted on, for every development part.

Each development part (or, with --folds, each fold of parts) is read by wording,
deciding-sentence and verdict models fitted on all the other parts, the way
`bench/train_verdict_model.py` fits the shipped ones (the verdict model learns on wording and
sentences read by models that had not seen each answer's own part either).
The wording and deciding-sentence models are naive Bayes, so a model without some parts is the
full counts minus theirs (consilium/consensus/evaluation/part_counts.py): no refitting.

    .venv/bin/python bench/leave_one_part_out.py                     # every development part
    .venv/bin/python bench/leave_one_part_out.py --bars 0.5,0.7      # other confidence bars
    .venv/bin/python bench/leave_one_part_out.py --extra /tmp/dev80.json
    .venv/bin/python bench/leave_one_part_out.py --folds 10       # ten folds of parts, faster

An --extra part is added to the development parts for this run only (a part being written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus import method
from consilium.consensus.evaluation.scoring import DEVELOPMENT_PARTS, load_part
from consilium.consensus.evaluation.training import (
    L2,
    TrainingAnswer,
    model_counts,
    training_answers,
)
from consilium.consensus.verdict_model import CLASSES, fit, weigh

UNCLEAR = "unclear"


def verdict(probabilities: np.ndarray, bars: tuple[float, float]) -> str:
    read, _ = method.likeliest_verdict(dict(zip(CLASSES, probabilities, strict=True)), *bars)
    return UNCLEAR if read == "not_stated" else read


def probabilities(rows: list[TrainingAnswer], folds: int | None) -> np.ndarray:
    """Each row's three verdict probabilities, read by models fitted without its part, or
    without its fold of parts when `folds` deals the parts into that many groups in order of
    name. The verdict model learns on readings by models fitted without each training answer's
    own part as well as the held ones."""
    counts = model_counts(rows)
    evidence = [r.evidence for r in rows]
    ordered = sorted(counts.parts)
    groups = [set(ordered[k::folds]) for k in range(folds)] if folds else [{p} for p in ordered]
    out = np.zeros((len(rows), len(CLASSES)))
    for n, held in enumerate(groups, 1):
        train_evidence, train_labels = [], []
        for part in counts.parts:
            if part in held:
                continue
            train_evidence += counts.read(evidence, part, held | {part})
            train_labels += [rows[i].label for i in counts.rows_of[part]]
        weights = np.array(fit(train_evidence, train_labels, l2=L2))
        for part in held:
            x = np.array([e.vector() for e in counts.read(evidence, part, held)])
            out[counts.rows_of[part]] = weigh(x, weights)
        print(f"  {n}/{len(groups)}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return out


def summary(rows: list[TrainingAnswer], predicted: list[str]) -> dict[str, float]:
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
        "--folds", type=int, help="leave out this many folds of parts in turn, not one part"
    )
    parser.add_argument(
        "--json", help="write every answer's prediction (at the first bars) and probabilities here"
    )
    args = parser.parse_args()
    if args.folds is not None and args.folds < 2:
        parser.error("--folds needs at least 2: with one fold nothing is left to fit on")
    bars = (
        [_bars(b) for b in args.bars]
        if args.bars
        else [(method.MIN_CONFIDENCE, method.MIN_CONFIDENCE_RECOMMEND)]
    )
    parts = {p: load_part(p) for p in DEVELOPMENT_PARTS}
    for path in args.extra:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        parts[data["part"]] = data["threads"]
    rows = training_answers(parts)
    likely = probabilities(rows, args.folds)
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
