"""The verdict model: its stored weights are the fit of the current rules, and it reads sanely."""

from __future__ import annotations

import json

import numpy as np

from consilium.consensus.evaluation.training import TRAINING_PARTS, fitted_weights
from consilium.consensus.verdict_model import WEIGHTS_FILE, Evidence, probabilities


def test_the_stored_weights_are_a_fresh_fit_of_the_development_parts() -> None:
    stored = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    fresh = fitted_weights()
    assert stored["trained_on"] == list(TRAINING_PARTS)
    assert not any(part.startswith("heldout") for part in stored["trained_on"])
    assert {k: v for k, v in stored.items() if k != "weights"} == {
        k: v for k, v in fresh.items() if k != "weights"
    }
    # Changed rules need a refit: bench/train_verdict_model.py.
    assert np.allclose(stored["weights"], fresh["weights"], atol=1e-3)


def test_it_reads_clear_evidence_as_the_side_it_points_to() -> None:
    for_it = probabilities(Evidence(3.0, 0.0, 0.0, 1.5, 0.0, "efficacy"))
    against = probabilities(Evidence(0.0, 3.0, 0.0, 0.0, 1.5, "efficacy"))
    depends = probabilities(Evidence(0.5, 0.5, 2.5, 0.0, 0.0, "efficacy"))
    assert max(for_it, key=for_it.get) == "recommend"
    assert max(against, key=against.get) == "not_recommended"
    assert max(depends, key=depends.get) == "depends"
    assert abs(sum(for_it.values()) - 1) < 1e-9
