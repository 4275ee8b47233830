"""The options of an "A or B?" question that the taxonomy does not name."""

from __future__ import annotations

import pytest

from consilium.consensus.method import AnswerInput, compute_consensus, load_taxonomy
from consilium.consensus.question_options import SLUG_PREFIX, asked_options
from consilium.consensus.taxonomy import TopicMatcher, matcher_for


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return matcher_for(load_taxonomy())


@pytest.mark.parametrize(
    ("title", "options"),
    [
        ("Braces or aligners for my 13-year-old?", ["braces", "aligners"]),
        (
            "Should I get fixed braces or go with clear aligners?",
            ["fixed braces", "clear aligners"],
        ),
        ("Ibuprofen or paracetamol for a fever?", ["ibuprofen", "paracetamol"]),
        (
            "Antihistamine tablets or a steroid nose spray?",
            ["antihistamine tablets", "steroid nose spray"],
        ),
        # The taxonomy names electrolysis; "laser" alone is the thread's own option.
        ("Electrolysis or laser for white chin hairs?", ["laser"]),
        # The options are in the clause that holds the "or".
        ("Heavy periods at 29 - the pill or a hormonal coil?", ["pill", "hormonal coil"]),
        ("Missing molar: implant or bridge?", ["implant", "bridge"]),
        # "now" and "straight away" sit between the first option and "or".
        ("Metformin now, or diet and exercise first?", ["metformin", "diet"]),
        ("Sertraline straight away or talking therapy first?", ["sertraline", "talking therapy"]),
        ("Magnesium or CoQ10 for my migraines?", ["magnesium", "coq10"]),
        # The second option ends with its sentence.
        ("Bonding or crowns? Chipped front teeth", ["bonding", "crowns"]),
        # Words before a treatment the taxonomy names describe it: the option is the peel.
        ("Laser or a deep chemical peel for my upper lip lines?", ["laser"]),
        # Two names the taxonomy gives one treatment are two options here.
        ("Botox or Dysport for my frown lines?", ["botox", "dysport"]),
        ("Fraxel or CO2 laser for acne scars?", ["fraxel", "co2 laser"]),
    ],
)
def test_it_finds_the_options_of_a_choice(
    matcher: TopicMatcher, title: str, options: list[str]
) -> None:
    entries = asked_options(title, matcher)
    assert [e.name for e in entries] == options
    assert all(e.slug.startswith(SLUG_PREFIX) and e.kind == "treatment" for e in entries)


@pytest.mark.parametrize(
    "title",
    [
        "Is it real or a waste of money?",
        "Does Botox hurt or bruise?",
        "Is HIFU safe or will it melt my fat?",
        "Microneedling or a chemical peel for acne scars?",  # both in the taxonomy already
        "Amoxicillin now or wait it out?",
        "Will tretinoin help my acne scars?",
        # The first option is not named.
        "Lexapro made me flat. Stay on it or switch to bupropion?",
    ],
)
def test_it_finds_none_where_or_does_not_join_two_treatments(
    matcher: TopicMatcher, title: str
) -> None:
    assert asked_options(title, matcher) == []


def _answer(n: int, body: str) -> AnswerInput:
    return AnswerInput(ref=str(n), title="", body=body, verdict="not_stated", doctor=f"d{n}")


def test_a_vote_for_the_other_option_is_not_a_vote_for_the_first() -> None:
    result = compute_consensus(
        "Braces or aligners for my 13-year-old?",
        "His teeth are quite crowded and the orthodontist offered both.",
        [
            _answer(
                0,
                "With mild crowding like his I'd go with the aligners. They move teeth well"
                " predictably at his age.",
            ),
            _answer(1, "Aligners, if he will wear them all day; they are easier to keep clean."),
        ],
        load_taxonomy(),
    )
    assert result["question_kind"] == "choice"
    assert all(a["verdict"] != "recommend" for a in result["answers"])


def test_a_vote_for_the_other_name_of_one_treatment_is_not_a_vote_for_the_first() -> None:
    result = compute_consensus(
        "Botox or Dysport for my frown lines?",
        "My injector offers both and I can't decide.",
        [
            _answer(0, "I'd go with Dysport for the frown lines; it spreads a little more."),
            _answer(1, "Dysport. It kicks in a day or two sooner and lasts as long."),
        ],
        load_taxonomy(),
    )
    assert result["question_kind"] == "choice"
    assert all(a["verdict"] != "recommend" for a in result["answers"])
    assert not any(a["topic"] == "botox" for a in result["alternatives"])


def test_the_options_never_show_as_alternatives() -> None:
    result = compute_consensus(
        "Ibuprofen or paracetamol for my back pain?",
        "",
        [
            _answer(
                0,
                "Paracetamol first. Ibuprofen is fine for a few days if your stomach is"
                " good, and physiotherapy helps more than either.",
            ),
            _answer(1, "I'd use ibuprofen for a short course; add physiotherapy exercises."),
        ],
        load_taxonomy(),
    )
    assert not any(a["topic"].startswith(SLUG_PREFIX) for a in result["alternatives"])
