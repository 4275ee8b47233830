"""A signed-in reader's own row, kept in the page cache under the reader's version.

Every signed-in request needs the reader's user row (with their doctor profile), the count of
their unread notifications, and, on a question page, their follow, agreements and helpful
marks there. They are kept together under `reader:<pk>` and a write to any of them bumps that
version: a saved or deleted user, doctor profile, follow, agreement or helpful mark (signals,
below), and new or read notifications (`readers_changed`, called by those services, which
write in bulk). Instead of each question's marks, the entry holds the set of questions the
reader marked at all: on any other question the reader has nothing to show, so nothing is
read.

Each request unpickles its own copy of the row, so what a request changes on its user stays
in that request. Figures are used only while the reader's version is the one they were read
under: a request that wrote reads them afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from consilium.accounts.models import Notification, User
from consilium.doctors.models import DoctorProfile
from consilium.pagecache import versions
from consilium.qa.models import Agreement, Follow, HelpfulMark

# A reader who marked more questions than this has their marks read on every question page.
MOST_MARKED_QUESTIONS = 5000
_FIGURES = "_reader_figures"


@dataclass(frozen=True)
class ReaderFigures:
    """What the page header and the question page read about the reader, besides their row."""

    version: str
    unread_notifications: int
    # None when there were too many to keep.
    marked_questions: frozenset[int] | None


def user_for_request(user_id: int) -> User | None:
    """The user with their doctor profile loaded, from the cache while their version holds."""
    if not settings.PAGE_CACHE:
        return _user(user_id)
    (token,) = versions.current([versions.reader(user_id)])
    key = f"reader:{versions.RELEASE}:{user_id}:{token}"
    cache = versions.page_cache()
    user: User | None = cache.get(key)
    if user is None:
        user = _user(user_id)
        if user is None:
            return None
        setattr(user, _FIGURES, _figures(user, token))
        cache.set(key, user, timeout=settings.PAGE_CACHE_SECONDS)
    return user


def figures(user: Any) -> ReaderFigures | None:
    """The reader's figures if their row came from the cache and nothing of theirs has been
    written since (in this request either); else None, and the caller reads the database."""
    found: ReaderFigures | None = getattr(user, _FIGURES, None)
    if found is None or not settings.PAGE_CACHE:
        return None
    (token,) = versions.current([versions.reader(user.pk)])
    return found if token == found.version else None


def readers_changed(user_ids: Iterable[int | None]) -> None:
    """Bump the readers' versions once the write's transaction commits."""
    names = {versions.reader(pk) for pk in user_ids if pk is not None}
    if names:
        transaction.on_commit(lambda: versions.bump(names))


def _user(user_id: int) -> User | None:
    user = User.objects.select_related("doctor_profile").filter(pk=user_id).first()
    if user is not None and not hasattr(user, "doctor_profile"):
        # Remember that there is none, so asking again reads nothing.
        User.doctor_profile.related.set_cached_value(user, None)
    return user


def _figures(user: User, token: str) -> ReaderFigures:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    marked = Follow.objects.filter(user=user).values_list("question_id")
    marked = marked.union(
        HelpfulMark.objects.filter(user=user).values_list("answer__question_id"),
        Agreement.objects.filter(doctor__user=user).values_list("answer__question_id"),
    )
    questions = [pk for (pk,) in marked[: MOST_MARKED_QUESTIONS + 1]]
    return ReaderFigures(
        version=token,
        unread_notifications=unread,
        marked_questions=frozenset(questions) if len(questions) <= MOST_MARKED_QUESTIONS else None,
    )


def _user_saved(sender: type[Model], instance: User, **kwargs: Any) -> None:
    readers_changed([instance.pk])


def _profile_saved(sender: type[Model], instance: DoctorProfile, **kwargs: Any) -> None:
    readers_changed([instance.user_id])


def _mark_saved(sender: type[Model], instance: Follow | HelpfulMark, **kwargs: Any) -> None:
    readers_changed([instance.user_id])


def _agreement_saved(sender: type[Model], instance: Agreement, **kwargs: Any) -> None:
    user_id = (
        DoctorProfile.objects.filter(pk=instance.doctor_id)
        .values_list("user_id", flat=True)
        .first()
    )
    readers_changed([user_id])


def connect() -> None:
    """Bump a reader's version whenever a row of theirs is saved or deleted."""
    receivers: list[tuple[type[Model], Callable[..., None]]] = [
        (User, _user_saved),
        (DoctorProfile, _profile_saved),
        (Follow, _mark_saved),
        (HelpfulMark, _mark_saved),
        (Agreement, _agreement_saved),
    ]
    for model, receiver in receivers:
        post_save.connect(receiver, sender=model, dispatch_uid=f"reader-{model.__name__}-saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"reader-{model.__name__}-deleted")
