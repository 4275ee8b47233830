"""Background tasks of the consensus app."""

from __future__ import annotations

from django_tasks import task

from consilium.consensus.services import refresh_consensus


@task()
def recompute_consensus(question_id: int) -> None:
    refresh_consensus(question_id)
