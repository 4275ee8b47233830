"""Patients' outcome reports go through the same flags, queue, hiding and log as posts."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.moderation.models import AuditEntry, Flag
from consilium.moderation.selectors import open_flags
from consilium.moderation.services import (
    ModerationError,
    flag_content,
    hide_content,
    restore_content,
)
from consilium.moderation.tests.helpers import snapshot
from consilium.outcomes.selectors import outcome_reports, topic_outcomes
from consilium.outcomes.tests.factories import OutcomeReportFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

REASON = "Twelve reports from one new account in a row."


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


def test_it_flags_a_report_into_the_moderators_queue():
    report = OutcomeReportFactory()

    flag = flag_content(reporter=UserFactory(), target=report, reason="spam")

    flag.refresh_from_db()
    assert (flag.report, flag.question, flag.answer) == (report, None, None)
    assert list(open_flags()) == [flag]
    assert flag.target_kind == "report"


def test_it_hides_a_report_from_the_figures_and_logs_why(moderator):
    topic = TreatmentFactory()
    kept = OutcomeReportFactory(topic=topic, worth_it="no")
    spam = OutcomeReportFactory(topic=topic, worth_it="yes")
    flag = Flag.objects.create(reporter=UserFactory(), report=spam, reason="spam")

    hide_content(moderator=moderator, target=spam, reason=REASON)

    spam.refresh_from_db()
    flag.refresh_from_db()
    assert spam.is_hidden
    assert flag.resolution == "hidden"
    figures = topic_outcomes(topic)
    assert (figures.count, figures.worth_it) == (1, {"no": 1})
    assert list(outcome_reports(topic)) == [kept]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_type, entry.target_id) == ("hide", "outcomereport", spam.pk)


def test_it_restores_a_hidden_report_into_the_figures(moderator):
    report = OutcomeReportFactory(is_hidden=True)

    restore_content(moderator=moderator, target=report, reason="A real patient after all.")

    report.refresh_from_db()
    assert not report.is_hidden
    assert topic_outcomes(report.topic).count == 1
    assert AuditEntry.objects.get().action == "restore"


def test_it_refuses_to_restore_a_report_that_would_count_its_author_twice(moderator):
    shown = OutcomeReportFactory()
    hidden = OutcomeReportFactory(patient=shown.patient, topic=shown.topic, is_hidden=True)
    before = snapshot(hidden)

    with pytest.raises(ModerationError, match="count once"):
        restore_content(moderator=moderator, target=hidden, reason="Looks genuine.")

    assert snapshot(hidden) == before
