"""An imported thread's page says where it came from and whom Consilium has not verified."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.consensus.services import refresh_consensus
from consilium.moderation.models import AuditEntry
from consilium.qa.models import Purpose, PurposeSource, Question
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db

THREAD = {
    "source": {"url": "https://www.realself.test/question/e-stim-firm-face"},
    "question": {
        "title": "Will electric stimulation machines help firm facial muscles?",
        "body": "I use a facial EMS device to firm up my face.",
        "date": "2013-10-02",
    },
    "answers": [
        {"body": f"Answer {n}. E-stim will not firm an ageing face.",
         "doctor": {"name": f"Dr. Source {n}", "specialty": "Facial plastic surgeon",
                    "location": "Austin, TX"},
         "date": "2013-10-04"}
        for n in range(1, 4)
    ] + [{"title": "A titled answer", "body": "Microcurrent does not lift sagging skin."}],
}  # fmt: skip


@pytest.fixture
def imported(tmp_path: Path) -> Question:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(THREAD))
    call_command("import-thread", str(path), stdout=StringIO())
    return Question.objects.get()


def test_it_says_where_and_when_the_thread_was_imported_and_that_it_is_unverified(client, imported):
    page = client.get(imported.get_absolute_url()).content.decode()
    imported_on = imported.source.imported_at.strftime("%-d %b %Y")
    assert f'Imported from <a href="{THREAD["source"]["url"]}"' in page
    assert f">realself.test</a> on {imported_on}" in page
    assert "where it was asked on 2 Oct 2013" in page
    assert "Asked 2 Oct 2013 on realself.test" in page
    assert "not verified by Consilium" in page
    assert "by an imported thread" not in page
    assert "Consilium has not checked its doctors' licences" in page
    assert "Answers come from doctors whose licences we check" not in page


def test_imported_doctors_are_counted_apart_and_their_names_link_nowhere(client, imported):
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "4 imported answers, not verified by Consilium" in page
    assert "Dr. Source 1" in page
    assert "Austin, TX" in page
    assert 'href="/doctors/' not in page
    assert "Answered 4 Oct 2013 on realself.test" in page
    assert "answer date not recorded" in page


def test_an_untitled_answer_is_headed_by_its_first_sentence(client, imported):
    page = client.get(imported.get_absolute_url()).content.decode()
    assert ">Answer 1.</h3>" in page
    assert ">A titled answer</h3>" in page


def test_a_panel_with_verified_and_imported_answers_names_both(client):
    question = QuestionFactory()
    AnswerFactory(question=question)
    AnswerFactory(question=question, doctor__is_imported=True, doctor__user=None)
    refresh_consensus(question.pk)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "1 verified doctor" in page
    assert "1 imported answer, not verified by Consilium" in page


def test_a_question_of_verified_doctors_only_has_no_imported_label(client):
    question = QuestionFactory()
    AnswerFactory.create_batch(2, question=question)
    refresh_consensus(question.pk)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "imported answer" not in page
    assert "not verified by Consilium" not in page
    assert "Answers come from doctors whose licences we check" in page


@pytest.fixture
def moderator(client):
    user = UserFactory(role=Role.MODERATOR)
    client.force_login(user)
    return user


def test_a_moderator_corrects_topics_and_purpose_and_it_is_audited(client, moderator):
    question = QuestionFactory(title="Is microneedling safe for me?")
    facelift = Topic.objects.get(slug="facelift")

    response = client.post(
        reverse("web:question-filing", args=[question.pk]),
        {"topics": "Facelift", "purpose": Purpose.COST, "reason": "It asks about price"},
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert list(question.topics.all()) == [facelift]
    assert (question.purpose, question.purpose_source) == (Purpose.COST, PurposeSource.MODERATOR)
    entry = AuditEntry.objects.get(action="correct_filing")
    assert entry.actor == moderator
    assert entry.target_id == question.pk
    assert "It asks about price" in entry.reason
    assert "Facelift" in entry.reason


def test_an_unknown_topic_is_named_and_nothing_changes(client, moderator):
    question = QuestionFactory()
    response = client.post(
        reverse("web:question-filing", args=[question.pk]),
        {"topics": "Facelift, Moon dust", "purpose": Purpose.COST},
    )
    assert response.status_code == 200
    assert "Moon dust" in response.content.decode()
    assert 'value="Facelift, Moon dust"' in response.content.decode()
    question.refresh_from_db()
    assert not question.topics.exists()
    assert question.purpose_source == PurposeSource.INFERRED
    assert not AuditEntry.objects.exists()


def test_someone_not_a_moderator_cannot_correct_the_filing(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:question-filing", args=[question.pk]),
        {"topics": "Facelift", "purpose": Purpose.COST},
    )
    assert response.status_code in (403, 404)
    question.refresh_from_db()
    assert not question.topics.exists()
    assert not AuditEntry.objects.exists()


def test_moderators_see_the_correction_form_on_the_question_page(client, moderator):
    question = QuestionFactory()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Correct topics and purpose" in page
    assert reverse("web:question-filing", args=[question.pk]) in page


def test_readers_do_not_see_the_correction_form(client):
    question = QuestionFactory()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Correct topics and purpose" not in page


def test_the_asker_chooses_a_purpose_or_it_is_read_from_the_question(client):
    client.force_login(UserFactory())
    client.post(
        reverse("web:ask"),
        {"title": "Will a facelift hold for ten years?", "body": "I am 58 and weighing it up.",
         "purpose": Purpose.COSMETIC},
    )  # fmt: skip
    client.post(
        reverse("web:ask"),
        {"title": "How much does a facelift cost?", "body": "Roughly, in the UK, for a mini one."},
    )
    chosen, inferred = Question.objects.order_by("pk")
    assert (chosen.purpose, chosen.purpose_source) == (Purpose.COSMETIC, PurposeSource.ASKER)
    assert (inferred.purpose, inferred.purpose_source) == (Purpose.COST, PurposeSource.INFERRED)


def test_a_question_posted_without_topics_is_filed_under_those_it_names(client):
    client.force_login(UserFactory())
    client.post(
        reverse("web:ask"),
        {"title": "Is a facelift better than threads?", "body": "I am 55 with jowls, what lasts?"},
    )
    assert "facelift" in set(Question.objects.get().topics.values_list("slug", flat=True))


def test_the_correction_page_runs_a_fixed_number_of_queries(
    client, moderator, django_assert_num_queries
):
    question = QuestionFactory()
    question.topics.add(*Topic.objects.filter(slug__in=["facelift", "botox"]))
    # moderator (the session comes from its cache); the question and its topics; every topic
    # name for the list; the moderator's unread notifications in the header
    with django_assert_num_queries(5):
        response = client.get(reverse("web:question-filing", args=[question.pk]))
    assert 'value="Botox, Facelift"' in response.content.decode()
