"""Which kind of question is asked, and which way a bare "yes" or "no" to it leans."""

from __future__ import annotations

import pytest

from consilium.consensus.question_kind import QuestionKind, question_kind


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Does microneedling work on acne scars?", "", QuestionKind("efficacy")),
        ("Is Botox safe while breastfeeding?", "", QuestionKind("safety")),
        ("Will retinol thin my skin?", "", QuestionKind("safety", yes_is_against=True)),
        ("Should I stop minoxidil?", "", QuestionKind("continuation", yes_is_against=True)),
        ("Should I keep using tretinoin?", "", QuestionKind("continuation")),
        (
            "Should I get Botox now or wait until after the wedding?",
            "",
            QuestionKind("continuation", bare_answer_is_unclear=True),
        ),
        # A feared outcome: a "yes" warns.
        ("Will this sleeping pill affect my memory?", "", QuestionKind("safety", True)),
        ("Will my lip filler migrate if I fly?", "", QuestionKind("safety", True)),
        ("Is a glass of wine bad for me on antibiotics?", "", QuestionKind("safety", True)),
        ("Should I be worried about lumps after my filler?", "", QuestionKind("safety", True)),
        ("Is 65 too old for a breast lift?", "", QuestionKind("safety", True)),
        # What is already there is the problem to treat, not a harm feared.
        ("Filler in my lips migrated - dissolve it?", "", QuestionKind("efficacy")),
        # Leaving it alone is the other answer: a bare "yes" takes neither.
        (
            "Repair the hernia now or just watch it?",
            "",
            QuestionKind("continuation", bare_answer_is_unclear=True),
        ),
        # A bare "yes" to "keep it or switch?" takes neither.
        (
            "Cough on my blood pressure pill - keep taking it or ask to switch?",
            "",
            QuestionKind("continuation", bare_answer_is_unclear=True),
        ),
    ],
)
def test_it_reads_the_kind_from_the_title(title: str, body: str, expected: QuestionKind) -> None:
    assert question_kind(title, body) == expected


def test_it_reads_a_stop_offered_after_or_as_the_other_answer() -> None:
    # "Yes" to "Will it help, or should I wait it out?" does not say "wait".
    kind = question_kind(
        "Will antibiotics clear my sinus infection faster?",
        "Five days of a blocked nose. Will they help me get over it faster or should I just "
        "wait it out?",
    )
    assert kind == QuestionKind("efficacy", bare_answer_is_unclear=True)


def test_it_keeps_going_on_as_the_question_when_waiting_is_the_alternative() -> None:
    kind = question_kind(
        "Second round of fat freezing?", "Is it worth continuing, or should I wait?"
    )
    assert kind == QuestionKind("continuation", bare_answer_is_unclear=True)


def test_a_bare_yes_is_unclear_when_title_and_body_ask_opposite_ways() -> None:
    # "Is it safe?" and "Is there any harm?" take opposite yeses; doctors answer either.
    kind = question_kind(
        "Is it safe to take an antihistamine every day for years?",
        "I have taken one daily for four years. Is there any harm long term?",
    )
    assert kind == QuestionKind("safety", bare_answer_is_unclear=True)


def test_a_bare_yes_answers_the_last_question_when_the_title_asks_no_way() -> None:
    kind = question_kind("Retinol and pregnancy", "I use retinol nightly. Should I stop it?")
    assert kind.yes_is_against
    assert not kind.bare_answer_is_unclear


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Lumps in my lips a week after filler - normal?", ""),
        ("Hard areas under the skin two weeks after a neck lift", "Is this normal healing?"),
        ("Dimple in my cheek after a thread lift - will it go away?", ""),
        ("One brow still won't lift a month after surgery - is this permanent?", ""),
        ("Red patches after my peel", "It's been nine days. Will the redness fade?"),
        ("Had a chemical peel, then found out I was pregnant - did I harm the baby?", ""),
        ("Gum throbbing more on day four after the extraction - is this how it should feel?", ""),
        ("Tiny bumps all over my cheeks after a facial laser - did something go wrong?", ""),
        ("Three weeks after jaw Botox I can still clench hard - did it not work?", ""),
        ("Brown patches after a pigment laser", "Did the laser make them worse?"),
        ("Hard ridge along my scar six weeks after lipo - will it soften?", ""),
        ("Lid drooping a week after forehead Botox", "Could it get worse, or be permanent?"),
        # Asked first whether it is normal, then what to do about it.
        ("Bumps in my lip ten days after filler - normal or should I get them dissolved?", ""),
        ("Spots two days after my peel - normal? Should I still book the second one?", ""),
        ("Jawline puffy a fortnight after filler - will it settle, or should I dissolve it?", ""),
        ("Six weeks after laser for scars and no change - did it fail?", ""),
        ("Purple patch on my lip the morning after filler - just a bruise?", ""),
    ],
)
def test_it_reads_a_question_about_what_followed_a_treatment(title: str, body: str) -> None:
    assert question_kind(title, body).about_a_result


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Does microneedling work on acne scars?", ""),
        ("Can I go back to the gym four weeks after a breast augmentation?", ""),
        ("Should I keep taking vitamin D now my level is normal?", ""),
        # A story of what happened, asked whether to do something next, is a decision.
        ("Swelling 5 days after lipo - should I use a heating pad?", "Is that normal?"),
        ("Would this help my asthma if my blood count is normal?", ""),
        # A harm feared from a treatment not yet had, or still being taken, is a safety
        # question, however worried the asker is.
        ("Could it damage my skin barrier?", ""),
        ("Is it bad to take an antihistamine every night to sleep?", "Should I be worried?"),
        # Whether a treatment works or lasts, asked before having it.
        ("Will steroid shots soften my keloid?", ""),
        ("Has fat grafting to the cheeks worked for people long term?", ""),
        ("Does it really work?", ""),
    ],
)
def test_it_does_not_read_a_decision_as_a_question_about_a_result(title: str, body: str) -> None:
    assert not question_kind(title, body).about_a_result


def test_a_worry_in_the_body_restates_a_question_about_a_result() -> None:
    # "Yes, that is normal" answers the title; the body's worry asks the same thing again.
    kind = question_kind(
        "Bruise on my lip three days after filler - is this normal?",
        "It is purple and tender. Should I be worried?",
    )
    assert kind == QuestionKind("efficacy", about_a_result=True)
