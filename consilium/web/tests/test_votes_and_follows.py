"""Agree, helpful and follow: in place with htmx, and as plain form posts without it."""

import pytest
from django.urls import reverse

from consilium.accounts.models import Notification
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import DoctorProfile
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.models import Agreement, Follow, HelpfulMark, Question, QuestionUpdate
from consilium.qa.services import post_answer
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_doctor_agrees_in_place_with_htmx_and_can_withdraw(client):
    answer = AnswerFactory()
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    response = client.post(reverse("web:agree", args=[answer.pk]), {"agree": "1"}, **HTMX)
    assert response.status_code == 200
    assert "You agree ✓" in response.content.decode()
    assert "<html" not in response.content.decode()
    # The page's one vote form was posted: the response says whose votes it replaces.
    assert response["HX-Retarget"] == f"#votes-{answer.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    answer.refresh_from_db()
    assert answer.agree_count == 1

    client.post(reverse("web:agree", args=[answer.pk]), {"agree": "1"}, **HTMX)
    answer.refresh_from_db()
    assert answer.agree_count == 1  # once only

    client.post(reverse("web:agree", args=[answer.pk]), {"agree": "0"}, **HTMX)
    answer.refresh_from_db()
    assert answer.agree_count == 0
    assert not Agreement.objects.exists()


def test_without_javascript_agreeing_redirects_back_to_the_answer(client):
    answer = AnswerFactory()
    client.force_login(DoctorFactory().user)
    response = client.post(reverse("web:agree", args=[answer.pk]), {"agree": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    assert Agreement.objects.count() == 1


def test_a_doctor_cannot_agree_with_their_own_answer(client):
    answer = AnswerFactory()
    client.force_login(answer.doctor.user)
    response = client.post(reverse("web:agree", args=[answer.pk]), {"agree": "1"}, **HTMX)
    assert "You cannot agree with your own answer." in response.content.decode()
    assert not Agreement.objects.exists()


def test_patients_cannot_agree_but_can_mark_helpful(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("web:agree", args=[answer.pk])).status_code == 403
    assert not Agreement.objects.exists()
    response = client.post(reverse("web:helpful", args=[answer.pk]), {"helpful": "1"}, **HTMX)
    assert "Helpful to you ✓" in response.content.decode()
    client.post(reverse("web:helpful", args=[answer.pk]), {"helpful": "1"})
    answer.refresh_from_db()
    assert answer.helpful_count == 1
    client.post(reverse("web:helpful", args=[answer.pk]), {"helpful": "0"})
    answer.refresh_from_db()
    assert answer.helpful_count == 0
    assert not HelpfulMark.objects.exists()


def test_answers_are_ordered_by_agreement_then_helpfulness_or_newest_first(client):
    question = QuestionFactory()
    plain = AnswerFactory(question=question, title="Plain answer")
    helpful = AnswerFactory(question=question, title="Helpful answer", helpful_count=3)
    agreed = AnswerFactory(question=question, title="Agreed answer", agree_count=2)
    page = client.get(question.get_absolute_url()).content.decode()
    assert page.index(agreed.title) < page.index(helpful.title) < page.index(plain.title)
    newest = client.get(question.get_absolute_url() + "?order=newest").content.decode()
    assert newest.index(agreed.title) < newest.index(helpful.title) < newest.index(plain.title)
    assert newest.index("Agreed answer") < newest.index("Plain answer")


def test_following_works_in_place_and_without_javascript(client):
    question = QuestionFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("web:follow", args=[question.pk]), {"follow": "1"}, **HTMX)
    assert "Following ✓" in response.content.decode()
    assert Follow.objects.filter(user=user, question=question).exists()
    response = client.post(reverse("web:follow", args=[question.pk]), {"follow": "0"})
    assert response.status_code == 302
    assert not Follow.objects.filter(user=user, question=question).exists()


def test_followers_are_notified_of_a_new_answer_in_app_and_by_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    follower = UserFactory(email="follower@example.com")
    Follow.objects.create(question=question, user=follower)
    doctor = DoctorFactory(display_name="Dr. Mira Holt")
    with django_capture_on_commit_callbacks(execute=True):
        post_answer(
            doctor=doctor, question=question, title="Probably not",
            body="There is little evidence for it.", verdict="not_recommended",
        )  # fmt: skip
    notification = Notification.objects.get(recipient=follower)
    assert "Dr. Mira Holt answered" in notification.text
    assert [m.to for m in mailoutbox] == [["follower@example.com"]]
    assert notification.url in mailoutbox[0].body

    client.force_login(follower)
    home = client.get(reverse("web:home")).content.decode()
    assert 'aria-label="1 unread"' in home
    page = client.get(reverse("web:notifications")).content.decode()
    assert "Dr. Mira Holt answered" in page
    client.post(reverse("web:notifications"))
    assert 'aria-label="1 unread"' not in client.get(reverse("web:home")).content.decode()


def test_the_email_is_sent_by_a_task_after_the_request_commits(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    Follow.objects.create(question=question, user=UserFactory())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_answer(
            doctor=DoctorFactory(), question=question, title="Title here",
            body="A body long enough.", verdict="depends",
        )  # fmt: skip
    assert mailoutbox == []  # nothing is sent inside the request's transaction
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_the_asker_posts_a_dated_update_that_followers_hear_about(
    client, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    follower = UserFactory()
    Follow.objects.create(question=question, user=follower)
    client.force_login(question.asker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:question-update", args=[question.pk]),
            {"body": "Update after 4 months: no visible change."},
        )
    assert response.status_code == 302
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Update after 4 months: no visible change." in page
    assert Notification.objects.filter(recipient=follower, kind="question_updated").exists()


def test_an_empty_update_is_refused_with_the_reason(client):
    question = QuestionFactory()
    client.force_login(question.asker)
    response = client.post(reverse("web:question-update", args=[question.pk]), {"body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not QuestionUpdate.objects.exists()


def test_the_question_page_keeps_a_fixed_query_count_when_signed_in(
    client, django_assert_max_num_queries
):
    question = QuestionFactory()
    for _ in range(10):
        AnswerFactory(question=question)
    client.force_login(DoctorFactory().user)
    with django_assert_max_num_queries(14):
        client.get(question.get_absolute_url())


def test_line_breaks_in_names_and_titles_never_stop_the_emails(
    mailoutbox, django_capture_on_commit_callbacks
):
    # Written straight to the database, as rows stored before names were kept on one line.
    question = QuestionFactory()
    Question.objects.filter(pk=question.pk).update(title="Is it safe?\r\nBcc: everyone@example.com")
    question.refresh_from_db()
    for n in range(3):
        Follow.objects.create(question=question, user=UserFactory(email=f"f{n}@example.com"))
    doctor = DoctorFactory()
    DoctorProfile.objects.filter(pk=doctor.pk).update(display_name="Dr. Two\nLines")
    doctor.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        post_answer(
            doctor=doctor, question=question, title="Probably not",
            body="There is little evidence for it.", verdict="not_recommended",
        )  # fmt: skip
    assert sorted(m.to[0] for m in mailoutbox) == [f"f{n}@example.com" for n in range(3)]
    for message in mailoutbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert "Dr. Two Lines answered" in message.subject
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_doctor_cannot_mark_their_own_answer_helpful(client):
    answer = AnswerFactory()
    client.force_login(answer.doctor.user)
    response = client.post(reverse("web:helpful", args=[answer.pk]), {"helpful": "1"}, **HTMX)
    assert "You cannot mark your own answer helpful" in response.content.decode()
    answer.refresh_from_db()
    assert answer.helpful_count == 0
    assert not HelpfulMark.objects.exists()


def test_a_doctor_sees_no_helpful_button_on_their_own_answer_but_does_on_others(client):
    own = AnswerFactory()
    other = AnswerFactory(question=own.question)
    client.force_login(own.doctor.user)
    page = client.get(own.question.get_absolute_url()).content.decode()
    own_votes = page.split(f'id="votes-{own.pk}"')[1].split("</div>")[0]
    other_votes = page.split(f'id="votes-{other.pk}"')[1].split("</div>")[0]
    assert reverse("web:helpful", args=[own.pk]) not in own_votes
    assert "0 readers found it helpful" in own_votes
    assert reverse("web:helpful", args=[other.pk]) in other_votes


def test_the_refusal_in_place_offers_no_helpful_button_on_their_own_answer(client):
    answer = AnswerFactory()
    client.force_login(answer.doctor.user)
    response = client.post(reverse("web:helpful", args=[answer.pk]), {"helpful": "1"}, **HTMX)
    assert reverse("web:helpful", args=[answer.pk]) not in response.content.decode()
