"""Imports that can be run again, say what they did, and show where a thread came from."""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from consilium.consensus.models import QuestionConsensus
from consilium.doctors.models import DoctorProfile
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Answer, Purpose, PurposeSource, Question, ThreadSource

pytestmark = pytest.mark.django_db

SOURCE = "https://www.example-clinic-qa.test/questions/4711-e-stim-firm-face"


def _thread(**question: object) -> dict[str, object]:
    return {
        "source": SOURCE,
        "question": {
            "title": "Will electrical muscle stimulation firm my face?",
            "body": "I bought a facial EMS device to firm up sagging cheeks.",
            "date": "2014-03-09",
            **question,
        },
        "answers": [
            {
                "body": "No. It will not lift sagging skin, which comes from volume loss.",
                "doctor": {
                    "name": "Dr. Ines Varga",
                    "specialty": "Plastic surgeon",
                    "location": "Beverly Hills, CA",
                },
                "date": "2014-03-11T08:30:00Z",
            },
            {
                "title": "Save your money",
                "body": "Facial EMS does not firm an ageing face. A facelift lifts it.",
            },
        ],
    }


def run_import(tmp_path: Path, *threads: dict[str, object]) -> str:
    path = tmp_path / "threads.jsonl"
    path.write_text("\n".join(json.dumps(thread) for thread in threads))
    out = StringIO()
    call_command("import-thread", str(path), stdout=out)
    return out.getvalue()


def test_it_skips_a_thread_imported_before_and_says_which_question_it_is(tmp_path):
    first = run_import(tmp_path, _thread())
    question = Question.objects.get()
    again = run_import(tmp_path, _thread())

    assert Question.objects.count() == 1
    assert Answer.objects.count() == 2
    assert f"Imported question {question.pk}" in first
    assert "1 imported, 0 skipped" in first
    assert f"Skipped (already imported as question {question.pk})" in again
    assert "0 imported, 1 skipped" in again


def test_a_thread_without_a_source_url_is_known_again_by_its_content(tmp_path):
    thread = _thread()
    del thread["source"]
    run_import(tmp_path, thread)
    output = run_import(tmp_path, thread)

    assert Question.objects.count() == 1
    assert "Skipped" in output


def test_the_same_source_url_is_one_thread_even_when_its_text_changed(tmp_path):
    run_import(tmp_path, _thread())
    run_import(tmp_path, _thread(body="The text was edited on the source site since."))
    assert Question.objects.count() == 1


def test_a_thread_repeated_within_one_file_is_imported_once(tmp_path):
    output = run_import(tmp_path, _thread(), _thread())
    assert Question.objects.count() == 1
    assert "Skipped (already imported as earlier in this file)" in output


def test_running_a_file_again_computes_a_consensus_an_interrupted_run_left_missing(tmp_path):
    run_import(tmp_path, _thread())
    QuestionConsensus.objects.all().delete()

    output = run_import(tmp_path, _thread())

    assert QuestionConsensus.objects.filter(question=Question.objects.get()).exists()
    assert "consensus computed for 1" in output


def test_it_keeps_the_source_the_original_dates_and_the_doctors_details(tmp_path):
    run_import(tmp_path, _thread())
    question = Question.objects.select_related("source").get()
    first, second = question.answers.order_by("position")

    assert question.source.url == SOURCE
    assert question.source.host == "example-clinic-qa.test"
    assert question.source.asked_at == datetime(2014, 3, 9, tzinfo=UTC)
    assert question.created_at == datetime(2014, 3, 9, tzinfo=UTC)
    assert first.source_date == datetime(2014, 3, 11, 8, 30, tzinfo=UTC)
    assert first.doctor.display_name == "Dr. Ines Varga"
    assert first.doctor.specialty == "Plastic surgeon"
    assert first.doctor.practice == "Beverly Hills, CA"
    assert second.source_date is None


def test_an_answer_without_a_title_is_accepted_and_headed_by_its_first_sentence(tmp_path):
    run_import(tmp_path, _thread())
    answer = Answer.objects.get(position=1)
    assert answer.title == ""
    assert answer.heading == "No."


def test_an_imported_name_never_attaches_to_a_real_verified_profile(tmp_path):
    real = DoctorFactory(display_name="Dr. Ines Varga", slug="dr-ines-varga")

    run_import(tmp_path, _thread())

    real.refresh_from_db()
    assert not real.answers.exists()
    imported = Answer.objects.get(position=1).doctor
    assert imported.pk != real.pk
    assert imported.is_imported
    assert imported.user is None


def test_one_imported_doctor_answering_two_threads_has_one_imported_profile(tmp_path):
    run_import(tmp_path, _thread(), _thread(title="Is facial EMS safe with fillers?"))
    # The source key is the URL: a second thread needs its own.
    assert Question.objects.count() == 1
    other = _thread(title="Is facial EMS safe with fillers?")
    other["source"] = SOURCE + "-fillers"
    run_import(tmp_path, other)
    assert DoctorProfile.objects.filter(display_name="Dr. Ines Varga").count() == 1


def test_threads_without_topics_are_filed_under_the_topics_they_name(tmp_path):
    run_import(tmp_path, _thread())
    slugs = set(Question.objects.get().topics.values_list("slug", flat=True))
    assert "facial-ems" in slugs


def test_topics_given_in_the_file_are_kept_as_given(tmp_path):
    run_import(tmp_path, _thread(topics=["facelift"]))
    assert list(Question.objects.get().topics.values_list("slug", flat=True)) == ["facelift"]


def test_a_purpose_is_read_from_the_words_unless_the_file_gives_one(tmp_path):
    run_import(tmp_path, _thread())
    inferred = Question.objects.get()
    assert (inferred.purpose, inferred.purpose_source) == (
        Purpose.COSMETIC,
        PurposeSource.INFERRED,
    )
    given = _thread(purpose="safety")
    given["source"] = SOURCE + "-2"
    run_import(tmp_path, given)
    stated = Question.objects.exclude(pk=inferred.pk).get()
    assert (stated.purpose, stated.purpose_source) == (Purpose.SAFETY, PurposeSource.ASKER)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "31/05/2019"}, "not an ISO date"),
        ({"date": "2999-01-01"}, "before 1990 or in the future"),
        ({"purpose": "vanity"}, "question.purpose 'vanity'"),
    ],
)
def test_bad_dates_and_purposes_are_refused_with_a_clear_message(tmp_path, change, message):
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, _thread(**change))
    assert not Question.objects.exists()
    assert not ThreadSource.objects.exists()


def test_a_source_that_is_a_description_not_a_url_is_accepted_without_a_link(tmp_path):
    thread = _thread()
    thread["source"] = "seed document: one thread from a Q&A site"
    run_import(tmp_path, thread)
    source = ThreadSource.objects.get()
    assert source.url == ""
    assert source.host == ""
