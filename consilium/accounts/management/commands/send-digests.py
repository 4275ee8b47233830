"""Send the digests waiting for one period now (the task queue sends them at their time too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from consilium.accounts.models import DIGESTS
from consilium.accounts.notifications import send_digests


class Command(BaseCommand):
    help = "Email each person their waiting daily or weekly digest, one email each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, choices=[str(p) for p in DIGESTS])

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sent {send_digests(options['period'])} {options['period']} digests.")
