"""`consilium refile-questions`: older questions get a purpose and topics as new ones do."""

from io import StringIO

import pytest
from django.core.management import call_command

from consilium.qa.models import Purpose, PurposeSource
from consilium.qa.tests.factories import QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


def refile() -> str:
    out = StringIO()
    call_command("refile-questions", stdout=out)
    return out.getvalue()


def test_it_reads_purposes_and_files_topicless_questions_and_says_so():
    old = QuestionFactory(title="How much does a facelift cost?", body="In London.")

    output = refile()

    old.refresh_from_db()
    assert old.purpose == Purpose.COST
    assert list(old.topics.values_list("slug", flat=True)) == ["facelift"]
    assert f"Question {old.pk}: purpose cost; topics facelift" in output
    assert "1 question refiled." in output


def test_what_people_chose_is_left_alone():
    chosen = QuestionFactory(
        title="How much does a facelift cost?",
        purpose=Purpose.SAFETY,
        purpose_source=PurposeSource.MODERATOR,
    )
    botox = Topic.objects.get(slug="botox")
    chosen.topics.add(botox)

    output = refile()

    chosen.refresh_from_db()
    assert chosen.purpose == Purpose.SAFETY
    assert list(chosen.topics.all()) == [botox]
    assert "0 questions refiled." in output


def test_running_it_twice_changes_nothing_the_second_time():
    QuestionFactory(title="Is Botox safe at 25?", body="My first time.")
    refile()
    assert "0 questions refiled." in refile()


def test_it_marks_older_questions_that_describe_an_emergency():
    urgent = QuestionFactory(
        title="Help after filler", body="My nose turned white after the filler an hour ago."
    )
    calm = QuestionFactory(title="Is filler safe?", body="Can filler cause vision loss?")

    output = refile()

    urgent.refresh_from_db()
    calm.refresh_from_db()
    assert urgent.urgent is True
    assert calm.urgent is False
    assert output.splitlines()[0].startswith(f"Question {urgent.pk}: ")
    assert output.splitlines()[0].endswith("; urgent")
    assert f"Question {calm.pk}: purpose safety" in output
    assert "urgent" not in output.splitlines()[1]
