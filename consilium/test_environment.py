"""Environment for test runs, loaded as a pytest plugin before Django reads its settings."""

import os
import tempfile

# Tasks run as soon as they are enqueued, so a test sees their effect without a worker.
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Static files from the apps' folders, with no collectstatic run before the tests; one test
# collects them into a directory of its own and checks the hashed, compressed names.
os.environ.setdefault("STATIC_MANIFEST", "0")
# Tests never write into a developer's ./var.
os.environ.setdefault("CONSILIUM_DATA_DIR", tempfile.mkdtemp(prefix="consilium-test-"))
# Nothing in a test run asks a real registry about a doctor; tests that check registries
# turn this on and hand the registry a recorded answer.
os.environ["REGISTRY_CHECKS"] = "0"
# The test process is one app process: its rate-limit counters live in its memory, so page
# query counts measure the pages; the shared counters have tests of their own.
os.environ.setdefault("WEB_CONCURRENCY", "1")


def pytest_configure(config: object) -> None:
    """Each test client builds the middleware again, and WhiteNoise's would list every static
    file from the apps' folders each time (most of a small test's time); the files do not
    change during a run, so the list is made once and shared."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[tuple[object, ...], dict[str, object]] = {}

    def add_files_listed_once(self: WhiteNoiseMiddleware) -> None:
        key = (self.static_prefix, self.max_age, self.charset, self.allow_all_origins)
        if key not in listed:
            before = dict(self.files)
            list_files(self)
            listed[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_listed_once
