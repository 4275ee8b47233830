"""Telling people about what happened to questions they follow: in-app and by email."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from consilium.accounts.models import (
    DIGESTS,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    User,
)
from consilium.pagecache.readers import readers_changed
from consilium.plaintext import one_line

SUBJECT_LENGTH = 150


def subject_line(text: str) -> str:
    """An email subject for this text: "Consilium: " and the text on one line, cut short."""
    subject = f"Consilium: {one_line(text)}"
    return subject if len(subject) <= SUBJECT_LENGTH else subject[: SUBJECT_LENGTH - 1] + "…"


def notify(recipients: Iterable[User], *, kind: str, text: str, url: str) -> list[Notification]:
    """Store a notification for each recipient; email it after the write commits, or keep it
    for their digest, or for the page only, as each recipient chose for this kind."""
    recipients = list(recipients)
    chosen = dict(
        NotificationPreference.objects.filter(
            user__in=[user.pk for user in recipients], kind=kind
        ).values_list("user_id", "delivery")
    )
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                text=one_line(text)[:300],
                url=url,
                delivery=chosen.get(user.pk, Delivery.IMMEDIATE),
            )
            for user in recipients
        ]
    )
    readers_changed(user.pk for user in recipients)
    # SQLite (3.35+) and PostgreSQL both hand back the new ids from a bulk insert.
    ids = [n.pk for n in notifications if n.delivery == Delivery.IMMEDIATE]
    if ids:
        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    for period in DIGESTS:
        _schedule_digests(period, [n for n in notifications if n.delivery == period])
    return notifications


def next_digest_at(period: str, now: datetime | None = None) -> datetime:
    """When the next digest of the period goes: 08:00 each day, or Monday 08:00 for weekly."""
    now = timezone.localtime(now)
    due = timezone.make_aware(datetime.combine(now.date(), time(8, 0)))
    if due <= now:
        due += timedelta(days=1)
    if period == Delivery.WEEKLY:
        due += timedelta(days=(7 - due.weekday()) % 7)
    return due


def _schedule_digests(period: str, fresh: Sequence[Notification]) -> None:
    """Queue the digest of each person whose first item for this period this is.

    Like the end-of-trial reminders, it is a task deferred to its time; a person who has items
    waiting already has their digest queued. `consilium send-digests` is the safety net.
    """
    if not fresh or not send_digest_task.get_backend().supports_defer:
        return
    people = {n.recipient_id for n in fresh}
    waiting = set(
        Notification.objects.filter(
            recipient_id__in=people, delivery=period, emailed_at__isnull=True
        )
        .exclude(pk__in=[n.pk for n in fresh])
        .values_list("recipient_id", flat=True)
    )
    deferred = send_digest_task.using(run_after=next_digest_at(period))
    for person in people - waiting:
        transaction.on_commit(partial(deferred.enqueue, person, period))


@task()
def email_notifications(notification_ids: list[int]) -> None:
    """Email each notification not emailed yet; safe to run again, even after a crash.

    Each one is recorded as emailed just before it is sent, so a run repeated after its
    worker died sends none twice (one caught mid-send is lost instead). One that cannot be
    sent is unmarked, and the others still go.
    """
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True, delivery=Delivery.IMMEDIATE
    ).select_related("recipient")
    failure: Exception | None = None
    with get_connection() as connection:
        for notification in pending:
            claimed = Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=True
            ).update(emailed_at=timezone.now())
            if not claimed or not notification.recipient.email:
                continue
            try:
                _message(notification, connection).send()
            except Exception as exc:
                Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
                failure = failure or exc
    if failure is not None:
        raise failure


def _message(notification: Notification, connection: BaseEmailBackend) -> EmailMessage:
    return _email(
        notification.recipient,
        [notification.kind],
        # A header cannot hold a line break; rows kept before texts were one line may.
        subject=subject_line(notification.text),
        body=f"{notification.text}\n\n{settings.SITE_URL}{notification.url}\n\n"
        "You get this because you follow the question. Unfollow it on its page.",
        connection=connection,
    )


def _email(
    user: User, kinds: list[str], *, subject: str, body: str, connection: BaseEmailBackend
) -> EmailMessage:
    """An email to the person, ending with how to stop these kinds of email in one click."""
    stop = unsubscribe_url(user, kinds)
    settings_url = settings.SITE_URL + reverse("web:notification-settings")
    return EmailMessage(
        subject=subject,
        body=f"{body}\n\nStop these emails: {stop}\nChoose what we email you: {settings_url}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        # RFC 8058: a mail client may unsubscribe with one POST to the link, without a page.
        headers={
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


_UNSUBSCRIBE_SALT = "consilium.unsubscribe"


def unsubscribe_token(user: User, kinds: list[str]) -> str:
    """A signed token that turns these kinds of email off for the person, without signing in."""
    return signing.dumps({"u": user.pk, "k": sorted(kinds)}, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User, kinds: list[str]) -> str:
    token = unsubscribe_token(user, kinds)
    return settings.SITE_URL + reverse("web:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> tuple[int, list[str]] | None:
    """The person and kinds a token names, or None when it was not signed by this site."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kinds = data.get("k")
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(NotificationKind.values):
        return None
    return data["u"], kinds


@task()
def send_digest_task(user_id: int, period: str) -> None:
    send_digest(user_id, period)


def send_digest(user_id: int, period: str) -> int:
    """Email the person one digest of their waiting items of the period; how many it listed.

    The items are claimed with one timestamp before the email goes, so a second run (or two
    running at once) lists none twice; if sending fails they are unclaimed for the next run.
    """
    claim = timezone.now()
    claimed = Notification.objects.filter(
        recipient_id=user_id, delivery=period, emailed_at__isnull=True
    ).update(emailed_at=claim)
    if not claimed:
        return 0
    items = list(
        Notification.objects.filter(recipient_id=user_id, delivery=period, emailed_at=claim)
        .select_related("recipient")
        .order_by("created_at", "id")
    )
    user = items[0].recipient
    if not user.email:
        return 0
    try:
        with get_connection() as connection:
            _digest(user, period, items, connection).send()
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=None)
        raise
    return len(items)


def _digest(
    user: User, period: str, items: list[Notification], connection: BaseEmailBackend
) -> EmailMessage:
    name = "daily" if period == Delivery.DAILY else "weekly"
    lines = [f"- {one_line(n.text)}\n  {settings.SITE_URL}{n.url}" for n in items]
    count = f"{len(items)} update" if len(items) == 1 else f"{len(items)} updates"
    return _email(
        user,
        sorted({n.kind for n in items}),
        subject=subject_line(f"your {name} digest, {count}"),
        body=f"Since your last {name} digest:\n\n" + "\n\n".join(lines),
        connection=connection,
    )


def send_digests(period: str) -> int:
    """Send every person's waiting digest of the period now; how many emails went."""
    people = (
        Notification.objects.filter(delivery=period, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(1 for person in list(people) if send_digest(person, period))


def mark_all_read(user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    # After the write: outside a transaction the bump runs at once.
    readers_changed([user.pk])
    return marked
