"""The verdict, wording, kind-marked wording and deciding-sentence models: their stored files are a
fresh fit of the current rules and development parts, and they read sanely."""

from __future__ import annotations

import json

import numpy as np

from consilium.consensus import kind_deciding, kind_wording
from consilium.consensus.deciding import DECIDING_FILE
from consilium.consensus.evaluation.training import TRAINING_PARTS, fitted_models
from consilium.consensus.kind_deciding import KIND_DECIDING_FILE, KindDecidingModel
from consilium.consensus.kind_wording import KIND_WORDING_FILE, KindWordingModel
from consilium.consensus.verdict_model import WEIGHTS_FILE, Evidence, probabilities
from consilium.consensus.wording import WORDING_FILE, WordingModel, fit, shipped_model, tokens


def test_the_stored_models_are_a_fresh_fit_of_the_development_parts() -> None:
    stored_weights = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    stored_wording = json.loads(WORDING_FILE.read_text(encoding="utf-8"))
    stored_deciding = json.loads(DECIDING_FILE.read_text(encoding="utf-8"))
    stored_kind_wording = json.loads(KIND_WORDING_FILE.read_text(encoding="utf-8"))
    stored_kind_deciding = json.loads(KIND_DECIDING_FILE.read_text(encoding="utf-8"))
    fitted = fitted_models()
    assert stored_weights["trained_on"] == list(TRAINING_PARTS)
    assert not any(part.startswith("heldout") for part in stored_weights["trained_on"])
    assert {k: v for k, v in stored_weights.items() if k != "weights"} == {
        k: v for k, v in fitted.weights.items() if k != "weights"
    }
    # Changed rules or parts need a refit: bench/train_verdict_model.py.
    assert np.allclose(stored_weights["weights"], fitted.weights["weights"], atol=1e-3)
    assert stored_wording == fitted.wording
    assert stored_deciding == fitted.deciding
    # The regressions are fitted by iteration, whose last digits may differ between machines.
    for stored, fresh in [
        (stored_kind_wording, fitted.kind_wording),
        (stored_kind_deciding, fitted.kind_deciding),
    ]:
        assert {k: v for k, v in stored.items() if k != "tokens"} == {
            k: v for k, v in fresh.items() if k != "tokens"
        }
        assert stored["tokens"].keys() == fresh["tokens"].keys()
        assert np.allclose(
            list(stored["tokens"].values()), list(fresh["tokens"].values()), atol=1e-3
        )


def test_it_reads_clear_evidence_as_the_side_it_points_to() -> None:
    for_it = probabilities(Evidence(3.0, 0.0, 0.0, 1.5, 0.0, "efficacy"))
    against = probabilities(Evidence(0.0, 3.0, 0.0, 0.0, 1.5, "efficacy"))
    depends = probabilities(Evidence(0.5, 0.5, 2.5, 0.0, 0.0, "efficacy"))
    assert max(for_it, key=for_it.get) == "recommend"
    assert max(against, key=against.get) == "not_recommended"
    assert max(depends, key=depends.get) == "depends"
    assert abs(sum(for_it.values()) - 1) < 1e-9


def test_it_marks_the_words_a_negation_governs_until_the_next_punctuation() -> None:
    words = tokens("I wouldn't bother with it, honestly. Worth it")
    assert "NOT_bother" in words
    assert "NOT_it" in words
    assert "honestly" in words
    assert "worth" in words
    assert "NOT_bother NOT_with" in words


def test_the_wording_model_learns_which_words_go_with_which_verdict() -> None:
    model = WordingModel(
        fit(
            ["go ahead, it works", "it works, go ahead", "skip it, a waste", "a waste, skip it"],
            ["recommend", "recommend", "not_recommended", "not_recommended"],
        )
    )
    yes = model.log_probabilities("honestly it works")
    no = model.log_probabilities("what a waste")
    assert yes[0] > yes[2]
    assert no[2] > no[0]


def test_the_shipped_wording_model_reads_plain_verdicts() -> None:
    model = shipped_model()
    go, _, stop = model.log_probabilities("Yes, go for it. It is a great option for you.")
    assert go > stop
    go, _, stop = model.log_probabilities("No. I would not waste your money on it.")
    assert stop > go


def test_the_kind_marked_wording_model_learns_words_that_lean_differently_by_question() -> None:
    # "no risk" reassures on a safety question; on a question of whether it works it says nothing.
    texts = [
        "no risk at all",
        "no risk, but it does nothing",
        "it works well",
        "it does nothing",
        "that depends on your skin",
    ]
    kinds = ["safety", "efficacy", "efficacy", "efficacy", "efficacy"]
    labels = ["recommend", "not_recommended", "recommend", "not_recommended", "depends"]
    model = KindWordingModel(kind_wording.fit(texts * 2, kinds * 2, labels * 2))
    on_safety = model.log_probabilities("no risk", "safety")
    on_efficacy = model.log_probabilities("no risk", "efficacy")
    assert on_safety[0] - on_safety[2] > on_efficacy[0] - on_efficacy[2]
    assert abs(sum(np.exp(on_safety)) - 1) < 1e-9


def test_the_kind_marked_wording_model_marks_each_word_with_the_question_kind() -> None:
    words = kind_wording.features("Not worth it.", "choice")
    assert {"choice|NOT_worth", "choice|NOT_worth NOT_it"} <= words
    assert "NOT_worth" not in words


def test_the_kind_marked_wording_model_marks_the_words_of_the_first_and_last_sentences() -> None:
    words = kind_wording.features(
        "Skip it . It can help some. Background here. Save your money.", "efficacy"
    )
    assert {"efficacy|end|skip", "efficacy|end|save", "efficacy|end|money"} <= words
    assert "efficacy|end|background" not in words
    assert "efficacy|background" in words


def test_the_kind_marked_wording_model_reads_an_answer_of_one_sentence_as_its_own_end() -> None:
    assert "safety|end|fine" in kind_wording.features("It is fine.", "safety")
    assert kind_wording.features("", "safety") == set()


def test_the_shipped_kind_marked_wording_model_reads_reassurance_on_a_safety_question() -> None:
    model = kind_wording.shipped_model()
    go, _, stop = model.log_probabilities("It is perfectly safe; no risk to you.", "safety")
    assert go > stop
    go, _, stop = model.log_probabilities("No. I would not waste your money on it.", "efficacy")
    assert stop > go


def test_the_kind_marked_deciding_model_reads_the_clause_that_decides() -> None:
    texts = [
        "it was first used for backs. skip it, it does nothing.",
        "it was first used for backs. go ahead, it works.",
        "it was first used for backs. no risk at all.",
        "it was first used for backs. that depends on your skin.",
    ]
    kinds = ["efficacy", "efficacy", "safety", "efficacy"]
    labels = ["not_recommended", "recommend", "recommend", "depends"]
    model = KindDecidingModel(kind_deciding.fit(texts * 2, kinds * 2, labels * 2, [1] * 8))
    go, _, stop = model.log_probabilities("it was first used for backs. it works.", "efficacy")
    assert go > stop
    go, _, stop = model.log_probabilities(
        "it was first used for backs. it does nothing.", "efficacy"
    )
    assert stop > go


def test_the_kind_marked_deciding_model_reads_each_word_as_it_stands_and_marked() -> None:
    assert {"fine", "safety|fine", "NOT_worth", "safety|NOT_worth"} <= kind_deciding.features(
        "fine, not worth worrying", "safety"
    )


def test_the_kind_marked_deciding_model_cuts_a_sentence_where_it_turns() -> None:
    said = kind_deciding.clauses(
        "it was used for backs, but it has not helped with bulk. fine; no risk. done."
    )
    assert said == [
        "it was used for backs",
        "but it has not helped with bulk.",
        "fine",
        "no risk.",
        "done.",
    ]
    assert (
        kind_deciding.deciding_clause("it was used for backs, but it does nothing.", "does nothing")
        == 1
    )
