"""The question page: the question, its consensus panel and every answer."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import VerificationStatus
from consilium.qa.models import Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.search.services import embed_questions

pytestmark = pytest.mark.django_db


def test_it_shows_each_answer_with_title_doctor_specialty_and_badge(client):
    answer = AnswerFactory(
        title="Sunscreen first", body="Daily **SPF 30** does most of the work.",
        doctor__display_name="Dr. Ines Varga", doctor__specialty="Dermatology",
    )  # fmt: skip
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "Sunscreen first" in page
    assert "<strong>SPF 30</strong>" in page
    assert "Dr. Ines Varga" in page
    assert "Dermatology" in page
    assert "Verified" in page


def test_it_marks_answers_of_doctors_no_longer_verified(client):
    answer = AnswerFactory(doctor__verification_status=VerificationStatus.REVOKED)
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "No longer verified" in page


def test_it_shows_the_asker_by_handle_only(client):
    question = QuestionFactory(
        asker__handle="misty-lark-301", asker__email="real@name.test", asker__first_name="Realname"
    )
    page = client.get(question.get_absolute_url()).content.decode()
    assert "misty-lark-301" in page
    assert "real@name.test" not in page
    assert "Realname" not in page


def test_it_escapes_scripts_in_user_markdown(client):
    question = QuestionFactory(body="<script>alert(1)</script> [x](javascript:alert(2))")
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


def test_it_redirects_a_wrong_slug_to_the_right_one(client):
    question = QuestionFactory(title="Retinol at night?")
    response = client.get(reverse("web:question", kwargs={"pk": question.pk, "slug": "old"}))
    assert response.status_code == 301
    assert response["Location"] == question.get_absolute_url()


def test_it_answers_404_for_an_unknown_question(client):
    response = client.get(reverse("web:question", kwargs={"pk": 999999, "slug": "x"}))
    assert response.status_code == 404


def test_it_opens_with_the_consensus_panel_once_two_doctors_answered(client):
    question = QuestionFactory()
    AnswerFactory(question=question, verdict=Verdict.RECOMMEND)
    AnswerFactory(question=question, verdict=Verdict.NOT_RECOMMENDED)
    refresh_consensus(question.pk)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "What the doctors say" in page
    assert page.index("What the doctors say") < page.index('class="answer"')


def test_it_has_no_panel_for_a_single_answer(client):
    answer = AnswerFactory()
    refresh_consensus(answer.question_id)
    page = client.get(answer.question.get_absolute_url()).content.decode()
    assert "What the doctors say" not in page


@pytest.mark.parametrize("answer_count", [1, 50])
def test_it_runs_the_same_number_of_queries_for_1_or_50_answers(
    client, django_assert_num_queries, answer_count
):
    question = QuestionFactory()
    for _ in range(answer_count):
        AnswerFactory(question=question)
    refresh_consensus(question.pk)
    # Embedded, with another answered question beside it, so "Related questions" takes its
    # full path whatever earlier tests left in the process's vector index.
    other = QuestionFactory()
    AnswerFactory(question=other)
    embed_questions([question.pk, other.pk])
    # question with asker, consensus and trial; its topics, updates, answers with doctors,
    # who agreed with them;
    # related questions: new vectors since the last request, then the candidates; their
    # doctors' leanings
    with django_assert_num_queries(8):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="answer"') == answer_count


def _actions(client, question) -> str:
    page = client.get(question.get_absolute_url()).content.decode()
    return page.split('class="post-actions"', 1)[1].split("</div>", 1)[0]


def test_it_offers_readers_their_own_question_not_an_answer(client):
    from consilium.accounts.tests.factories import UserFactory

    question = AnswerFactory().question
    assert "Ask your own question" in _actions(client, question)
    client.force_login(UserFactory())
    actions = _actions(client, question)
    assert "Ask your own question" in actions
    assert reverse("web:answer", args=[question.pk]) not in actions


def test_it_offers_a_verified_doctor_to_answer_until_they_have(client):
    from consilium.doctors.tests.factories import DoctorFactory

    question = QuestionFactory()
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    assert f'href="{reverse("web:answer", args=[question.pk])}">Answer<' in _actions(
        client, question
    )
    answer = AnswerFactory(question=question, doctor=doctor)
    actions = _actions(client, question)
    assert f'href="{reverse("web:edit-answer", args=[answer.pk])}">Edit your answer<' in actions
    assert reverse("web:answer", args=[question.pk]) not in actions


# Signed-in readers get the page's shared parts from the cache, with their own parts put in.


@pytest.fixture
def cached_thread(settings, django_capture_on_commit_callbacks):
    """A question with three answers, its page kept in the page cache once a first reader
    has read it; writes run what they queue for after their commit."""
    from consilium.doctors.tests.factories import DoctorFactory

    settings.PAGE_CACHE = True
    question = QuestionFactory()
    answers = [
        AnswerFactory(question=question, title=f"Answer number {n}", doctor=DoctorFactory())
        for n in range(3)
    ]
    refresh_consensus(question.pk)
    Client().get(question.get_absolute_url())  # a signed-out reader fills the cache
    return question, answers


def _read_as(user, question) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _answer_html(page: str, answer) -> str:
    return page.split(f'id="answer-{answer.pk}"', 1)[1].split("</article>", 1)[0]


def _csrf_tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))


def test_it_shows_the_asker_their_edit_link_and_update_form(cached_thread):
    question, answers = cached_thread
    page = _read_as(question.asker, question)
    actions = page.split('class="post-actions"', 1)[1].split("</div>", 1)[0]
    assert reverse("web:edit-question", args=[question.pk]) in actions
    assert "Post an update" in page
    assert "Ask your own question" not in actions
    assert reverse("web:answer", args=[question.pk]) not in page
    for answer in answers:
        assert reverse("web:edit-answer", args=[answer.pk]) not in page
        assert "Agree" not in _answer_html(page, answer)
        assert 'name="helpful" value="1"' in _answer_html(page, answer)


def test_it_lets_a_doctor_who_answered_edit_theirs_and_agree_with_the_others(cached_thread):
    question, answers = cached_thread
    own = answers[1]
    page = _read_as(own.doctor.user, question)
    assert f'href="{reverse("web:edit-answer", args=[own.pk])}">Edit your answer<' in page
    assert reverse("web:answer", args=[question.pk]) not in page
    assert reverse("web:edit-answer", args=[own.pk]) in _answer_html(page, own)
    assert 'name="agree"' not in _answer_html(page, own)
    for other in (answers[0], answers[2]):
        assert reverse("web:edit-answer", args=[other.pk]) not in page
        assert 'name="agree" value="1"' in _answer_html(page, other)
    assert "Post an update" not in page


def test_it_offers_another_doctor_to_answer_and_shows_whom_they_agreed_with(cached_thread):
    from consilium.doctors.tests.factories import DoctorFactory
    from consilium.qa.services import set_agreement

    question, answers = cached_thread
    doctor = DoctorFactory()
    set_agreement(answer=answers[2], doctor=doctor, agree=True)
    page = _read_as(doctor.user, question)
    assert f'href="{reverse("web:answer", args=[question.pk])}">Answer<' in page
    assert "Edit your answer" not in page
    agreed = _answer_html(page, answers[2])
    assert "You agree ✓" in agreed
    assert 'name="agree" value="0"' in agreed
    for other in answers[:2]:
        assert 'name="agree" value="1"' in _answer_html(page, other)
        assert "You agree" not in _answer_html(page, other)


def test_it_shows_a_patient_the_answers_they_found_helpful(cached_thread):
    from consilium.accounts.tests.factories import UserFactory
    from consilium.qa.services import set_helpful

    question, answers = cached_thread
    patient = UserFactory()
    set_helpful(answer=answers[0], user=patient, helpful=True)
    page = _read_as(patient, question)
    marked = _answer_html(page, answers[0])
    assert "Helpful to you ✓" in marked
    assert 'aria-pressed="true"' in marked
    for other in answers[1:]:
        assert "Helpful to you" not in _answer_html(page, other)
        assert 'name="agree"' not in _answer_html(page, other)
    assert "Ask your own question" in page
    assert "Post an update" not in page


def test_it_shows_a_moderator_hidden_answers_and_the_forms_to_hide_or_restore(
    cached_thread, django_capture_on_commit_callbacks
):
    from consilium.accounts.models import Role
    from consilium.accounts.tests.factories import UserFactory
    from consilium.moderation.services import hide_content

    question, answers = cached_thread
    moderator = UserFactory(role=Role.MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        hide_content(moderator=moderator, target=answers[0], reason="Wrong dose")
    page = _read_as(moderator, question)
    assert "only moderators see this answer" in _answer_html(page, answers[0])
    assert "Restore answer" in _answer_html(page, answers[0])
    assert "Hide answer" in _answer_html(page, answers[1])
    assert "Hide question" in page
    reader = _read_as(UserFactory(), question)
    assert f'id="answer-{answers[0].pk}"' not in reader
    assert "Hide answer" not in reader


def test_it_gives_each_signed_in_reader_their_own_working_csrf_token(cached_thread):
    from consilium.accounts.tests.factories import UserFactory

    question, answers = cached_thread
    assert not _csrf_tokens(_read_as(None, question))
    for reader in (UserFactory(), answers[0].doctor.user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(reader)
        page = client.get(question.get_absolute_url()).content.decode()
        assert "reader-csrf" not in page
        # The vote buttons post the page's one vote form, which holds the token.
        assert 'form="vote"' in _answer_html(page, answers[1])
        (token,) = _csrf_tokens(page.split('<form id="vote"', 1)[1].split("</form>", 1)[0])
        vote = client.post(
            reverse("web:helpful", args=[answers[1].pk]),
            {"csrfmiddlewaretoken": token, "helpful": "1"},
        )
        assert vote.status_code == 302
    answers[1].refresh_from_db()
    assert answers[1].helpful_count == 2


@pytest.mark.parametrize("answer_count", [1, 30])
def test_it_reads_nothing_from_the_database_for_a_signed_in_reader_who_never_marked_the_question(
    settings, django_assert_num_queries, answer_count
):
    from consilium.doctors.tests.factories import DoctorFactory

    settings.PAGE_CACHE = True
    question = QuestionFactory()
    for _ in range(answer_count):
        AnswerFactory(question=question)
    refresh_consensus(question.pk)
    client = Client()
    client.force_login(DoctorFactory().user)
    client.get(question.get_absolute_url())
    # The session, the reader's row, profile, unread count and marked questions, and the
    # page's shared parts all come from the cache.
    with django_assert_num_queries(0):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count('class="answer"') == answer_count


@pytest.mark.parametrize("answer_count", [1, 30])
def test_it_reads_the_marks_of_a_reader_who_marked_the_question_in_one_query(
    settings, django_assert_num_queries, answer_count
):
    from consilium.accounts.tests.factories import UserFactory
    from consilium.qa.services import set_helpful

    settings.PAGE_CACHE = True
    question = QuestionFactory()
    answers = [AnswerFactory(question=question) for _ in range(answer_count)]
    refresh_consensus(question.pk)
    reader = UserFactory()
    set_helpful(answer=answers[-1], user=reader, helpful=True)
    client = Client()
    client.force_login(reader)
    client.get(question.get_absolute_url())
    # their follow, agreements and helpful marks on this question
    with django_assert_num_queries(1):
        page = client.get(question.get_absolute_url()).content.decode()
    assert "Helpful to you ✓" in _answer_html(page, answers[-1])


def _without_tokens(page: str) -> str:
    return re.sub(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{64}', r"\1TOKEN", page)


def test_a_signed_in_reader_gets_from_the_kept_page_what_a_full_rendering_shows(
    cached_thread, settings, django_capture_on_commit_callbacks
):
    from consilium.accounts.tests.factories import UserFactory
    from consilium.qa.services import set_helpful

    question, answers = cached_thread
    with django_capture_on_commit_callbacks(execute=True):
        set_helpful(answer=answers[1], user=question.asker, helpful=True)
    for reader in (question.asker, answers[0].doctor.user, UserFactory()):
        kept = _read_as(reader, question)
        settings.PAGE_CACHE = False
        rendered = _read_as(reader, question)
        settings.PAGE_CACHE = True
        assert _without_tokens(kept) == _without_tokens(rendered)


def test_two_signed_in_readers_each_get_their_own_header_buttons_and_token(cached_thread):
    from consilium.accounts.tests.factories import UserFactory

    question, answers = cached_thread
    doctor = answers[0].doctor.user
    patient = UserFactory(handle="reader-two")
    clients = {}
    for reader in (doctor, patient):
        clients[reader.pk] = Client(enforce_csrf_checks=True)
        clients[reader.pk].force_login(reader)
    for reader in (doctor, patient):
        clients[reader.pk].get(question.get_absolute_url())  # each has a CSRF cookie
    for _ in range(2):  # each read after the other's, from the same kept parts
        for reader, other in ((doctor, patient), (patient, doctor)):
            page = clients[reader.pk].get(question.get_absolute_url()).content.decode()
            header = page.split("<header", 1)[1].split("</header>", 1)[0]
            name = answers[0].doctor.display_name if reader == doctor else "reader-two"
            other_name = "reader-two" if reader == doctor else answers[0].doctor.display_name
            assert f">{name}</a>" in header
            assert other_name not in header
            assert ("Edit your answer" in page) == (reader == doctor)
            assert ("Ask your own question" in page) == (reader == patient)
            (hx_token,) = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
            # The token works for its own reader's session and not for the other's.
            follow = reverse("web:follow", args=[question.pk])
            mine = clients[reader.pk].post(follow, {"follow": "0"}, HTTP_X_CSRFTOKEN=hx_token)
            assert mine.status_code in (200, 302)
            theirs = clients[other.pk].post(follow, {"follow": "0"}, HTTP_X_CSRFTOKEN=hx_token)
            assert theirs.status_code == 403


def test_a_doctor_sees_the_message_after_posting_an_answer(
    cached_thread, django_capture_on_commit_callbacks
):
    from consilium.doctors.tests.factories import DoctorFactory

    question, _ = cached_thread
    client = Client()
    client.force_login(DoctorFactory().user)
    url = question.get_absolute_url()
    assert "Your answer is published." not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            reverse("web:answer", args=[question.pk]),
            {
                "title": "Wait and see",
                "body": "Give it six weeks, then judge.",
                "verdict": "depends",
            },
        )
    page = client.get(posted["Location"]).content.decode()
    assert "Your answer is published." in page
    assert "Edit your answer" in page
    assert "Your answer is published." not in client.get(url).content.decode()


def test_a_signed_in_reader_sees_each_write_on_their_next_read(
    cached_thread, django_capture_on_commit_callbacks
):
    from consilium.accounts.models import Role
    from consilium.accounts.tests.factories import UserFactory
    from consilium.consensus.models import QuestionConsensus
    from consilium.doctors.services import revoke_verification
    from consilium.doctors.tests.factories import DoctorFactory
    from consilium.moderation.services import hide_content
    from consilium.qa.services import edit_answer, post_answer, set_agreement

    question, answers = cached_thread
    reader = UserFactory()
    moderator = UserFactory(role=Role.MODERATOR)

    def read() -> str:
        return _read_as(reader, question)

    def write():
        return django_capture_on_commit_callbacks(execute=True)

    assert "Answer number 0" in read()
    with write():
        post_answer(
            doctor=DoctorFactory(), question=question, title="A fresh opinion",
            body="Wait six weeks before judging.", verdict=Verdict.DEPENDS,
        )  # fmt: skip
    page = read()
    assert "A fresh opinion" in page
    assert "4 answers" in page
    summary = QuestionConsensus.objects.get(question=question).result["summary"]
    assert summary.split(",")[0] in page

    with write():
        edit_answer(
            answer=answers[0], doctor=answers[0].doctor, title="Answer number zero",
            body=answers[0].body, verdict=answers[0].verdict,
        )  # fmt: skip
    assert "Answer number zero" in read()

    with write():
        set_agreement(answer=answers[1], doctor=DoctorFactory(), agree=True)
    assert "1 doctor agrees" in _answer_html(read(), answers[1])

    with write():
        hide_content(moderator=moderator, target=answers[2], reason="Off topic")
    assert f'id="answer-{answers[2].pk}"' not in read()

    with write():
        revoke_verification(answers[1].doctor, moderator=moderator, reason="Licence lapsed")
    assert "No longer verified" in _answer_html(read(), answers[1])


def test_a_signed_in_reader_sees_their_own_writes_and_notifications_on_their_next_read(
    cached_thread, django_capture_on_commit_callbacks
):
    from consilium.accounts.notifications import mark_all_read
    from consilium.accounts.tests.factories import UserFactory
    from consilium.doctors.models import VerificationStatus
    from consilium.doctors.services import verify_doctor
    from consilium.doctors.tests.factories import DoctorFactory
    from consilium.qa.services import post_answer, set_agreement, set_following, set_helpful

    question, answers = cached_thread
    reader = UserFactory()
    client = Client()
    client.force_login(reader)

    def read() -> str:
        response = client.get(question.get_absolute_url())
        assert response.status_code == 200
        return response.content.decode()

    def header() -> str:
        return read().split("</header>", 1)[0]

    def write():
        return django_capture_on_commit_callbacks(execute=True)

    assert "Helpful to you" not in read()
    with write():
        set_helpful(answer=answers[0], user=reader, helpful=True)
    assert "Helpful to you ✓" in _answer_html(read(), answers[0])
    with write():
        set_helpful(answer=answers[0], user=reader, helpful=False)
    assert "Helpful to you ✓" not in read()

    with write():
        set_following(question=question, user=reader, follow=True)
    assert "Following ✓" in read()
    assert "unread-count" not in header()
    with write():
        post_answer(
            doctor=DoctorFactory(), question=question, title="Another opinion here",
            body="Wait six weeks before judging.", verdict=Verdict.DEPENDS,
        )  # fmt: skip
    assert 'aria-label="1 unread"' in header()
    with write():
        mark_all_read(reader)
    assert "unread-count" not in header()

    # Verified as a doctor: they may answer, and agree.
    with write():
        profile = DoctorFactory(user=reader, verification_status=VerificationStatus.PENDING)
    assert f'href="{reverse("web:answer", args=[question.pk])}">Answer<' not in read()
    with write():
        verify_doctor(profile)
    page = read()
    assert f'href="{reverse("web:answer", args=[question.pk])}">Answer<' in page
    assert f">{profile.display_name}</a>" in page.split("</header>", 1)[0]
    with write():
        set_agreement(answer=answers[1], doctor=profile, agree=True)
    assert "You agree ✓" in _answer_html(read(), answers[1])

    # A new password ends every other session.
    with write():
        reader.set_password("a new password of theirs")
        reader.save()
    page = read()
    assert "Sign out" not in page
    assert "Sign in" in page


def test_a_question_quoting_the_token_stand_in_is_shown_as_written(settings):
    from consilium.accounts.tests.factories import UserFactory

    settings.PAGE_CACHE = True
    question = QuestionFactory(title="Is reader-page-csrf-token or reader-csrf-token a thing?")
    AnswerFactory(question=question)
    Client().get(question.get_absolute_url())
    page = _read_as(UserFactory(), question)
    assert "<title>Is reader-page-csrf-token or reader-csrf-token a thing? · Consilium" in page
    (hx_token,) = re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    assert len(hx_token) == 64
