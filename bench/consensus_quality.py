"""How well inferred verdicts, key points and alternatives match the labelled evaluation threads."""

# Run from the repository root: .venv/bin/python bench/consensus_quality.py [--misses] [--json]

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus.evaluation.scoring import (
    CLASSES,
    PARTS,
    UNCLEAR,
    PartScore,
    part_path,
    score_part,
)


def _report(score: PartScore, misses: bool) -> str:
    lines = [
        f"== {score.part}: {score.threads} threads, {score.answers} answers ==",
        f"verdict agreement {score.agreement:.3f} (unclear counts as a miss)   "
        f"macro-F1 {score.macro_f1:.3f}",
        f"wrong {score.wrong} ({score.wrong / score.answers:.1%})   "
        f"unclear {score.unclear} ({score.unclear / score.answers:.1%})   "
        f"false recommend {score.false_recommend}",
        "class             precision recall  f1     support",
    ]
    for c in CLASSES:
        s = score.per_class[c]
        lines.append(f"{c:<17} {s.precision:>9.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.support:>7}")
    lines.append("confusion (rows: label, columns: predicted)")
    header = "".join(f"{c[:11]:>12}" for c in (*CLASSES, UNCLEAR))
    lines.append(f"{'':<17}{header}")
    for label in CLASSES:
        row = score.confusion[label]
        cells = "".join(f"{row.get(c, 0):>12}" for c in (*CLASSES, UNCLEAR))
        lines.append(f"{label:<17}{cells}")
    lines.append(
        f"key points: recall {score.key_point_recall:.3f}, precision "
        f"{score.key_point_precision:.3f}   exceptions: recall {score.exception_recall:.3f}, "
        f"precision {score.exception_precision:.3f}   "
        f"alternatives: recall {score.alternative_recall:.3f}, precision "
        f"{score.alternative_precision:.3f}"
    )
    if misses:
        lines.extend(
            f"  {m['thread']} #{m['answer']} [{m['kind']}] {m['label']} -> {m['predicted']}:"
            f" {m['deciding']}"
            for m in score.misses
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=PARTS, action="append", help="default: every part")
    parser.add_argument("--misses", action="store_true", help="list every verdict it got wrong")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    parts = [p for p in args.part or PARTS if part_path(p).exists()]
    scores = [score_part(p) for p in parts]
    if args.json:
        print(json.dumps([asdict(s) for s in scores], indent=2))
        return
    print("\n\n".join(_report(s, args.misses) for s in scores))


if __name__ == "__main__":
    main()
