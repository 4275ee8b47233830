"""compute_consensus on unusual inputs: unverified doctors, stated verdicts, tiny threads."""

from __future__ import annotations

import json
from typing import Any

import pytest

from consilium.consensus.method import METHOD_VERSION, AnswerInput, compute_consensus, load_taxonomy

TITLE = "Should I use a retinoid cream for fine lines at 35?"
BODY = "I have some fine lines around my eyes and wonder if a retinoid cream is worth starting."

PRO = (
    "Yes, a retinoid is the most effective topical treatment for fine lines and I recommend "
    "it to most of my patients in their thirties. Start slowly, two or three nights a week, "
    "because irritation and peeling are common in the first month."
)
PRO_2 = (
    "A nightly retinoid works well for fine lines and improves texture over a few months. "
    "Begin two or three nights a week so the irritation settles in the first month."
)
CON = (
    "I would not bother with a retinoid for such mild lines. The irritation is not worth it "
    "and sunscreen alone will do far more for you."
)


@pytest.fixture(scope="module")
def taxonomy() -> Any:
    return load_taxonomy()


def answer(
    ref: str,
    body: str,
    *,
    doctor: str | None = None,
    verdict: str = "not_stated",
    verified: bool = True,
    title: str = "",
) -> AnswerInput:
    return AnswerInput(
        ref=ref,
        title=title,
        body=body,
        verdict=verdict,
        doctor=doctor or f"doc-{ref}",
        verified=verified,
    )


def cited_refs(result: dict[str, Any]) -> set[str]:
    refs = {a["answer"] for a in result["answers"]}
    for key in ("key_points", "exceptions", "alternatives"):
        refs |= {s["answer"] for item in result[key] for s in item["sources"]}
    return refs


def test_zero_answers(taxonomy: Any) -> None:
    result = compute_consensus(TITLE, BODY, [], taxonomy)
    assert result["answers_considered"] == 0
    assert result["answers"] == []
    assert result["key_points"] == []
    assert result["exceptions"] == []
    assert result["alternatives"] == []
    assert result["tally"]["recommend"] == 0
    assert result["tally"]["inferred"] == {
        "recommend": 0,
        "depends": 0,
        "not_recommended": 0,
        "not_stated": 0,
    }
    assert result["summary"] == "No verified doctor has answered yet."
    json.dumps(result)


def test_one_answer(taxonomy: Any) -> None:
    result = compute_consensus(TITLE, BODY, [answer("1", PRO)], taxonomy)
    assert result["answers_considered"] == 1
    assert result["answers"][0]["verdict"] == "recommend"
    assert result["tally"]["inferred"]["recommend"] == 1
    # One doctor cannot make a shared key point.
    assert result["key_points"] == []
    assert result["summary"].startswith("Yes: 1 of 1 doctor recommends it")


def test_unverified_doctors_do_not_count(taxonomy: Any) -> None:
    answers = [
        answer("1", PRO),
        answer("2", CON),
        answer("3", PRO_2, verified=False, verdict="recommend"),
    ]
    with_unverified = compute_consensus(TITLE, BODY, answers, taxonomy)
    without = compute_consensus(TITLE, BODY, answers[:2], taxonomy)
    assert with_unverified == without
    assert with_unverified["answers_considered"] == 2
    assert "3" not in cited_refs(with_unverified)


def test_stated_verdicts_are_used_as_is(taxonomy: Any) -> None:
    # The stated verdict wins even where the text reads the other way.
    answers = [
        answer("1", CON, verdict="recommend"),
        answer("2", PRO, verdict="not_recommended"),
        answer("3", PRO_2),
    ]
    result = compute_consensus(TITLE, BODY, answers, taxonomy)
    by_ref = {a["answer"]: a for a in result["answers"]}
    assert by_ref["1"]["verdict"] == "recommend"
    assert by_ref["1"]["source"] == "stated"
    assert by_ref["1"]["deciding_sentences"] == []
    assert by_ref["2"]["verdict"] == "not_recommended"
    assert by_ref["3"]["source"] == "inferred"
    tally = result["tally"]
    assert (tally["recommend"], tally["not_recommended"], tally["not_stated"]) == (1, 1, 1)
    assert tally["inferred"]["recommend"] == 1
    assert sum(tally["inferred"].values()) == tally["not_stated"]


def test_empty_body(taxonomy: Any) -> None:
    answers = [answer("1", ""), answer("2", "   \n\n  "), answer("3", PRO)]
    result = compute_consensus(TITLE, BODY, answers, taxonomy)
    by_ref = {a["answer"]: a for a in result["answers"]}
    assert by_ref["1"]["verdict"] == "not_stated"
    assert by_ref["1"]["deciding_sentences"] == []
    assert by_ref["2"]["verdict"] == "not_stated"
    assert result["answers_considered"] == 3
    assert "2 answers are not clear." in result["summary"]


def test_title_can_decide_an_empty_answer(taxonomy: Any) -> None:
    result = compute_consensus(
        TITLE, BODY, [answer("1", "", title="Not worth it, save your money")], taxonomy
    )
    decided = result["answers"][0]
    assert decided["verdict"] == "not_recommended"
    assert decided["deciding_sentences"] == [
        {"answer": "1", "sentence": -1, "text": "Not worth it, save your money"}
    ]


def test_a_doctor_with_two_answers_counts_once(taxonomy: Any) -> None:
    twice = [answer("1", PRO, doctor="same"), answer("2", PRO_2, doctor="same")]
    alone = compute_consensus(TITLE, BODY, twice, taxonomy)
    assert alone["key_points"] == []

    result = compute_consensus(TITLE, BODY, [*twice, answer("3", PRO_2, doctor="other")], taxonomy)
    assert result["key_points"]
    assert all(p["doctors"] <= 2 for p in result["key_points"])
    top = result["key_points"][0]
    assert top["doctors"] == 2
    assert {s["answer"] for s in top["sources"]} >= {"3"}
    # Tallies count answers; the summary speaks of doctors.
    assert result["answers_considered"] == 3
    assert result["summary"].startswith("Yes: 2 of 2 doctors")


def test_alternative_only_mentioned_negatively_is_left_out(taxonomy: Any) -> None:
    answers = [
        answer(
            "1",
            "A retinoid works well for fine lines. I would avoid laser resurfacing at "
            "your age; it is too aggressive for such mild lines.",
        ),
        answer(
            "2",
            "Tretinoin is effective for fine lines. Laser resurfacing is not necessary "
            "and not worth the downtime for lines this mild.",
        ),
    ]
    result = compute_consensus(TITLE, BODY, answers, taxonomy)
    assert all(a["topic"] != "laser-resurfacing" for a in result["alternatives"])


def test_unknown_verdict_is_rejected(taxonomy: Any) -> None:
    with pytest.raises(ValueError, match="unknown verdict"):
        compute_consensus(TITLE, BODY, [answer("1", PRO, verdict="maybe")], taxonomy)


def test_output_is_plain_json(taxonomy: Any) -> None:
    answers = [answer("1", PRO), answer("2", CON), answer("3", PRO_2)]
    result = compute_consensus(TITLE, BODY, answers, taxonomy)
    assert json.loads(json.dumps(result)) == result
    assert set(result) == {
        "method_version",
        "answers_considered",
        "tally",
        "answers",
        "key_points",
        "exceptions",
        "alternatives",
        "summary",
        "leaning",
        "question_kind",
        "risks",
    }
    assert result["method_version"] == METHOD_VERSION


def test_works_with_a_taxonomy_from_the_database_shape(taxonomy: Any) -> None:
    """The Django side builds entries without `related`; results must not depend on it much."""
    from consilium.consensus.method import TaxonomyEntry

    bare = [
        TaxonomyEntry(slug=e.slug, name=e.name, kind=e.kind, synonyms=e.synonyms)
        for e in sorted(taxonomy, key=lambda e: e.slug)
    ]
    answers = [answer("1", PRO), answer("2", CON), answer("3", PRO_2)]
    assert (
        compute_consensus(TITLE, BODY, answers, bare)["tally"]
        == compute_consensus(TITLE, BODY, answers, taxonomy)["tally"]
    )
