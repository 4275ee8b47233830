"""A task whose worker process died mid-task runs again on another worker, to the end."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consilium.web.tests.processes import Site, migrated_site, wait_for
from consilium.worker.models import WorkerLease
from consilium.worker.services import renew_lease, requeue_stale_tasks

LEASE_SECONDS = "2"


@pytest.fixture
def site() -> Iterator[Site]:
    with migrated_site(TASK_LEASE_SECONDS=LEASE_SECONDS) as site:
        yield site


def worker(site: Site, name: str) -> subprocess.Popen[bytes]:
    return site.start(name, "db_worker", "--interval", "0.1", "--no-startup-delay",
                      "--worker-id", name)  # fmt: skip


def test_it_runs_a_task_again_when_its_worker_was_killed_mid_task(site):
    folder = site.folder
    site.shell(
        "from consilium.worker.tests.blocking import wait_for_release; "
        f"wait_for_release.enqueue({str(folder)!r})"
    )
    first = worker(site, "first")
    try:
        wait_for((folder / "started").exists, 60, "the first worker to start the task")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    (folder / "release").touch()

    second = worker(site, "second")
    try:
        wait_for((folder / "finished").exists, 45, "another worker to run the task again")
        status = (
            "from django_tasks_db.models import DBTaskResult as R; "
            "r = R.objects.get(task_path__endswith='.wait_for_release'); "
        )
        wait_for(
            lambda: site.shell(status + "print(r.status)") == "SUCCESSFUL",
            30,
            "the task to be marked done",
        )
        workers = site.shell(status + "print(','.join(r.worker_ids))")
    finally:
        second.terminate()
        second.wait(timeout=30)

    assert (folder / "started").read_text().splitlines() == ["started", "started"]
    assert (folder / "finished").read_text().splitlines() == ["finished"]
    assert workers == "first,second"


def running_task(worker_id: str, started_at):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=started_at,
        worker_ids=[worker_id],
        args_kwargs={"args": ["/nowhere"], "kwargs": {}},
        task_path="consilium.worker.tests.blocking.wait_for_release",
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.django_db
def test_it_leaves_alone_a_long_task_whose_worker_renews_its_lease(settings):
    settings.TASK_LEASE_SECONDS = 60
    long_ago = timezone.now() - timedelta(hours=2)
    renew_lease("alive")
    alive = running_task("alive", long_ago)
    dead = running_task("dead", long_ago)
    WorkerLease.objects.create(worker_id="dead", renewed_at=long_ago)

    assert requeue_stale_tasks() == 1

    alive.refresh_from_db()
    dead.refresh_from_db()
    assert alive.status == TaskResultStatus.RUNNING
    assert dead.status == TaskResultStatus.READY
    assert dead.started_at is None
    assert not WorkerLease.objects.filter(worker_id="dead").exists()


@pytest.mark.django_db
def test_it_waits_a_whole_lease_before_taking_back_a_task_just_started(settings):
    settings.TASK_LEASE_SECONDS = 60
    task = running_task("unknown", timezone.now() - timedelta(seconds=30))

    assert requeue_stale_tasks() == 0

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
