"""The leaning of a question's stored consensus, read for the verdict pills."""

import pytest

from consilium.consensus.selectors import leaning_of, leanings_for_questions
from consilium.consensus.services import refresh_consensus
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory


def _tally(recommend=0, depends=0, no=0, not_stated=0, inferred=None):
    return {
        "recommend": recommend,
        "depends": depends,
        "not_recommended": no,
        "not_stated": not_stated,
        "inferred": inferred or {},
    }


@pytest.mark.parametrize(
    ("tally", "verdict", "label"),
    [
        (_tally(no=10), "not_recommended", "all no"),
        (_tally(no=7, recommend=3), "not_recommended", "mostly no"),
        # 5 of 10 is no majority: the panel says "Doctors disagree", and so does the pill.
        (_tally(recommend=5, depends=3, no=2), "", "doctors disagree"),
        (_tally(recommend=2, no=2), "", "doctors disagree"),
        (_tally(depends=1), "depends", "it depends"),
        # Verdicts read from the text count like stated ones.
        (_tally(recommend=1, not_stated=2, inferred={"recommend": 2}), "recommend", "all yes"),
        # Answers whose reading stayed unclear do not count for either side.
        (_tally(no=3, not_stated=2, inferred={"not_stated": 2}), "not_recommended", "all no"),
    ],
)
def test_it_reads_the_leaning_from_a_result_stored_without_one(tally, verdict, label):
    leaning = leaning_of({"tally": tally, "answers_considered": 9})
    assert (leaning.verdict, leaning.label, leaning.doctors) == (verdict, label, 9)


def test_it_prefers_the_stored_leaning():
    result = {"leaning": "mixed", "tally": _tally(no=10), "answers_considered": 10}
    assert leaning_of(result).label == "doctors disagree"


def test_it_says_not_clear_when_no_reading_was_clear():
    leaning = leaning_of({"tally": _tally(not_stated=2, inferred={"not_stated": 2})})
    assert (leaning.verdict, leaning.label) == ("", "not clear")


def test_it_has_no_leaning_without_answers():
    assert leaning_of({"tally": _tally(), "answers_considered": 0}) is None


@pytest.mark.django_db
def test_it_reads_every_questions_leaning_in_one_query(django_assert_num_queries):
    questions = [QuestionFactory() for _ in range(3)]
    for question in questions[:2]:
        for verdict in ("not_recommended", "not_recommended", "depends"):
            AnswerFactory(question=question, verdict=verdict)
        refresh_consensus(question.pk)
    with django_assert_num_queries(1):
        leanings = leanings_for_questions(q.pk for q in questions)
    assert set(leanings) == {questions[0].pk, questions[1].pk}
    assert leanings[questions[0].pk].label == "mostly no"
    assert leanings[questions[0].pk].doctors == 3
