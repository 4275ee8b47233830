"""Patients report outcomes; trials end with a reminder; topic pages add them up."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from consilium.accounts.models import Notification
from consilium.accounts.tests.factories import UserFactory
from consilium.outcomes.models import OutcomePhoto, OutcomeReport, Trial
from consilium.outcomes.services import send_trial_reminder
from consilium.qa.services import TrialPlan, ask_question
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(slug="t-ems", name="EMS test", kind="treatment")


@pytest.fixture
def patient(client):
    user = UserFactory()
    client.force_login(user)
    return user


def report_data(**overrides):
    return {
        "topic": "EMS test", "months": "4", "worth_it": "no", "rating": "2",
        "text": "Four months, no visible change in my jawline.", **overrides,
    }  # fmt: skip


def jpeg_upload(name="after.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_patient_reports_with_a_photo_that_is_served_back(
    client, patient, topic, tmp_path, settings
):
    settings.PHOTO_ROOT = tmp_path
    response = client.post(
        reverse("web:report-outcome"),
        report_data(cost="180", currency="USD", after_photo=jpeg_upload()),
    )
    assert response.status_code == 302
    report = OutcomeReport.objects.get()
    # Four months, stored in weeks.
    assert (report.weeks, report.worth_it, report.rating, report.cost) == (17, "no", 2, 180)
    photo = OutcomePhoto.objects.get()
    served = client.get(reverse("web:outcome-photo", args=[photo.name]))
    assert served["Content-Type"] == "image/jpeg"


def test_an_svg_photo_is_refused_next_to_its_field_and_nothing_is_stored(
    client, patient, topic, tmp_path, settings
):
    settings.PHOTO_ROOT = tmp_path
    svg = SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")
    response = client.post(reverse("web:report-outcome"), report_data(before_photo=svg))
    page = response.content.decode()
    assert "This file is not a JPEG, PNG or WebP image we can read." in page
    assert "Four months, no visible change in my jawline." in page
    assert not OutcomeReport.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_cost_needs_its_currency(client, patient, topic):
    response = client.post(reverse("web:report-outcome"), report_data(cost="99"))
    assert "Say which currency the cost is in." in response.content.decode()


def test_the_topic_page_shows_counts_below_five_reports_and_a_percentage_from_five(client, topic):
    for worth in ("yes", "no", "no", "not_sure"):
        OutcomeReport.objects.create(topic=topic, weeks=12, worth_it=worth, rating=3, text="t")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Patients: 1 of 4 say worth it (n = 4)" in page
    assert "<svg" in page
    OutcomeReport.objects.create(topic=topic, weeks=20, worth_it="yes", rating=4, text="t")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Patients: 40% worth it (n = 5), median 2.8 months" in page


def test_the_topic_page_runs_a_fixed_number_of_queries(client, topic, django_assert_num_queries):
    for _ in range(6):
        OutcomeReport.objects.create(topic=topic, weeks=12, worth_it="yes", rating=3, text="t")
    # topic, related topics, a page of questions (none), the figures, reports with patients,
    # their photos
    with django_assert_num_queries(6):
        client.get(topic.get_absolute_url())


def test_a_trial_ends_with_a_reminder_and_the_report_shows_on_the_question(
    client, patient, topic, mailoutbox, django_capture_on_commit_callbacks
):
    question = ask_question(
        asker=patient, title="Will an EMS device tone my jawline?",
        body="Starting a 16 week trial today, curious what doctors think.",
        trial=TrialPlan(planned_weeks=16, started_on=timezone.localdate() - timedelta(weeks=16),
                        topic=topic, description="EMS test"),
    )  # fmt: skip
    trial = Trial.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_trial_reminder(trial.pk)
    assert not send_trial_reminder(trial.pk)  # once only
    notification = Notification.objects.get(recipient=patient, kind="trial_reminder")
    assert len(mailoutbox) == 1

    form = client.get(notification.url).content.decode()
    assert 'value="EMS test"' in form
    client.post(notification.url, report_data())
    report = OutcomeReport.objects.get()
    assert report.trial == trial
    page = client.get(question.get_absolute_url()).content.decode()
    assert "What happened" in page
    assert "Four months, no visible change in my jawline." in page


def test_a_reminder_is_not_sent_before_the_trial_ends(patient, topic):
    ask_question(
        asker=patient, title="Trying EMS, thoughts?", body="Just started a long trial of EMS.",
        trial=TrialPlan(planned_weeks=8, started_on=timezone.localdate(), topic=topic),
    )  # fmt: skip
    assert not send_trial_reminder(Trial.objects.get().pk)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_asking_with_a_trial_queues_the_reminder_for_its_end(
    patient, topic, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        ask_question(
            asker=patient, title="Trying EMS for my jowls", body="Planning eight weeks of EMS.",
            trial=TrialPlan(planned_weeks=8, started_on=timezone.localdate(), topic=topic),
        )  # fmt: skip
    queued = DBTaskResult.objects.get(task_path__endswith="remind_trial")
    assert queued.run_after.date() == Trial.objects.get().ends_on


@pytest.mark.parametrize(
    ("weeks_ago", "expected"),
    [(2, "When your trial ends on"), (8, "Your trial ended on")],
)
def test_the_asker_is_told_whether_the_trial_has_ended(client, patient, topic, weeks_ago, expected):
    question = ask_question(
        asker=patient, title="Eight weeks of EMS for my jowls", body="Trying EMS at home.",
        trial=TrialPlan(planned_weeks=8, topic=topic,
                        started_on=timezone.localdate() - timedelta(weeks=weeks_ago)),
    )  # fmt: skip
    page = client.get(question.get_absolute_url()).content.decode()
    assert expected in page
    assert f"{reverse('web:report-outcome')}?trial={question.trial.pk}" in page


@pytest.mark.parametrize("trial", ["²", "١", "99999999999999999999999", "-1", "x"])
def test_a_trial_number_that_is_not_one_of_ours_shows_the_plain_form(client, patient, trial):
    response = client.get(reverse("web:report-outcome"), {"trial": trial})
    assert response.status_code == 200
    assert response.context["trial"] is None


def test_the_form_asks_for_months_prefilled_from_the_trial_and_draws_stars(client, patient, topic):
    ask_question(
        asker=patient, title="Will an EMS device tone my jawline?",
        body="Starting a 16 week trial today, curious what doctors think.",
        trial=TrialPlan(planned_weeks=16, started_on=timezone.localdate(), topic=topic,
                        description="EMS test"),
    )  # fmt: skip
    trial = Trial.objects.get()
    page = client.get(reverse("web:report-outcome"), {"trial": trial.pk}).content.decode()
    assert 'name="months" value="4"' in page
    assert '<div class="stars" id="id_rating">' in page
    assert 'title="4 of 5"' in page


@pytest.mark.parametrize(
    ("accept_language", "currency"),
    [("en-GB,en;q=0.8", "GBP"), ("de-DE", "EUR"), ("en-US", "USD"), ("ja", "")],
)
def test_the_currency_defaults_from_the_browsers_language(
    client, patient, topic, accept_language, currency
):
    form = client.get(reverse("web:report-outcome"), headers={"accept-language": accept_language})
    assert form.context["form"].initial["currency"] == currency


def test_the_currency_defaults_to_the_one_the_patient_used_last(client, patient, topic):
    client.post(reverse("web:report-outcome"), report_data(cost="50", currency="CAD"))
    form = client.get(reverse("web:report-outcome"), headers={"accept-language": "en-GB"})
    assert form.context["form"].initial["currency"] == "CAD"


def test_the_stars_come_highest_first_so_the_checked_one_fills_those_below(client, patient):
    from consilium.web.forms import OutcomeForm

    html = str(OutcomeForm(initial={"rating": 4})["rating"])
    values = [part.split('"')[0] for part in html.split('name="rating" value="')[1:]]
    assert values == ["5", "4", "3", "2", "1"]
    assert html.count("checked") == 1


def test_an_empty_report_says_what_each_answer_needs(client, patient, topic):
    page = client.post(reverse("web:report-outcome"), {"topic": topic.name}).content.decode()
    for message in (
        "Say for how many months you tried it.",
        "Choose yes, not sure or no.",
        "Choose from one to five stars.",
        "Tell others what happened, in a few sentences.",
    ):
        assert message in page
    assert "This field is required." not in page


def test_the_report_form_runs_a_fixed_number_of_queries(
    client, patient, topic, django_assert_num_queries
):
    other = Topic.objects.create(slug="other-test", name="Other test", kind="treatment")
    client.post(
        reverse("web:report-outcome"), report_data(topic=other.name, cost="5", currency="GBP")
    )
    # user (the session comes from its cache), last currency, the topic, an earlier report,
    # topic names, notifications
    with django_assert_num_queries(6):
        response = client.get(reverse("web:report-outcome"), {"topic": topic.slug})
    assert response.context["form"].initial["currency"] == "GBP"


def test_with_no_currency_to_go_by_the_form_asks_for_one_by_name(client, patient, topic):
    page = client.get(reverse("web:report-outcome"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="" selected>Choose a currency</option>' in page
