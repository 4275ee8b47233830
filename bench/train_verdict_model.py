"""Fit the verdict, wording and deciding-sentence models (naive Bayes and kind-marked) on the
development parts and write their files."""

# Run from the repository root after changing the rules or the development parts:
#     .venv/bin/python bench/train_verdict_model.py
# The held-out parts are never fitted on: they only measure (bench/consensus_quality.py).

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus.deciding import DECIDING_FILE
from consilium.consensus.evaluation.training import fitted_models
from consilium.consensus.kind_deciding import KIND_DECIDING_FILE
from consilium.consensus.kind_wording import KIND_WORDING_FILE
from consilium.consensus.verdict_model import WEIGHTS_FILE
from consilium.consensus.wording import WORDING_FILE


def main() -> None:
    fitted = fitted_models()
    WEIGHTS_FILE.write_text(json.dumps(fitted.weights, indent=1) + "\n", encoding="utf-8")
    for path, data in [
        (WORDING_FILE, fitted.wording),
        (DECIDING_FILE, fitted.deciding),
        (KIND_WORDING_FILE, fitted.kind_wording),
        (KIND_DECIDING_FILE, fitted.kind_deciding),
    ]:
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"fitted on {fitted.weights['answers']} answers of "
        f"{', '.join(fitted.weights['trained_on'])}; "
        f"{len(fitted.wording['tokens'])} words and word pairs; "
        f"{len(fitted.kind_wording['tokens'])} marked with the question's kind; "
        f"{len(fitted.deciding['tokens'])} in sentences, "
        f"{len(fitted.kind_deciding['tokens'])} in clauses with the question's kind"
    )


if __name__ == "__main__":
    main()
