"""Each person counts once per treatment and trial; new accounts report at a measured pace."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from consilium.accounts.limits import PostingTooFast
from consilium.accounts.tests.factories import UserFactory
from consilium.outcomes.models import OutcomePhoto, OutcomeReport
from consilium.outcomes.selectors import topic_outcomes
from consilium.outcomes.services import (
    OutcomeNotAllowed,
    PhotoUpload,
    delete_outcome_report,
    report_outcome,
)
from consilium.outcomes.tests.factories import (
    OutcomeReportFactory,
    TreatmentFactory,
    TrialFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo_root(settings, tmp_path):
    settings.PHOTO_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def seasoned():
    """An account older than the new-account limits."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=30))


def report(patient, topic, **fields):
    values = {"weeks": 8, "worth_it": "no", "rating": 2, "text": "No change at all.", **fields}
    return report_outcome(patient=patient, topic=topic, **values)


def jpeg(colour=(10, 20, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    return PhotoUpload(kind="after", file=SimpleUploadedFile("a.jpg", buffer.getvalue()), size=1)


def test_it_updates_the_earlier_report_instead_of_counting_a_person_twice(seasoned):
    topic = TreatmentFactory()
    first = report(seasoned, topic, worth_it="yes", rating=5, text="Worked wonders.")

    second = report(seasoned, topic, worth_it="no", rating=1, text="It all came back.")

    first.refresh_from_db()
    assert second.pk == first.pk
    assert (first.worth_it, first.rating, first.text) == ("no", 1, "It all came back.")
    assert first.updated_at is not None
    assert topic_outcomes(topic).count == 1


def test_it_updates_a_trials_report_sent_again(seasoned):
    trial = TrialFactory(question__asker=seasoned)
    first = report(seasoned, trial.topic, trial=trial, weeks=8)

    report(seasoned, trial.topic, trial=trial, weeks=10)

    first.refresh_from_db()
    assert first.weeks == 10
    assert OutcomeReport.objects.count() == 1


def test_a_report_on_a_trial_and_one_on_the_treatment_alone_both_count(seasoned):
    trial = TrialFactory(question__asker=seasoned)
    report(seasoned, trial.topic, trial=trial)
    report(seasoned, trial.topic)
    assert topic_outcomes(trial.topic).count == 2


def test_it_refuses_a_new_account_more_reports_an_hour_than_it_may_post(settings):
    settings.NEW_ACCOUNT_POSTS_PER_HOUR = 3
    newcomer = UserFactory()
    for _ in range(3):
        report(newcomer, TreatmentFactory())
    topic = TreatmentFactory()

    with pytest.raises(PostingTooFast):
        report(newcomer, topic)

    assert not OutcomeReport.objects.filter(topic=topic).exists()
    assert OutcomeReport.objects.count() == 3


def test_it_lets_a_new_account_edit_its_report_when_it_may_post_no_more(settings):
    settings.NEW_ACCOUNT_POSTS_PER_HOUR = 1
    newcomer = UserFactory()
    topic = TreatmentFactory()
    earlier = report(newcomer, topic, rating=2)

    report(newcomer, topic, rating=3)

    earlier.refresh_from_db()
    assert earlier.rating == 3


def test_it_refuses_a_new_report_where_a_moderator_hid_the_earlier_one(seasoned):
    hidden = OutcomeReportFactory(patient=seasoned, is_hidden=True, rating=5)

    with pytest.raises(OutcomeNotAllowed):
        report(seasoned, hidden.topic, rating=1)

    hidden.refresh_from_db()
    assert hidden.rating == 5
    assert OutcomeReport.objects.count() == 1


def test_a_new_photo_replaces_the_one_of_its_kind_and_its_file(
    seasoned, photo_root, django_capture_on_commit_callbacks
):
    topic = TreatmentFactory()
    report(seasoned, topic, photos=[jpeg()])
    old = OutcomePhoto.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        report(seasoned, topic, photos=[jpeg((200, 10, 10))])

    new = OutcomePhoto.objects.get()
    assert new.name != old.name
    assert sorted(p.name for p in photo_root.iterdir()) == [new.name]


def test_a_person_deletes_their_report_with_its_photos_and_files(
    seasoned, photo_root, django_capture_on_commit_callbacks
):
    saved = report(seasoned, TreatmentFactory(), photos=[jpeg()])

    with django_capture_on_commit_callbacks(execute=True):
        delete_outcome_report(report=saved, patient=seasoned)

    assert not OutcomeReport.objects.exists()
    assert not OutcomePhoto.objects.exists()
    assert list(photo_root.iterdir()) == []


def test_no_one_deletes_another_persons_report(seasoned, photo_root):
    saved = report(seasoned, TreatmentFactory(), photos=[jpeg()])

    with pytest.raises(OutcomeNotAllowed):
        delete_outcome_report(report=saved, patient=UserFactory())

    assert OutcomeReport.objects.filter(pk=saved.pk).exists()
    assert OutcomePhoto.objects.count() == 1
    assert len(list(photo_root.iterdir())) == 1
