"""Hooks: take the index off before migrate and install it after, embed saved questions."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate

from consilium.qa.models import Question
from consilium.topics.models import Topic


def _before_migrate(sender: Any, using: str = "default", plan: Any = None, **kwargs: Any) -> None:
    """Take the index's triggers off before migrations change the tables they read.

    SQLite rebuilds a table to alter it, and a trigger on another table that names it then
    fails the rebuild; after migrate, _after_migrate installs the index again and rebuilds it.
    """
    from consilium.search.services import index_installed, uninstall_index

    if plan and index_installed(using):
        uninstall_index(using)


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
    pre_migrate.connect(
        _before_migrate, sender=apps.get_app_config("search"), dispatch_uid="search-pre-migrate"
    )
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("search"), dispatch_uid="search-ensure-index"
    )
    post_save.connect(_question_saved, sender=Question, dispatch_uid="search-embed-question")
    for signal in (post_save, post_delete):
        signal.connect(_topics_changed, sender=Topic, dispatch_uid=f"search-synonyms-{signal}")
