"""Each person chooses how they are emailed about each kind of event: now, in a digest, or not."""

from datetime import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from consilium.accounts.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from consilium.accounts.notifications import (
    next_digest_at,
    notify,
    read_unsubscribe_token,
    send_digest,
    send_digests,
    unsubscribe_token,
)
from consilium.accounts.selectors import notification_preferences
from consilium.accounts.services import set_notification_preferences, unsubscribe
from consilium.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = NotificationKind.NEW_ANSWER
UPDATE = NotificationKind.QUESTION_UPDATED


def tell(user, kind=ANSWER, text="Dr. Example answered “Retinol at 25?”", url="/questions/1/"):
    # Outside a transaction on_commit runs at once, as after a real request's commit.
    return notify([user], kind=kind, text=text, url=url)[0]


def test_it_emails_right_away_when_the_person_chose_nothing():
    user = UserFactory()
    assert notification_preferences(user) == dict.fromkeys(NotificationKind.values, "immediate")

    notification = tell(user)

    notification.refresh_from_db()
    assert notification.delivery == Delivery.IMMEDIATE
    assert notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_every_email_carries_a_one_click_unsubscribe_link_and_header():
    user = UserFactory()
    tell(user)

    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (user.pk, [ANSWER])


def test_it_sends_nothing_for_a_kind_turned_off_but_keeps_the_in_app_notification():
    user = UserFactory()
    set_notification_preferences(user, {ANSWER: Delivery.OFF})

    notification = tell(user)

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.delivery == Delivery.OFF
    assert notification.read_at is None
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_digest_lists_every_waiting_item_in_one_email_and_never_twice():
    user = UserFactory()
    other = UserFactory()
    set_notification_preferences(user, {ANSWER: Delivery.DAILY, UPDATE: Delivery.DAILY})
    tell(user, text="Dr. Ruiz answered “Peel for melasma?”", url="/questions/1/")
    tell(user, kind=UPDATE, text="An update on “Peel for melasma?”", url="/questions/1/")
    tell(other)
    assert [m.to for m in mail.outbox] == [[other.email]]
    mail.outbox.clear()

    assert send_digests(Delivery.DAILY) == 1
    assert send_digests(Delivery.DAILY) == 0
    assert send_digest(user.pk, Delivery.DAILY) == 0

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [user.email]
    assert "daily digest, 2 updates" in digest.subject
    assert "Dr. Ruiz answered" in digest.body
    assert "An update on" in digest.body
    token = digest.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (user.pk, sorted([ANSWER, UPDATE]))
    assert not Notification.objects.filter(recipient=user, emailed_at__isnull=True).exists()


def test_the_weekly_digest_leaves_the_daily_items_alone():
    user = UserFactory()
    set_notification_preferences(user, {ANSWER: Delivery.DAILY, UPDATE: Delivery.WEEKLY})
    daily = tell(user)
    weekly = tell(user, kind=UPDATE)

    call_command("send-digests", "--period", "weekly")

    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert daily.emailed_at is None
    assert weekly.emailed_at is not None
    assert len(mail.outbox) == 1


def test_turning_a_kind_off_drops_its_waiting_digest_items():
    user = UserFactory()
    set_notification_preferences(user, {ANSWER: Delivery.WEEKLY})
    waiting = tell(user)

    set_notification_preferences(user, {ANSWER: Delivery.OFF})

    waiting.refresh_from_db()
    assert waiting.delivery == Delivery.OFF
    assert send_digests(Delivery.WEEKLY) == 0
    assert mail.outbox == []


def test_unsubscribing_with_a_signed_token_turns_that_kind_off_only():
    user = UserFactory()

    assert unsubscribe(unsubscribe_token(user, [ANSWER])) is True

    assert notification_preferences(user)[ANSWER] == Delivery.OFF
    assert notification_preferences(user)[UPDATE] == Delivery.IMMEDIATE


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", "eyJ1IjoxfQ:1abc:forged"],
)
def test_a_bad_unsubscribe_token_is_refused_and_changes_nothing(token):
    user = UserFactory()
    genuine = unsubscribe_token(user, [ANSWER])

    assert unsubscribe(token) is False
    assert unsubscribe(genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB")) is False

    assert not NotificationPreference.objects.exists()


def test_digests_go_at_eight_each_day_and_on_mondays_for_the_weekly_one():
    saturday_morning = timezone.make_aware(datetime(2026, 12, 5, 7, 30))
    saturday_noon = timezone.make_aware(datetime(2026, 12, 5, 12, 0))

    assert next_digest_at(Delivery.DAILY, saturday_morning) == timezone.make_aware(
        datetime(2026, 12, 5, 8, 0)
    )
    assert next_digest_at(Delivery.DAILY, saturday_noon) == timezone.make_aware(
        datetime(2026, 12, 6, 8, 0)
    )
    assert next_digest_at(Delivery.WEEKLY, saturday_noon) == timezone.make_aware(
        datetime(2026, 12, 7, 8, 0)
    )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_first_waiting_item_queues_the_persons_digest_for_its_time_once():
    from django_tasks_db.models import DBTaskResult

    user = UserFactory()
    set_notification_preferences(user, {ANSWER: Delivery.WEEKLY})

    tell(user)
    tell(user)

    queued = DBTaskResult.objects.get(task_path__endswith="send_digest_task")
    assert queued.run_after == next_digest_at(Delivery.WEEKLY)
    assert queued.args_kwargs["args"] == [user.pk, "weekly"]
    assert mail.outbox == []
