"""Pages for flagging, hiding, editing and deleting patients' outcome reports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.moderation.models import Flag
from consilium.outcomes.models import OutcomePhoto, OutcomeReport
from consilium.outcomes.services import PhotoUpload, report_outcome
from consilium.outcomes.tests.factories import OutcomeReportFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photographed(settings, tmp_path):
    """A report with an after photo, stored under a temporary photo root."""
    settings.PHOTO_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, format="JPEG")
    upload = SimpleUploadedFile("after.jpg", buffer.getvalue(), content_type="image/jpeg")
    return report_outcome(
        patient=UserFactory(),
        topic=TreatmentFactory(),
        weeks=6,
        worth_it="yes",
        rating=5,
        text="Book at the best clinic in town, ask for my code.",
        photos=[PhotoUpload(kind="after", file=upload, size=upload.size)],
    )


def test_a_reader_flags_a_report_from_the_treatment_page(client):
    report = OutcomeReportFactory(text="Book at the best clinic in town, ask for my code.")
    reader = UserFactory()
    client.force_login(reader)
    page = client.get(report.topic.get_absolute_url()).content.decode()
    assert reverse("web:flag", args=["report", report.pk]) in page

    response = client.post(
        reverse("web:flag", args=["report", report.pk]), {"reason": "spam", "note": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert Flag.objects.get().report == report


def test_a_moderator_hides_a_report_and_its_photo_from_the_queue(client, photographed):
    Flag.objects.create(reporter=UserFactory(), report=photographed, reason="spam")
    photo = OutcomePhoto.objects.get()
    client.force_login(UserFactory(role=Role.MODERATOR))
    queue = client.get(reverse("web:moderation")).content.decode()
    hide_url = reverse("web:moderation-post", args=["report", photographed.pk, "hide"])
    assert hide_url in queue

    client.post(hide_url, {"reason": "Advertises a clinic."})

    photographed.refresh_from_db()
    assert photographed.is_hidden
    client.logout()
    page = client.get(photographed.topic.get_absolute_url()).content.decode()
    assert "ask for my code" not in page
    assert client.get(reverse("web:outcome-photo", args=[photo.name])).status_code == 404


def test_the_report_form_starts_from_the_persons_earlier_report(client):
    report = OutcomeReportFactory(text="Two months in, the scars look softer.")
    client.force_login(report.patient)

    page = client.get(reverse("web:report-outcome"), {"topic": report.topic.slug})

    assert "Two months in, the scars look softer." in page.content.decode()
    assert "Update report" in page.content.decode()


def test_a_person_deletes_their_report_from_its_card(client):
    report = OutcomeReportFactory()
    client.force_login(report.patient)

    response = client.post(reverse("web:delete-outcome", args=[report.pk]))

    assert response.status_code == 302
    assert not OutcomeReport.objects.exists()


def test_a_person_cannot_delete_someone_elses_report(client):
    report = OutcomeReportFactory()
    client.force_login(UserFactory())

    client.post(reverse("web:delete-outcome", args=[report.pk]))

    assert OutcomeReport.objects.filter(pk=report.pk).exists()


def test_the_account_page_lists_the_persons_reports_hidden_ones_too(
    client, django_assert_max_num_queries
):
    mine = OutcomeReportFactory(topic__name="Microneedling")
    hidden = OutcomeReportFactory(patient=mine.patient, topic__name="Red light", is_hidden=True)
    OutcomeReportFactory(topic__name="Someone else's treatment")
    client.force_login(mine.patient)

    with django_assert_max_num_queries(6):
        page = client.get(reverse("web:account")).content.decode()

    assert "Microneedling" in page
    assert "Red light" in page
    assert "hidden by a moderator" in page
    assert "Someone else's treatment" not in page
    assert reverse("web:delete-outcome", args=[hidden.pk]) in page


def test_a_moderator_sees_a_hidden_reports_photo_which_no_shared_cache_keeps(client, photographed):
    OutcomeReport.objects.filter(pk=photographed.pk).update(is_hidden=True)
    photo = OutcomePhoto.objects.get()
    client.force_login(UserFactory(role=Role.MODERATOR))

    response = client.get(reverse("web:outcome-photo", args=[photo.name]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
