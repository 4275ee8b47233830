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
        (_tally(recommend=5, depends=3, no=2), "recommend", "leaning yes"),
        (_tally(recommend=2, no=2), "", "divided"),
        (_tally(depends=1), "depends", "it depends"),
        # Verdicts read from the text count like stated ones.
        (_tally(recommend=1, not_stated=2, inferred={"recommend": 2}), "recommend", "all yes"),
    ],
)
def test_it_reads_the_leaning_from_the_tally(tally, verdict, label):
    leaning = leaning_of(tally, doctors=9)
    assert (leaning.verdict, leaning.label, leaning.doctors) == (verdict, label, 9)


def test_it_has_no_leaning_without_a_verdict():
    assert leaning_of(_tally(not_stated=2, inferred={"unclear": 2}), doctors=2) is None


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
