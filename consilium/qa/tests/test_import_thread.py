"""`consilium import-thread`: whole threads in, all or nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from consilium.doctors.models import DoctorProfile
from consilium.qa.models import Answer, Question, Verdict

pytestmark = pytest.mark.django_db


def run_import(path: Path) -> str:
    out = StringIO()
    call_command("import-thread", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, content: object, name: str = "thread.json") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_it_imports_a_thread_with_every_answer_in_order(client, written_thread_path):
    output = run_import(written_thread_path)
    thread = json.loads(written_thread_path.read_text())

    question = Question.objects.get()
    assert question.title == thread["question"]["title"]
    assert f"Imported question {question.pk}: " in output
    assert question.get_absolute_url() in output
    titles = list(question.answers.values_list("title", flat=True))
    assert titles == [answer["title"] for answer in thread["answers"]]

    page = client.get(question.get_absolute_url()).content.decode()
    positions = [page.index(f">{escape(title)}<") for title in titles]
    assert positions == sorted(positions)
    assert page.count('class="answer"') == 10


def test_answers_without_doctor_get_imported_placeholder_profiles(written_thread_path):
    run_import(written_thread_path)
    doctors = DoctorProfile.objects.all()
    assert doctors.count() == 10
    assert all(doctor.is_imported for doctor in doctors)


def test_missing_verdicts_are_not_stated_and_given_ones_are_kept(tmp_path):
    thread = {
        "question": {"title": "Is a chemical peel safe in summer?", "body": "Body."},
        "answers": [
            {"title": "Wait for autumn", "body": "Sun after a peel risks dark spots.",
             "verdict": "not_recommended", "doctor": "Dr. Nora Quist"},
            {"title": "Light peels are fine", "body": "With strict sunscreen, yes."},
        ],
    }  # fmt: skip
    run_import(write(tmp_path, thread))
    verdicts = list(Answer.objects.values_list("verdict", flat=True))
    assert verdicts == [Verdict.NOT_RECOMMENDED, Verdict.NOT_STATED]
    assert DoctorProfile.objects.filter(display_name="Dr. Nora Quist").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"answers": []}, 'no "question" object'),
        ({"question": {"title": ""}}, "question.title is empty"),
        ({"question": {"title": "Fine?"}, "answers": [{"title": "x"}]}, "answer 1 body is missing"),
        (
            {
                "question": {"title": "Fine?"},
                "answers": [{"title": "x", "body": "y", "verdict": "?"}],
            },
            "verdict '?'",
        ),
        ({"question": {"title": "Fine?"}, "answers": "none"}, '"answers" must be a list'),
        ("", "the file is empty"),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_imports_nothing(tmp_path, content, message):
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        run_import(write(tmp_path, content))
    assert message in str(raised.value)
    assert not Question.objects.exists()


def test_a_fault_late_in_a_file_rolls_back_the_threads_before_it(tmp_path):
    good = {"question": {"title": "First question?"}, "answers": []}
    repeated_doctor = {
        "question": {"title": "Second question?"},
        "answers": [
            {"title": "One", "body": "First.", "doctor": "Dr. Same"},
            {"title": "Two", "body": "Second.", "doctor": "Dr. Same"},
        ],
    }
    lines = "\n".join(json.dumps(thread) for thread in (good, repeated_doctor))
    with pytest.raises(CommandError, match=r"both by Dr\. Same"):
        run_import(write(tmp_path, lines, "threads.jsonl"))
    assert not Question.objects.exists()
    assert not DoctorProfile.objects.exists()


def test_it_reads_json_lines_one_thread_a_line(tmp_path):
    threads = [{"question": {"title": f"Question {n}?"}, "answers": []} for n in range(3)]
    output = run_import(write(tmp_path, "\n".join(json.dumps(t) for t in threads), "t.jsonl"))
    assert Question.objects.count() == 3
    assert output.count("Imported question") == 3


def test_a_missing_file_is_named_in_the_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "absent.json")


def test_it_says_how_many_questions_wait_for_embedding(tmp_path, written_thread_path):
    thread = json.loads(written_thread_path.read_text())
    threads = []
    for n in range(3):
        thread["question"]["title"] = f"Question {n} about jowls"
        threads.append(json.dumps(thread))
    output = run_import(write(tmp_path, "\n".join(threads), "threads.jsonl"))
    assert output.splitlines()[-1] == (
        "3 questions wait for embedding; similar questions find them by their words until "
        "the task worker or `consilium reindex` embeds them."
    )
