"""The consensus as stored, shown and served: kept in step with every change to the answers."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from consilium.consensus.models import QuestionConsensus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Question
from consilium.qa.services import edit_answer, post_answer, set_agreement
from consilium.qa.tests.factories import QuestionFactory

SEED_FIELDS = {"tally", "key_points", "exceptions", "alternatives", "summary", "answers"}
# Written for the tests: six sceptical doctors, retinoids and sunscreen suggested instead.
SCEPTICAL_THREAD = Path(__file__).parent / "threads" / "collagen-supplements-wrinkles.json"


def imported(path: Path) -> Question:
    call_command("import-thread", str(path), stdout=StringIO())
    return Question.objects.get()


@pytest.fixture
def imported_seed(seed_thread_path):
    return imported(seed_thread_path)


@pytest.fixture
def imported_thread():
    return imported(SCEPTICAL_THREAD)


@pytest.mark.django_db
def test_the_imported_seed_thread_meets_the_acceptance_figures(imported_seed):
    result = imported_seed.consensus.result
    inferred = [a["verdict"] for a in result["answers"] if a["source"] == "inferred"]
    assert "recommend" not in inferred
    assert inferred.count("not_recommended") >= 8
    ageing = [p for p in result["key_points"] if "ag" in p["text"].lower()]
    assert any(
        p["doctors"] >= 2 and {"skin", "elasticity"} & set(p["text"].lower().split())
        for p in ageing
    ) or any(p["doctors"] >= 2 and ("fat" in p["text"] or "volume" in p["text"]) for p in ageing)
    assert any(
        e["doctors"] >= 2 and ("palsy" in e["text"].lower() or "nerve" in e["text"].lower())
        for e in result["exceptions"]
    )
    alternatives = {a["topic"]: a["doctors"] for a in result["alternatives"]}
    assert alternatives.get("facelift", 0) >= 2
    assert alternatives.get("botox") == 1


@pytest.mark.django_db
def test_the_question_page_shows_the_panel_with_sources(client, imported_thread):
    page = client.get(imported_thread.get_absolute_url()).content.decode()
    assert escape(imported_thread.consensus.result["summary"]) in page
    assert "inferred" in page
    first_source = imported_thread.consensus.result["key_points"][0]["sources"][0]
    assert f'href="#answer-{first_source["answer"]}"' in page


@pytest.mark.django_db
def test_the_api_returns_the_stored_structure(client, imported_thread):
    response = client.get(f"/api/v1/questions/{imported_thread.pk}/consensus")
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= SEED_FIELDS
    assert {"topic", "doctors"} <= set(data["alternatives"][0])
    assert {"text", "doctors", "sources"} <= set(data["key_points"][0])
    assert {"answer", "sentence", "text"} <= set(data["key_points"][0]["sources"][0])
    assert data["tally"]["inferred"]["not_recommended"] >= 4


@pytest.mark.django_db
def test_the_command_prints_the_same_structure_without_a_database():
    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("consensus", str(SCEPTICAL_THREAD), stdout=out)
    assert len(queries) == 0
    data = json.loads(out.getvalue())
    assert set(data) >= SEED_FIELDS
    assert {a["topic"] for a in data["alternatives"]} >= {"retinoids", "sunscreen"}
    again = StringIO()
    call_command("consensus", str(SCEPTICAL_THREAD), stdout=again)
    assert again.getvalue() == out.getvalue()


@pytest.mark.django_db
def test_it_is_recomputed_on_answer_edit_and_agreement(django_capture_on_commit_callbacks):
    question = QuestionFactory()
    first, second = DoctorFactory(), DoctorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_answer(
            doctor=first, question=question, title="Yes, it helps most people",
            body="It works well for fine lines.", verdict="recommend",
        )  # fmt: skip
    assert QuestionConsensus.objects.get().result["tally"]["recommend"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        edit_answer(answer=answer, doctor=first, title="On reflection, no",
                    body="The evidence is weak.", verdict="not_recommended")  # fmt: skip
    assert QuestionConsensus.objects.get().result["tally"]["not_recommended"] == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        set_agreement(answer=answer, doctor=second, agree=True)
    assert callbacks, "agreeing queues a recomputation"
