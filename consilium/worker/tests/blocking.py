"""A task for the recovery tests: it waits for a file, so a test can kill it mid-task."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_release(folder: str) -> None:
    """Note the start, wait until the test releases the task, then note the finish."""
    here = Path(folder)
    with (here / "started").open("a") as started:
        started.write("started\n")
    while not (here / "release").exists():
        time.sleep(0.05)
    with (here / "finished").open("a") as finished:
        finished.write("finished\n")
