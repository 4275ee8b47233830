"""Questions over the API: listing by cursor, reading, asking, editing, updates and follows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consilium.accounts.models import Notification, Role
from consilium.accounts.tests.factories import UserFactory
from consilium.api.tests.factories import bearer, token_for
from consilium.consensus.services import refresh_consensus
from consilium.outcomes.models import Trial
from consilium.qa.models import Follow, Question, QuestionUpdate, Revision
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db
PROBLEMS = "https://consilium.example/problems/"
ASK = {
    "title": "Is microneedling worth it for acne scars?",
    "body": "I am 34 with rolling scars on both cheeks and wonder if it helps.",
}


def old_user(**kwargs):
    """An account past its first days, which new-account posting limits do not cover."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **kwargs)


def test_the_list_pages_newest_first_with_an_opaque_cursor(client):
    now = timezone.now()
    made = [QuestionFactory(created_at=now - timedelta(minutes=n)) for n in range(5)]
    # Two questions at the same instant: the id decides, so none is skipped or repeated.
    made += [QuestionFactory(created_at=now - timedelta(minutes=9)) for _ in range(2)]
    seen, cursor = [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/questions", query).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
        assert not cursor.isdigit()
    expected = sorted(made, key=lambda q: (q.created_at, q.pk), reverse=True)
    assert seen == [q.pk for q in expected]


def test_a_new_question_does_not_shift_the_next_page(client):
    now = timezone.now()
    older = [QuestionFactory(created_at=now - timedelta(hours=n)) for n in range(1, 5)]
    first = client.get("/api/v1/questions", {"limit": 2}).json()
    QuestionFactory(created_at=now)
    second = client.get("/api/v1/questions", {"limit": 2, "cursor": first["next"]}).json()
    assert [i["id"] for i in second["items"]] == [older[2].pk, older[3].pk]


def test_the_list_filters_by_topic_and_by_whether_answered(client):
    topic = Topic.objects.create(slug="microneedling-x", name="Microneedling X", kind="treatment")
    on_topic = QuestionFactory()
    on_topic.topics.add(topic)
    answered = QuestionFactory()
    AnswerFactory(question=answered)
    hidden_answer_only = QuestionFactory()
    AnswerFactory(question=hidden_answer_only, is_hidden=True)
    QuestionFactory(is_hidden=True)

    def ids(**query):
        return {i["id"] for i in client.get("/api/v1/questions", query).json()["items"]}

    assert ids(topic="microneedling-x") == {on_topic.pk}
    assert ids(answered="true") == {answered.pk}
    assert ids(answered="false") == {on_topic.pk, hidden_answer_only.pk}
    assert ids() == {on_topic.pk, answered.pk, hidden_answer_only.pk}


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(5):
        question = QuestionFactory()
        question.topics.add(
            Topic.objects.create(slug=f"t{question.pk}", name="T", kind="treatment")
        )
        AnswerFactory(question=question)
    with django_assert_num_queries(2):
        response = client.get("/api/v1/questions")
    assert len(response.json()["items"]) == 5


def test_it_refuses_a_cursor_it_did_not_hand_out(client):
    for cursor in ["not-a-cursor", "WzFd", "WyJ4IiwgMV0", "%00"]:
        response = client.get("/api/v1/questions", {"cursor": cursor})
        assert response.status_code == 422, cursor
        problem = response.json()
        assert problem["type"] == PROBLEMS + "validation"
        assert problem["errors"][0]["field"] == "cursor"


def test_a_list_limit_out_of_range_is_a_validation_problem(client):
    response = client.get("/api/v1/questions", {"limit": 1000})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0] == {
        "location": "query",
        "field": "limit",
        "message": "Input should be less than or equal to 100",
        "code": "less_than_equal",
    }


def test_reading_a_question_shows_answers_and_the_asker_only_by_handle(
    client, django_assert_num_queries
):
    asker = UserFactory(first_name="Real", last_name="Name", email="real@example.com")
    question = QuestionFactory(asker=asker)
    AnswerFactory(question=question, title="Less agreed")
    agreed = AnswerFactory(question=question, title="Most agreed", agree_count=3)
    AnswerFactory(question=question, is_hidden=True)
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/questions/{question.pk}")
    body = response.json()
    assert body["asker"] == asker.handle
    assert [a["title"] for a in body["answers"]] == ["Most agreed", "Less agreed"]
    assert body["answers"][0]["id"] == agreed.pk
    assert body["answer_count"] == 2
    assert body["viewer"] is None
    text = response.content.decode()
    for private in ("Real", "real@example.com", asker.username):
        assert private not in text


def test_answers_can_come_newest_first(client):
    question = QuestionFactory()
    older = AnswerFactory(question=question, agree_count=5)
    newer = AnswerFactory(question=question, created_at=timezone.now() + timedelta(minutes=1))
    body = client.get(f"/api/v1/questions/{question.pk}", {"order": "newest"}).json()
    assert [a["id"] for a in body["answers"]] == [newer.pk, older.pk]


def test_a_hidden_question_is_shown_to_moderators_only(client):
    question = QuestionFactory(is_hidden=True)
    refresh_consensus(question.pk)
    response = client.get(f"/api/v1/questions/{question.pk}")
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEMS + "not-found"
    assert client.get(f"/api/v1/questions/{question.pk}/consensus").status_code == 404
    moderator = bearer(token_for(UserFactory(role=Role.MODERATOR)))
    assert client.get(f"/api/v1/questions/{question.pk}", headers=moderator).status_code == 200


def test_a_signed_in_reader_sees_what_they_did_here(client):
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    user = UserFactory()
    secret = token_for(user)
    client.put(f"/api/v1/questions/{question.pk}/follow", headers=bearer(secret))
    client.put(f"/api/v1/answers/{answer.pk}/helpful", headers=bearer(secret))
    viewer = client.get(f"/api/v1/questions/{question.pk}", headers=bearer(secret)).json()["viewer"]
    assert viewer == {
        "following": True,
        "is_asker": False,
        "may_answer": False,
        "agreed": [],
        "found_helpful": [answer.pk],
    }


def test_asking_with_a_token_posts_and_follows_the_question(client):
    Topic.objects.create(slug="acne-scars-x", name="Acne scars X", kind="condition")
    user = old_user()
    response = client.post(
        "/api/v1/questions",
        {**ASK, "topics": ["acne-scars-x"], "trying": "microneedling", "planned_months": 3},
        content_type="application/json",
        headers=bearer(token_for(user)),
    )
    assert response.status_code == 201, response.content
    question = Question.objects.get(pk=response.json()["id"])
    assert question.asker == user
    assert question.title == ASK["title"]
    assert [t.slug for t in question.topics.all()] == ["acne-scars-x"]
    assert Follow.objects.filter(question=question, user=user).exists()
    assert Trial.objects.get(question=question).planned_weeks == 13
    trial = response.json()["trial"]
    assert (trial["description"], trial["planned_months"], trial["planned_weeks"]) == (
        "microneedling",
        3,
        13,
    )


def test_asking_checks_the_fields_with_the_ask_forms_rules(client):
    response = client.post(
        "/api/v1/questions",
        {"title": "Short?", "body": "Too short.", "topics": ["no-such-topic"], "trying": "x"},
        content_type="application/json",
        headers=bearer(token_for()),
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == PROBLEMS + "validation"
    fields = {e["field"]: e for e in problem["errors"]}
    assert set(fields) == {"title", "body", "topics", "planned_months"}
    assert fields["title"]["code"] == "min_length"
    assert "no topic called 'no-such-topic'" in fields["topics"]["message"]
    assert not Question.objects.exists()


def test_a_missing_or_mistyped_field_is_a_validation_problem(client):
    response = client.post(
        "/api/v1/questions",
        {"title": 5},
        content_type="application/json",
        headers=bearer(token_for()),
    )
    assert response.status_code == 422
    fields = {(e["location"], e["field"]) for e in response.json()["errors"]}
    assert fields == {("body", "title"), ("body", "body")}
    assert not Question.objects.exists()


def test_asking_the_same_question_twice_is_a_conflict(client):
    headers = bearer(token_for(old_user()))
    client.post("/api/v1/questions", ASK, content_type="application/json", headers=headers)
    again = client.post("/api/v1/questions", ASK, content_type="application/json", headers=headers)
    assert again.status_code == 409
    assert again.json()["type"] == PROBLEMS + "conflict"
    assert Question.objects.count() == 1


def test_a_new_account_posting_too_fast_gets_429_with_retry_after(client, settings):
    settings.NEW_ACCOUNT_POSTS_PER_HOUR = 1
    headers = bearer(token_for(UserFactory()))
    client.post("/api/v1/questions", ASK, content_type="application/json", headers=headers)
    response = client.post(
        "/api/v1/questions",
        {**ASK, "title": "A second and different question?"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert response.json()["type"] == PROBLEMS + "rate-limited"
    assert "New accounts can post up to 1" in response.json()["detail"]
    assert list(Question.objects.values_list("title", flat=True)) == [ASK["title"]]


def test_anonymous_writes_are_told_to_sign_in(client):
    response = client.post("/api/v1/questions", ASK, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEMS + "unauthenticated"
    assert not Question.objects.exists()


def test_a_session_write_needs_the_csrf_token(client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(old_user())
    refused = csrf_client.post("/api/v1/questions", ASK, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["type"] == PROBLEMS + "csrf-failed"
    assert not Question.objects.exists()
    csrf_client.get("/accounts/")  # sets the CSRF cookie, as any page does
    token = csrf_client.cookies["csrftoken"].value
    accepted = csrf_client.post(
        "/api/v1/questions", ASK, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_the_asker_edits_their_question_and_followers_hear_of_it(
    client, django_capture_on_commit_callbacks
):
    asker = UserFactory()
    question = QuestionFactory(asker=asker)
    follower = UserFactory()
    Follow.objects.create(question=question, user=follower)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            f"/api/v1/questions/{question.pk}",
            {"title": "Does treatment work for deep fine lines?"},
            content_type="application/json",
            headers=bearer(token_for(asker)),
        )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.title == "Does treatment work for deep fine lines?"
    assert question.body == QuestionFactory._meta.declarations["body"]
    assert Revision.objects.filter(question=question).count() == 1
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_only_the_asker_may_edit_or_post_updates(client):
    question = QuestionFactory()
    headers = bearer(token_for())
    edit = client.patch(
        f"/api/v1/questions/{question.pk}",
        {"title": "A perfectly valid new title?"},
        content_type="application/json",
        headers=headers,
    )
    assert edit.status_code == 403
    assert edit.json()["detail"] == "Only the person who asked can edit a question."
    update = client.post(
        f"/api/v1/questions/{question.pk}/updates",
        {"body": "Update after two weeks: better."},
        content_type="application/json",
        headers=headers,
    )
    assert update.status_code == 403
    question.refresh_from_db()
    assert question.title.startswith("Does treatment number")
    assert not Revision.objects.exists()
    assert not QuestionUpdate.objects.exists()


def test_a_stranger_is_refused_before_their_text_is_checked(client):
    question = QuestionFactory()
    edit = client.patch(
        f"/api/v1/questions/{question.pk}",
        {"title": "?"},
        content_type="application/json",
        headers=bearer(token_for()),
    )
    assert edit.status_code == 403
    question.refresh_from_db()
    assert question.title.startswith("Does treatment number")


def test_the_asker_posts_an_update(client):
    asker = UserFactory()
    question = QuestionFactory(asker=asker)
    response = client.post(
        f"/api/v1/questions/{question.pk}/updates",
        {"body": "Update after two weeks: better."},
        content_type="application/json",
        headers=bearer(token_for(asker)),
    )
    assert response.status_code == 201
    assert QuestionUpdate.objects.get(question=question).body == "Update after two weeks: better."


def test_following_and_unfollowing(client):
    question = QuestionFactory()
    user = UserFactory()
    headers = bearer(token_for(user))
    assert client.put(f"/api/v1/questions/{question.pk}/follow", headers=headers).json()[
        "following"
    ]
    assert Follow.objects.filter(user=user).exists()
    assert not client.delete(f"/api/v1/questions/{question.pk}/follow", headers=headers).json()[
        "following"
    ]
    assert not Follow.objects.filter(user=user).exists()


def test_the_consensus_of_a_question(client):
    question = QuestionFactory()
    AnswerFactory(question=question, verdict="recommend")
    refresh_consensus(question.pk)
    body = client.get(f"/api/v1/questions/{question.pk}/consensus").json()
    assert body["question"] == question.pk
    assert body["tally"]["recommend"] == 1


def test_an_asked_title_and_trial_are_kept_on_one_line(client):
    body = {
        **ASK,
        "title": "Does it\nwork at all?",
        "trying": "facial\r\nEMS",
        "planned_months": 2,
        "started_on": "9999-12-31",
    }
    headers = bearer(token_for(UserFactory()))
    refused = client.post(
        "/api/v1/questions", body, content_type="application/json", headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "started_on"
    del body["started_on"]
    client.post("/api/v1/questions", body, content_type="application/json", headers=headers)
    question = Question.objects.get()
    assert question.title == "Does it work at all?"
    assert Trial.objects.get().description == "facial EMS"


def test_questions_asked_by_a_service_are_kept_on_one_line():
    from consilium.qa.services import ask_question

    question = ask_question(
        asker=UserFactory(), title="Imported\r\ntitle here", body="A body long enough for it."
    )
    question.refresh_from_db()
    assert question.title == "Imported title here"


def test_the_list_and_a_question_say_whether_it_describes_an_emergency(client):
    calm = QuestionFactory(title="Is microneedling worth it for scars?")
    user = old_user()
    response = client.post(
        "/api/v1/questions",
        {
            "title": "Crushing chest pain after my filler injection today",
            "body": "I have crushing chest pain and feel faint since the injection an hour ago.",
        },
        content_type="application/json",
        headers=bearer(token_for(user)),
    )
    assert response.status_code == 201, response.content
    urgent_id = response.json()["id"]
    assert response.json()["urgent"] is True
    listed = {q["id"]: q["urgent"] for q in client.get("/api/v1/questions").json()["items"]}
    assert listed == {calm.pk: False, urgent_id: True}
    assert client.get(f"/api/v1/questions/{calm.pk}").json()["urgent"] is False
    schema = client.get("/api/v1/openapi.json").json()
    assert "urgent" in schema["components"]["schemas"]["QuestionItem"]["required"]


def test_an_edit_that_removes_the_emergency_clears_the_flag(client):
    user = old_user()
    question = QuestionFactory(
        asker=user,
        title="Crushing chest pain after my filler injection today",
        body="I have crushing chest pain and feel faint since the injection an hour ago.",
        urgent=True,
    )
    response = client.patch(
        f"/api/v1/questions/{question.pk}",
        {"title": "Is filler safe for someone with a heart condition?",
         "body": "My cardiologist says I am stable; is lip filler a risk for me at all?"},
        content_type="application/json",
        headers=bearer(token_for(user)),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["urgent"] is False
    question.refresh_from_db()
    assert question.urgent is False
