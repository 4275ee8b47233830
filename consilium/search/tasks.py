"""Background tasks of the search app."""

from __future__ import annotations

from django_tasks import task

from consilium.search.services import embed_pending_questions, refresh_topic_mentions


@task()
def embed_pending() -> None:
    embed_pending_questions()


@task()
def refresh_mentions() -> None:
    refresh_topic_mentions()
