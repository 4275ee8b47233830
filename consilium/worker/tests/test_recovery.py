"""A task whose worker process died mid-task runs again on another worker, to the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consilium.web.tests.browser import _database_for_server
from consilium.worker.models import WorkerLease
from consilium.worker.services import renew_lease, requeue_stale_tasks

LEASE_SECONDS = "2"


class Site:
    """A migrated database and data directory that real `consilium` processes share."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "consilium", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell(self, code: str) -> str:
        return self.run("shell", "--no-imports", "-c", code).strip()

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        return subprocess.Popen(
            [sys.executable, "-m", "consilium", "db_worker", "--interval", "0.1",
             "--no-startup-delay", "--worker-id", name],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


@pytest.fixture
def site() -> Iterator[Site]:
    with tempfile.TemporaryDirectory() as data_dir, _database_for_server() as database_env:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TASKS_BACKEND", "CONSILIUM_DATA_DIR"}
        }
        env.update(
            database_env,
            CONSILIUM_DATA_DIR=data_dir,
            TASKS_BACKEND="database",
            TASK_LEASE_SECONDS=LEASE_SECONDS,
        )
        site = Site(env, Path(data_dir))
        site.run("migrate", "--noinput")
        yield site


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


def test_it_runs_a_task_again_when_its_worker_was_killed_mid_task(site):
    folder = site.folder
    site.shell(
        "from consilium.worker.tests.blocking import wait_for_release; "
        f"wait_for_release.enqueue({str(folder)!r})"
    )
    first = site.worker("first")
    try:
        wait_for((folder / "started").exists, 60, "the first worker to start the task")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    (folder / "release").touch()

    second = site.worker("second")
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
