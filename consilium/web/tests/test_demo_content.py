"""The demo content: enough real-looking material for every page to show something."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from consilium.consensus.models import QuestionConsensus
from consilium.doctors.models import DoctorProfile
from consilium.outcomes.models import OutcomeReport
from consilium.qa.models import Agreement, Question
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


def test_it_loads_threads_doctors_answers_outcomes_and_consensus(client):
    call_command("demo", stdout=StringIO())
    questions = Question.objects.annotate(n=Count("answers"))
    assert questions.count() >= 6
    assert all(5 <= q.n <= 10 for q in questions)
    assert Topic.objects.filter(questions__isnull=False).distinct().count() >= 4
    assert DoctorProfile.objects.filter(verification_status="verified").count() >= 8
    assert any("microcurrent" in q.title.lower() or "ems" in q.title.lower() for q in questions)
    assert QuestionConsensus.objects.count() == questions.count()
    assert Agreement.objects.exists()
    assert OutcomeReport.objects.values("topic").distinct().count() >= 3
    for question in questions:
        assert client.get(question.get_absolute_url()).status_code == 200


def test_it_gives_every_demo_person_the_handle_the_content_names():
    from consilium.accounts.models import User
    from consilium.web.demo.loader import DEMO_CONTENT

    call_command("demo", stdout=StringIO())
    content = json.loads(DEMO_CONTENT.read_text(encoding="utf-8"))
    named = {d["key"] for d in content["doctors"]}
    named |= {t["asker"] for t in content["threads"]}
    named |= {o["patient"] for o in content.get("outcomes", [])}
    named.add("moderator")
    # A random handle could take one the content gives a patient later in the load.
    assert set(User.objects.values_list("handle", flat=True)) == named


def test_it_does_nothing_when_the_site_has_questions(capsys):
    call_command("demo", stdout=StringIO())
    count = Question.objects.count()
    err = StringIO()
    call_command("demo", stdout=StringIO(), stderr=err)
    assert Question.objects.count() == count
    assert "already has questions" in err.getvalue()


def _password(printed: str) -> str:
    return next(line.split()[1] for line in printed.splitlines() if line.startswith("  password"))


def _signs_in(client, username: str, password: str) -> bool:
    from django.urls import reverse

    response = client.post(reverse("web:login"), {"username": username, "password": password})
    client.logout()
    return response.status_code == 302


def test_it_prints_how_to_sign_in_as_each_demo_role_and_mails_nobody(client, mailoutbox):
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    roles = dict(
        line.split()[:2]
        for line in printed.splitlines()
        if line.startswith("  ") and not line.strip().startswith("password")
    )
    password = _password(printed)
    assert set(roles) == {"patient", "doctor", "moderator"}
    for username in roles.values():
        assert _signs_in(client, username, password)
    assert mailoutbox == []


def test_a_new_password_replaces_the_old_one(client):
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    call_command("demo", "--new-password", stdout=second)
    old, new = _password(first.getvalue()), _password(second.getvalue())
    assert old != new
    assert not _signs_in(client, "demo-moderator", old)
    assert _signs_in(client, "demo-moderator", new)
