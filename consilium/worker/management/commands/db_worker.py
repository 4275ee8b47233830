"""django-tasks' database worker, renewing its lease and requeueing dead workers' tasks."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from consilium.worker.services import (
    lease_duration,
    release_lease,
    renew_lease,
    requeue_stale_tasks,
)

logger = logging.getLogger("consilium.worker")


class LeaseKeeper(threading.Thread):
    """Renews the worker's lease and requeues dead workers' tasks, every third of a lease."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="lease-keeper", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def tend(self) -> None:
        renew_lease(self.worker_id)
        requeued = requeue_stale_tasks()
        if requeued:
            logger.warning("Requeued %d task(s) whose worker stopped mid-task", requeued)

    def run(self) -> None:
        interval = lease_duration().total_seconds() / 3
        try:
            while not self.stopped.wait(interval):
                close_old_connections()
                try:
                    self.tend()
                except Exception:
                    # A database that is away for a moment must not end the renewals.
                    logger.exception("Could not renew the lease of worker %s", self.worker_id)
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run background tasks; tasks left running by a worker that died are run again."

    def configure_logging(self, verbosity: int) -> None:
        # One line per task drowns the console of `make run`: at the default verbosity only
        # warnings and failures show; -v 2 shows every task.
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in (db_worker.TASKS_LOGGER, "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *args: Any, **options: Any) -> None:
        keeper = LeaseKeeper(options["worker_id"])
        keeper.tend()
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            keeper.stopped.set()
            keeper.join()
            release_lease(keeper.worker_id)
