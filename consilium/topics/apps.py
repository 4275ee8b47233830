"""Topics: the taxonomy of treatments and conditions questions are filed under."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_shipped_taxonomy(sender: AppConfig, **kwargs: Any) -> None:
    from consilium.topics.services import sync_taxonomy

    sync_taxonomy()


class TopicsConfig(AppConfig):
    name = "consilium.topics"
    label = "topics"

    def ready(self) -> None:
        # Every database gets the shipped taxonomy, tests' included, without a fixture.
        post_migrate.connect(_sync_shipped_taxonomy, sender=self)
