"""Hooks: install the index after migrate, and embed questions saved through the ORM."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save

from consilium.qa.models import Question
from consilium.topics.models import Topic


def _after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from consilium.search.services import ensure_index

    ensure_index(using)


def _question_saved(sender: Any, instance: Question, using: str = "default", **kwargs: Any) -> None:
    from consilium.search.services import schedule_embedding

    # The trigger queued the question if its text changed; this only wakes the worker.
    schedule_embedding(using)


def _topics_changed(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from consilium.search.services import forget_synonyms, schedule_topic_mentions

    forget_synonyms()
    schedule_topic_mentions(using)


def connect() -> None:
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("search"), dispatch_uid="search-ensure-index"
    )
    post_save.connect(_question_saved, sender=Question, dispatch_uid="search-embed-question")
    for signal in (post_save, post_delete):
        signal.connect(_topics_changed, sender=Topic, dispatch_uid=f"search-synonyms-{signal}")
