"""Reads about one account, for the person it belongs to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from consilium.accounts.models import Notification, User
from consilium.accounts.permissions import doctor_profile


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
        },
        "flags": [
            {"reason": f.reason, "note": f.note, "raised": f.created_at.isoformat()}
            for f in user.flags.order_by("created_at")
        ],
    }


def recent_notifications(user: User, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user: User) -> QuerySet[Notification]:
    """All of the user's notifications, for the API to page through; unordered."""
    return Notification.objects.filter(recipient=user)
