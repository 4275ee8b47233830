"""Public reads of topics, doctors, outcome reports and imported questions, and one's own
notifications."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from consilium.accounts.models import Notification
from consilium.accounts.tests.factories import UserFactory
from consilium.api.tests.factories import bearer, token_for
from consilium.doctors.models import VerificationStatus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.outcomes.models import OutcomePhoto, OutcomeReport
from consilium.qa.models import Question
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


def topic(slug="api-topic", **kwargs):
    return Topic.objects.create(
        slug=slug, name=kwargs.pop("name", slug.title()), **{"kind": "treatment", **kwargs}
    )


def test_topics_are_listed_by_name_with_their_question_counts(client, django_assert_num_queries):
    for name in ("Cc", "Aa", "Bb"):
        topic(slug=f"zz-{name.lower()}", name=name)
    on = Topic.objects.get(slug="zz-bb")
    QuestionFactory().topics.add(on)
    QuestionFactory(is_hidden=True).topics.add(on)
    with django_assert_num_queries(1):
        first = client.get("/api/v1/topics", {"limit": 2}).json()
    mine = [t for t in first["items"] if t["slug"].startswith("zz-")]
    rest = client.get("/api/v1/topics", {"limit": 100, "cursor": first["next"]}).json()
    mine += [t for t in rest["items"] if t["slug"].startswith("zz-")]
    assert [t["name"] for t in mine] == ["Aa", "Bb", "Cc"]
    assert mine[1]["question_count"] == 1


def test_a_topic_with_its_related_topics(client, django_assert_num_queries):
    main = topic(slug="api-main", description="What it is.")
    main.related.add(topic(slug="api-related"))
    with django_assert_num_queries(2):
        body = client.get("/api/v1/topics/api-main").json()
    assert body["description"] == "What it is."
    assert body["related"] == [{"slug": "api-related", "name": "Api-Related"}]
    assert client.get("/api/v1/topics/no-such-topic").status_code == 404


def test_outcome_reports_show_patients_only_by_handle(client, django_assert_num_queries):
    on = topic()
    patient = UserFactory(first_name="Real", email="real@example.com")
    report = OutcomeReport.objects.create(
        patient=patient, topic=on, weeks=8, worth_it="yes", rating=4, text="It helped a lot.",
        cost=Decimal("300.00"), currency="USD",
    )  # fmt: skip
    OutcomePhoto.objects.create(report=report, kind="before", name="abc.jpg", width=10, height=20)
    OutcomeReport.objects.create(topic=on, weeks=2, worth_it="no", rating=1, text="Nothing.")
    with django_assert_num_queries(3):
        response = client.get("/api/v1/topics/api-topic/outcomes")
    items = response.json()["items"]
    assert [i["patient"] for i in items] == [None, patient.handle]
    assert items[1]["cost"] == "300.00"
    assert items[1]["photos"][0]["url"].endswith("/abc.jpg")
    assert "Real" not in response.content.decode()
    assert "real@" not in response.content.decode()


def test_doctors_are_listed_with_public_profile_fields_only(client, django_assert_num_queries):
    doctor = DoctorFactory(
        display_name="Dr. Ana Ruiz", user__first_name="Secret", user__email="ana@private.test"
    )
    AnswerFactory(doctor=doctor)
    AnswerFactory(doctor=doctor, is_hidden=True)
    DoctorFactory(verification_status=VerificationStatus.PENDING)
    with django_assert_num_queries(1):
        response = client.get("/api/v1/doctors")
    items = response.json()["items"]
    assert [d["slug"] for d in items] == [doctor.slug]
    assert items[0]["answer_count"] == 1
    text = response.content.decode()
    for private in ("Secret", "ana@private.test", doctor.user.username, doctor.user.handle):
        assert private not in text
    assert "email" not in items[0]
    assert "username" not in items[0]


def test_imported_doctors_are_not_listed_as_verified(client):
    verified = DoctorFactory()
    DoctorFactory(user=None, is_imported=True, slug="imported-dr-elsewhere")
    items = client.get("/api/v1/doctors").json()["items"]
    assert [d["slug"] for d in items] == [verified.slug]


def test_a_doctors_profile(client, django_assert_num_queries):
    doctor = DoctorFactory(bio="Twenty years in dermatology.")
    with django_assert_num_queries(1):
        body = client.get(f"/api/v1/doctors/{doctor.slug}").json()
    assert body["bio"] == "Twenty years in dermatology."
    assert body["verification_status"] == "verified"
    assert client.get("/api/v1/doctors/nobody-here").status_code == 404


def test_an_application_under_review_is_only_the_applicants_to_read(client):
    applicant = DoctorFactory(verification_status=VerificationStatus.PENDING)
    assert client.get(f"/api/v1/doctors/{applicant.slug}").status_code == 404
    client.force_login(applicant.user)
    assert client.get(f"/api/v1/doctors/{applicant.slug}").json()["verification_status"] == (
        "pending"
    )


def test_notifications_are_ones_own_and_can_be_marked_read(client, django_assert_num_queries):
    user = UserFactory()
    for n in range(3):
        Notification.objects.create(recipient=user, kind="new_answer", text=f"N{n}", url="/q/1/")
    Notification.objects.create(recipient=UserFactory(), kind="new_answer", text="Other", url="/")
    headers = bearer(token_for(user))
    client.get("/api/v1/notifications", headers=headers)  # records the token's use
    with django_assert_num_queries(3):
        page = client.get("/api/v1/notifications", {"limit": 2}, headers=headers).json()
    assert [n["text"] for n in page["items"]] == ["N2", "N1"]
    assert page["unread_count"] == 3
    assert page["next"]
    assert page["items"][0]["url"].endswith("/q/1/")
    assert client.post("/api/v1/notifications/read", headers=headers).json() == {"marked": 3}
    unread = client.get("/api/v1/notifications", {"unread": "true"}, headers=headers).json()
    assert unread["items"] == []
    assert unread["unread_count"] == 0


def test_notifications_need_sign_in(client):
    assert client.get("/api/v1/notifications").status_code == 401


def test_an_imported_question_gives_its_source_dates_and_purpose(client, tmp_path):
    path = tmp_path / "thread.json"
    path.write_text(json.dumps({
        "source": "https://answers.example.test/q/1",
        "question": {"title": "Is facial EMS safe with a pacemaker?", "date": "2018-02-01"},
        "answers": [{"body": "No. Avoid it.", "date": "2018-02-03"}],
    }))  # fmt: skip
    call_command("import-thread", str(path), stdout=StringIO())
    question = Question.objects.get()

    body = client.get(f"/api/v1/questions/{question.pk}").json()

    assert body["purpose"] == "safety"
    assert body["purpose_source"] == "inferred"
    assert body["source"]["url"] == "https://answers.example.test/q/1"
    assert body["source"]["asked_at"].startswith("2018-02-01")
    assert body["answers"][0]["source_date"].startswith("2018-02-03")
