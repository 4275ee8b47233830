"""The deciding-sentence model: which sentence of an answer decides it, and which way it leans."""

from __future__ import annotations

from consilium.consensus.deciding import (
    DecidingModel,
    deciding_sentence,
    fit,
    sentences,
    shipped_model,
)

BACKGROUND = (
    "The muscle sits under the skin and pulls the brow down. "
    "The product relaxes it for about three months. "
    "Doses vary from person to person. "
)


def test_it_splits_the_wording_text_at_terminal_punctuation() -> None:
    assert sentences("yes . it works well! do it? sure") == [
        "yes .",
        "it works well!",
        "do it?",
        "sure",
    ]


def test_it_finds_the_sentence_holding_the_labelled_phrase_despite_placeholders() -> None:
    text = "background first. i would not get treatmentasked for this. good luck."
    assert deciding_sentence(text, "i would not get botox for this") == 1


def test_it_reads_a_late_verdict_through_the_background_before_it() -> None:
    texts = [
        BACKGROUND + "go ahead, it works.",
        BACKGROUND + "it works, go ahead.",
        BACKGROUND + "skip it, a waste.",
        BACKGROUND + "a waste, skip it.",
    ]
    labels = ["recommend", "recommend", "not_recommended", "not_recommended"]
    model = DecidingModel(fit(texts, labels, [3, 3, 3, 3]))
    yes = model.log_probabilities(BACKGROUND + BACKGROUND + "honestly, it works.")
    no = model.log_probabilities(BACKGROUND + BACKGROUND + "what a waste.")
    assert yes[0] > yes[2]
    assert no[2] > no[0]


def test_an_answer_without_sentences_reads_every_verdict_alike() -> None:
    model = DecidingModel(fit(["yes."], ["recommend"], [0]))
    first, second, third = model.log_probabilities("")
    assert first == second == third


def test_the_shipped_model_hears_a_plain_verdict_after_background() -> None:
    go, _, stop = shipped_model().log_probabilities(
        BACKGROUND.lower() + "yes, go for it, it is a great option for you."
    )
    assert go > stop
    go, _, stop = shipped_model().log_probabilities(
        BACKGROUND.lower() + "i would not waste your money on it."
    )
    assert stop > go
