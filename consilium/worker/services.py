"""Keeping workers' leases, and putting back in the queue the tasks of workers that died."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consilium.worker.models import WorkerLease


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def renew_lease(worker_id: str) -> None:
    """Record that the worker is alive now."""
    WorkerLease.objects.update_or_create(
        worker_id=worker_id, defaults={"renewed_at": timezone.now()}
    )


def release_lease(worker_id: str) -> None:
    """The worker stopped cleanly: it holds no task any more."""
    WorkerLease.objects.filter(worker_id=worker_id).delete()


def requeue_stale_tasks(now: datetime | None = None) -> int:
    """Make ready again every running task whose worker's lease ran out; returns how many.

    A worker renews its lease while it runs a task, however long, so only a task whose
    worker stopped (killed, or its machine lost) is taken back. It then runs from the start,
    which is why every task is safe to run again.
    """
    cutoff = (now or timezone.now()) - lease_duration()
    with transaction.atomic():
        alive = set(
            WorkerLease.objects.filter(renewed_at__gte=cutoff).values_list("worker_id", flat=True)
        )
        running = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).values_list("id", "worker_ids")
        stale = [pk for pk, workers in running if not workers or workers[-1] not in alive]
        requeued = DBTaskResult.objects.filter(
            pk__in=stale, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY, started_at=None)
        WorkerLease.objects.filter(renewed_at__lt=cutoff).delete()
    return requeued
