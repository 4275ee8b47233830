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
in that request. A request that wrote something of the reader's reads their figures afresh:
each thread notes whom it bumped during its request, and when, without asking the cache.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import request_started
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
_READ_AT = "_reader_read_at"
_VERSION = "_reader_version"
# Orders, within a process, reading a reader's row and bumping their version.
_clock = itertools.count(1)
_local = threading.local()


@dataclass(frozen=True)
class ReaderFigures:
    """What the page header and the question page read about the reader, besides their row."""

    unread_notifications: int
    # None when there were too many to keep.
    marked_questions: frozenset[int] | None


def user_for_request(user_id: int) -> User | None:
    """The user with their doctor profile loaded, from the cache while their version holds."""
    if not settings.PAGE_CACHE:
        return _user(user_id)
    # One read for the version and the entry: the entry names the version it was read under,
    # which was read before the database, so an entry a write overtook is never used.
    key = f"reader:{versions.RELEASE}:{user_id}"
    (token,), found = versions.current_with([versions.reader(user_id)], [key])
    kept = found.get(key)
    user: User | None
    if kept is not None and kept[0] == token:
        user = kept[1]
    else:
        user = _user(user_id)
        if user is None:
            return None
        setattr(user, _FIGURES, _figures(user))
        versions.page_cache().set(key, (token, user), timeout=settings.PAGE_CACHE_SECONDS)
    setattr(user, _READ_AT, next(_clock))
    setattr(user, _VERSION, token)
    return user


def version_of(user: Any) -> str | None:
    """The reader's version their row was read under, while their figures hold: what a
    rendering of their own parts may be kept under."""
    return getattr(user, _VERSION, None) if figures(user) is not None else None


def figures(user: Any) -> ReaderFigures | None:
    """The reader's figures if their row came from the cache and this thread has written
    nothing of theirs since; else None, and the caller reads the database."""
    found: ReaderFigures | None = getattr(user, _FIGURES, None)
    if found is None or not settings.PAGE_CACHE:
        return None
    written = _written_here().get(user.pk, 0)
    return found if written < getattr(user, _READ_AT, 0) else None


def readers_changed(user_ids: Iterable[int | None]) -> None:
    """Bump the readers' versions once the write's transaction commits."""
    written = {pk for pk in user_ids if pk is not None}
    if not written:
        return

    def bump() -> None:
        versions.bump(versions.reader(pk) for pk in written)
        _written_here().update(dict.fromkeys(written, next(_clock)))

    transaction.on_commit(bump)


def _written_here() -> dict[int, int]:
    """The readers this thread bumped in its current request, and when."""
    if not hasattr(_local, "written"):
        _local.written = {}
    written: dict[int, int] = _local.written
    return written


def _forget_writes(**kwargs: Any) -> None:
    _local.written = {}


def _user(user_id: int) -> User | None:
    user = User.objects.select_related("doctor_profile").filter(pk=user_id).first()
    if user is not None and not hasattr(user, "doctor_profile"):
        # Remember that there is none, so asking again reads nothing.
        User.doctor_profile.related.set_cached_value(user, None)
    return user


def _figures(user: User) -> ReaderFigures:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    marked = Follow.objects.filter(user=user).values_list("question_id")
    marked = marked.union(
        HelpfulMark.objects.filter(user=user).values_list("answer__question_id"),
        Agreement.objects.filter(doctor__user=user).values_list("answer__question_id"),
    )
    questions = [pk for (pk,) in marked[: MOST_MARKED_QUESTIONS + 1]]
    return ReaderFigures(
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
    request_started.connect(_forget_writes, dispatch_uid="reader-forget-writes")
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
