"""File older questions as posting and importing do now: a purpose, and topics if none."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from consilium.qa.services import refile_questions


class Command(BaseCommand):
    help = (
        "Read again the purpose of every question whose purpose nobody chose, and file "
        "questions without topics under the topics their title and body name; mark those that "
        "describe an emergency sign; print each change."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changes = refile_questions()
        for change in changes:
            parts = []
            if change.purpose:
                parts.append(f"purpose {change.purpose}")
            if change.topics:
                parts.append(f"topics {', '.join(change.topics)}")
            if change.urgent is not None:
                parts.append("urgent" if change.urgent else "no longer urgent")
            self.stdout.write(f"Question {change.question_id}: {'; '.join(parts)}")
        self.stdout.write(f"{len(changes)} question{'s' if len(changes) != 1 else ''} refiled.")
