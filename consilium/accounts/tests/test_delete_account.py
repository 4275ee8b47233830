"""Leaving: the person goes, what they asked stays without them."""

import pytest

from consilium.accounts.models import User
from consilium.accounts.services import delete_account
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.tests.factories import DoctorFactory
from consilium.moderation.models import Flag
from consilium.outcomes.models import OutcomePhoto, OutcomeReport
from consilium.outcomes.tests.factories import OutcomePhotoFactory, OutcomeReportFactory
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_it_deletes_the_person():
    user = UserFactory()

    delete_account(user)

    assert not User.objects.filter(pk=user.pk).exists()


def test_it_keeps_their_questions_without_their_name():
    question = QuestionFactory()
    asker = question.asker

    delete_account(asker)

    question.refresh_from_db()
    assert question.asker is None
    assert question.title.startswith("Does treatment number")


def test_it_keeps_their_flags_without_their_name():
    reporter = UserFactory()
    flag = Flag.objects.create(reporter=reporter, answer=AnswerFactory(), reason="spam")

    delete_account(reporter)

    flag.refresh_from_db()
    assert flag.reporter is None
    assert flag.reason == "spam"


def test_it_keeps_a_doctors_answers_and_profile_without_the_account():
    answer = AnswerFactory()
    doctor = answer.doctor

    delete_account(doctor.user)

    doctor.refresh_from_db()
    answer.refresh_from_db()
    assert doctor.user is None
    assert answer.doctor == doctor


def test_it_leaves_everyone_else_alone():
    leaving, staying = UserFactory(), UserFactory()
    DoctorFactory()

    delete_account(leaving)

    staying.refresh_from_db()
    assert User.objects.count() == 2  # the one staying and the doctor
    assert staying.is_active


def test_it_removes_their_outcome_reports_photos_and_files(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PHOTO_ROOT = tmp_path
    photo = OutcomePhotoFactory()
    (tmp_path / photo.name).write_bytes(b"a cleaned photo")
    patient = photo.report.patient
    someone_elses = OutcomeReportFactory(topic=photo.report.topic)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(patient)

    assert list(OutcomeReport.objects.all()) == [someone_elses]
    assert not OutcomePhoto.objects.exists()
    assert list(tmp_path.iterdir()) == []
