"""How well the verdict method reads a part it was not fitted on, for every development part.

Each development part (or, with --folds, each fold of parts) is read by wording,
deciding-sentence and verdict models fitted on all the other parts, the way
`bench/train_verdict_model.py` fits the shipped ones (the verdict model learns on readings by
models that had not seen each answer's own part either). The wording and deciding-sentence models
are naive Bayes, so a model without some parts is the full counts minus theirs
(consilium/consensus/evaluation/part_counts.py): no refitting. The kind-marked wording and
deciding-sentence models are regressions and are refitted, once without each fold and once
without each pair of folds; that is why they need --folds.

    .venv/bin/python bench/leave_one_part_out.py --folds 10                # ten folds of parts
    .venv/bin/python bench/leave_one_part_out.py --folds 10 --bars 0.5,0.7 # other bars
    .venv/bin/python bench/leave_one_part_out.py --folds 10 --extra /tmp/dev80.json
    .venv/bin/python bench/leave_one_part_out.py --without-regressions     # one part at a time

An --extra part is added to the development parts for this run only (a part being written).
--without-regressions reads as if there were no kind-marked models, to measure them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus import method
from consilium.consensus.evaluation.scoring import DEVELOPMENT_PARTS, load_part
from consilium.consensus.evaluation.training import (
    FOLDS,
    L2,
    RegressionReadings,
    TrainingAnswer,
    folds_of,
    model_counts,
    regression_readings,
    training_answers,
)
from consilium.consensus.verdict_model import CLASSES, Evidence, fit, weigh

UNCLEAR = "unclear"


def verdict(probabilities: np.ndarray, bars: tuple[float, float]) -> str:
    read, _ = method.likeliest_verdict(dict(zip(CLASSES, probabilities, strict=True)), *bars)
    return UNCLEAR if read == "not_stated" else read


def _kind_readings(
    rows: list[TrainingAnswer], groups: list[set[str]], jobs: int
) -> tuple[dict[int, RegressionReadings], dict[frozenset[int], RegressionReadings]]:
    """The kind-marked readings of each group's rows by the regressions fitted without that
    group, and of each pair of groups' rows by those fitted without both."""
    alone = dict(enumerate(groups))
    pairs = {
        frozenset({j, k}): groups[j] | groups[k]
        for j in range(len(groups))
        for k in range(j + 1, len(groups))
    }
    with ProcessPoolExecutor(jobs) as pool:
        fitted = {
            key: pool.submit(regression_readings, rows, parts)
            for key, parts in [*alone.items(), *pairs.items()]
        }
        for done, future in enumerate(as_completed(fitted.values()), 1):
            future.result()
            print(f"  {done}/{len(fitted)} fits", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return (
        {k: fitted[k].result() for k in alone},
        {key: fitted[key].result() for key in pairs},
    )


def probabilities(
    rows: list[TrainingAnswer], folds: int | None, with_regressions: bool, jobs: int
) -> np.ndarray:
    """Each row's three verdict probabilities, read by models fitted without its part, or
    without its fold of parts when `folds` deals the parts into that many groups in order of
    name. The verdict model learns on readings by models fitted without each training answer's
    own part (naive Bayes) or fold (the kind-marked regressions) as well as the held ones."""
    counts = model_counts(rows)
    evidence = [r.evidence for r in rows]
    groups = folds_of(counts.parts, folds) if folds else [{p} for p in sorted(counts.parts)]
    group_of = {part: k for k, group in enumerate(groups) for part in group}
    alone: dict[int, RegressionReadings] = {}
    pairs: dict[frozenset[int], RegressionReadings] = {}
    if with_regressions:
        alone, pairs = _kind_readings(rows, groups, jobs)

    def read(part: str, without: set[str], kind: RegressionReadings) -> list[Evidence]:
        return [
            kind[i].into(e) if i in kind else e
            for i, e in zip(counts.rows_of[part], counts.read(evidence, part, without), strict=True)
        ]

    out = np.zeros((len(rows), len(CLASSES)))
    for k, held in enumerate(groups):
        train_evidence, train_labels = [], []
        for part in counts.parts:
            if part in held:
                continue
            kind = pairs.get(frozenset({group_of[part], k}), {})
            train_evidence += read(part, held | {part}, kind)
            train_labels += [rows[i].label for i in counts.rows_of[part]]
        weights = np.array(fit(train_evidence, train_labels, l2=L2))
        for part in held:
            x = np.array([e.vector() for e in read(part, held, alone.get(k, {}))])
            out[counts.rows_of[part]] = weigh(x, weights)
        print(f"  {k + 1}/{len(groups)}", file=sys.stderr, end="\r")
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
        "--without-regressions",
        action="store_true",
        help="read as if there were no kind-marked models, to measure them",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--json", help="write every answer's prediction (at the first bars) and probabilities here"
    )
    args = parser.parse_args()
    if args.folds is not None and args.folds < 2:
        parser.error("--folds needs at least 2: with one fold nothing is left to fit on")
    if args.folds is None and not args.without_regressions:
        parser.error(
            "the kind-marked models are refitted for every pair of folds left out, too "
            f"many fits for one part at a time: use --folds {FOLDS} or --without-regressions"
        )
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
    likely = probabilities(rows, args.folds, not args.without_regressions, args.jobs)
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
