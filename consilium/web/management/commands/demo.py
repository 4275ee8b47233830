"""Load the demo content into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from consilium.qa.models import Question
from consilium.web.demo.loader import load_demo_content


class Command(BaseCommand):
    help = "Load demo doctors, questions and answers when the site has no questions yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, quietly, when there are questions already.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Question.objects.exists():
            message = "The site already has questions; demo content was not loaded."
            if not options["if_empty"]:
                self.stderr.write(message)
            return
        count = load_demo_content()
        self.stdout.write(f"Loaded demo content: {count} questions.")
