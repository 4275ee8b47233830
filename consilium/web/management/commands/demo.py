"""Load the demo content into an empty database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from consilium.accounts.emails import emails_suppressed
from consilium.qa.models import Question
from consilium.web.demo.loader import DemoAccounts, demo_accounts, load_demo_content


class Command(BaseCommand):
    help = "Load demo doctors, questions and answers when the site has no questions yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, quietly, when there are questions already.",
        )
        parser.add_argument(
            "--new-password",
            action="store_true",
            help="Give the demo people a new password and print how to sign in as them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_password"]:
            self._print_sign_in(demo_accounts())
            return
        if Question.objects.exists():
            message = "The site already has questions; demo content was not loaded."
            if not options["if_empty"]:
                self.stderr.write(message)
            return
        with emails_suppressed():
            count = load_demo_content()
            accounts = demo_accounts()
        self.stdout.write(f"Loaded demo content: {count} questions.")
        self._print_sign_in(accounts)

    def _print_sign_in(self, accounts: DemoAccounts) -> None:
        self.stdout.write(
            f"\nSign in at {settings.SITE_URL}/accounts/login/ as any of these demo people "
            "(demo data only; the password is shown this once):"
        )
        for role, username in accounts.people:
            self.stdout.write(f"  {role:<10} {username}")
        self.stdout.write(f"  password   {accounts.password}\n")
