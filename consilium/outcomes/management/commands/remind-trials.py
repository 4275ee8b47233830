"""Send the end-of-trial reminders that are due (for a daily cron as a safety net)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from consilium.outcomes.services import remind_due_trials


class Command(BaseCommand):
    help = "Remind patients whose trial has ended to report how it went."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sent {remind_due_trials()} reminders.")
