"""Search: full-text search over questions and answers, and similar questions."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "consilium.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from consilium.search import signals

        signals.connect()
