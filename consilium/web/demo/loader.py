"""Load the demo content through the same services the site's forms use."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from consilium.accounts.models import Role, User
from consilium.consensus.services import refresh_consensus
from consilium.doctors.models import DoctorProfile
from consilium.doctors.services import apply_as_doctor, verify_doctor
from consilium.outcomes.services import report_outcome
from consilium.qa.services import ask_question, post_answer, set_agreement
from consilium.topics.models import Topic

DEMO_CONTENT = Path(__file__).resolve().parent / "content.json"


def _doctor(entry: dict[str, Any]) -> DoctorProfile:
    # The key is the handle too: a random one could take a handle the content gives a patient
    # further on.
    user = User.objects.create_user(
        username=entry["key"],
        email=f"{entry['key']}@example.com",
        role=Role.DOCTOR,
        handle=entry["key"],
    )
    profile = apply_as_doctor(
        user=user,
        display_name=entry["display_name"],
        specialty=entry["specialty"],
        board_certification=entry.get("board_certification", ""),
        licence_number=entry.get("licence_number", ""),
        jurisdiction=entry.get("jurisdiction", ""),
        practice=entry.get("practice", ""),
        website=entry.get("website", ""),
        bio=entry.get("bio", ""),
    )
    return verify_doctor(profile)


def load_demo_content(path: Path = DEMO_CONTENT) -> int:
    """Create the demo doctors, askers, questions and answers; return the question count."""
    content = json.loads(path.read_text(encoding="utf-8"))
    now = timezone.now()
    for slug, description in content.get("topic_descriptions", {}).items():
        Topic.objects.filter(slug=slug, description="").update(description=description)
    doctors = {entry["key"]: _doctor(entry) for entry in content["doctors"]}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for thread in content["threads"]:
        asker, _ = User.objects.get_or_create(
            username=f"demo-{thread['asker']}",
            defaults={"handle": thread["asker"], "role": Role.PATIENT},
        )
        asked_at = now - timedelta(days=thread["asked_days_ago"])
        question = ask_question(
            asker=asker,
            title=thread["title"],
            body=thread["body"],
            topics=[topics[slug] for slug in thread["topics"]],
            created_at=asked_at,
        )
        posted = [
            (
                answer,
                post_answer(
                    doctor=doctors[answer["doctor"]],
                    question=question,
                    title=answer["title"],
                    body=answer["body"],
                    verdict=answer["verdict"],
                    created_at=asked_at + timedelta(days=answer.get("days_after_question", 1)),
                ),
            )
            for answer in thread["answers"]
        ]
        for answer, saved in posted:
            for key in answer.get("agreed_by", []):
                if key != answer["doctor"]:
                    set_agreement(answer=saved, doctor=doctors[key], agree=True)
        refresh_consensus(question.pk)
    for outcome in content.get("outcomes", []):
        patient, _ = User.objects.get_or_create(
            username=f"demo-{outcome['patient']}",
            defaults={"handle": outcome["patient"], "role": Role.PATIENT},
        )
        report_outcome(
            patient=patient,
            topic=topics[outcome["topic"]],
            weeks=outcome["weeks"],
            worth_it=outcome["worth_it"],
            rating=outcome["rating"],
            text=outcome["text"],
            cost=Decimal(str(outcome["cost"])) if outcome.get("cost") is not None else None,
            currency=outcome.get("currency", ""),
        )
    return len(content["threads"])


@dataclass(frozen=True)
class DemoAccounts:
    people: list[tuple[str, str]]  # (role, username to sign in with)
    password: str


def demo_accounts() -> DemoAccounts:
    """Give one demo patient, one demo doctor and a demo moderator a fresh shared password.

    Only demo people (usernames the loader made) and the demo moderator are touched.
    """
    password = secrets.token_urlsafe(12)
    patient = User.objects.filter(username__startswith="demo-", role=Role.PATIENT).order_by("pk")
    doctor = User.objects.filter(
        role=Role.DOCTOR, email__endswith="@example.com", doctor_profile__isnull=False
    ).order_by("pk")
    moderator, _ = User.objects.get_or_create(
        username="demo-moderator",
        defaults={"email": "moderator@example.com", "role": Role.MODERATOR, "handle": "moderator"},
    )
    people = []
    for role, user in (
        ("patient", patient.first()),
        ("doctor", doctor.first()),
        ("moderator", moderator),
    ):
        if user is None:
            continue
        user.set_password(password)
        user.save(update_fields=["password"])
        people.append((role, user.username))
    return DemoAccounts(people, password)
