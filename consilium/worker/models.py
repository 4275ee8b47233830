"""Leases: each running worker renews its own, so a task whose worker stopped can be told."""

from __future__ import annotations

from django.db import models


class WorkerLease(models.Model):
    """A task worker that was alive at renewed_at; renewed every third of the lease."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    renewed_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Worker {self.worker_id}, alive at {self.renewed_at:%Y-%m-%d %H:%M:%S}"
