"""Reads about one account, for the person it belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from consilium.accounts.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    User,
)
from consilium.accounts.permissions import doctor_profile
from consilium.api.selectors import tokens_of
from consilium.outcomes.selectors import reports_of, trials_of
from consilium.pagecache import readers
from consilium.qa.selectors import follows_of, helpful_marks_of, updates_by


def personal_data(user: User) -> dict[str, Any]:
    """Everything the site keeps about the person, as they may download it."""
    profile = doctor_profile(user)
    return {
        "account": {
            "email": user.email,
            "handle": user.handle,
            "role": user.role,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "questions": [
            {
                "id": q.pk,
                "title": q.title,
                "body": q.body,
                "asked": q.created_at.isoformat(),
                "hidden": q.is_hidden,
            }
            for q in user.questions.order_by("created_at")
        ],
        "doctor_profile": None
        if profile is None
        else {
            "display_name": profile.display_name,
            "specialty": profile.specialty,
            "board_certification": profile.board_certification,
            "licence_number": profile.licence_number,
            "jurisdiction": profile.jurisdiction,
            "npi_number": profile.npi_number,
            "practice": profile.practice,
            "website": profile.website,
            "verification_status": profile.verification_status,
            "answers": [
                {
                    "question": a.question_id,
                    "title": a.title,
                    "body": a.body,
                    "verdict": a.verdict,
                    "answered": a.created_at.isoformat(),
                }
                for a in profile.answers.order_by("created_at")
            ],
            "documents": [
                {
                    "name": d.label,
                    "download": reverse("web:application-document", args=[d.pk]),
                    "type": d.content_type,
                    "bytes": d.size,
                    "sent": d.uploaded_at.isoformat(),
                }
                for d in profile.documents.all()
            ],
            "registry_checks": [
                {
                    "registry": c.registry_label,
                    "checked": c.queried_at.isoformat(),
                    "outcome": c.outcome,
                    "matched": c.matched_fields,
                }
                for c in profile.registry_checks.all()
            ],
        },
        "flags": [
            {"reason": f.reason, "note": f.note, "raised": f.created_at.isoformat()}
            for f in user.flags.order_by("created_at")
        ],
        **_outcomes_and_activity(user),
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _outcomes_and_activity(user: User) -> dict[str, Any]:
    """What the person reported, followed, marked and was told; their tokens' names only."""
    return {
        "trials": [
            {
                "question": t.question_id,
                "treatment": t.topic.name if t.topic else None,
                "description": t.description,
                "started": t.started_on.isoformat(),
                "planned_weeks": t.planned_weeks,
                "reminded": _when(t.reminded_at),
            }
            for t in trials_of(user)
        ],
        "outcome_reports": [
            {
                "treatment": r.topic.name,
                "trial_question": r.trial.question_id if r.trial else None,
                "weeks": r.weeks,
                "cost": str(r.cost) if r.cost is not None else None,
                "currency": r.currency,
                "worth_it": r.worth_it,
                "rating": r.rating,
                "text": r.text,
                "reported": r.created_at.isoformat(),
                "edited": _when(r.updated_at),
                "hidden": r.is_hidden,
                "photos": [
                    {
                        "kind": p.kind,
                        "name": p.name,
                        "url": settings.SITE_URL + reverse("web:outcome-photo", args=[p.name]),
                    }
                    for p in r.photos.all()
                ],
            }
            for r in reports_of(user)
        ],
        "question_updates": [
            {"question": u.question_id, "body": u.body, "posted": u.created_at.isoformat()}
            for u in updates_by(user)
        ],
        "follows": [
            {"question": f.question_id, "since": f.created_at.isoformat()} for f in follows_of(user)
        ],
        "helpful_marks": [
            {"answer": h.answer_id, "marked": h.created_at.isoformat()}
            for h in helpful_marks_of(user)
        ],
        "email_choices": notification_preferences(user),
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "sent": n.created_at.isoformat(),
                "read": _when(n.read_at),
                "emailed": _when(n.emailed_at),
                "delivery": n.delivery,
            }
            for n in notifications_of(user).order_by("created_at", "id")
        ],
        # Never the secret, nor what could stand for it: a token's name, scope and dates.
        "api_tokens": [
            {
                "name": t.name,
                "scope": t.scope,
                "created": t.created_at.isoformat(),
                "last_used": _when(t.last_used_at),
            }
            for t in tokens_of(user)
        ],
    }


def recent_notifications(user: User, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def unread_notification_count(user: User) -> int:
    known = readers.figures(user)
    if known is not None:
        return known.unread_notifications
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user: User) -> QuerySet[Notification]:
    """All of the user's notifications, for the API to page through; unordered."""
    return Notification.objects.filter(recipient=user)


def notification_preferences(user: User) -> dict[str, str]:
    """The person's email choice for every kind of event, "right away" where they chose none."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in NotificationKind.values}
