"""Environment for test runs, loaded as a pytest plugin before Django reads its settings."""

import os
import tempfile

# Tasks run as soon as they are enqueued, so a test sees their effect without a worker.
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Tests never write into a developer's ./var.
os.environ.setdefault("CONSILIUM_DATA_DIR", tempfile.mkdtemp(prefix="consilium-test-"))
# The test process is one app process: its rate-limit counters live in its memory, so page
# query counts measure the pages; the shared counters have tests of their own.
os.environ.setdefault("WEB_CONCURRENCY", "1")
