"""Serve the site with gunicorn and run the background task worker beside it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from consilium.accounts.models import User


def child_environment(*, host: str, port: int, workers: int) -> dict[str, str]:
    """The environment of the server and worker processes: how many workers, and where we are.

    Settings read WEB_CONCURRENCY to choose shared rate-limit counters, and SITE_URL (links in
    emails) defaults to the address served unless the operator named one.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "consilium.settings",
        "WEB_CONCURRENCY": str(workers),
    }
    # Listening on every interface names no address a link could use; this machine's does.
    reachable = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104
    if ":" in reachable:
        reachable = f"[{reachable}]"
    env.setdefault("SITE_URL", f"http://{reachable}:{port}")
    return env


def collect_static_files() -> None:
    """Hashed, compressed copies of the static files, which the pages name.

    Compressing them takes minutes, so it is done again only when a source file changed.
    """
    fingerprint = hashlib.blake2b(digest_size=16)
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            fingerprint.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".collected"
    if stamp.exists() and stamp.read_text() == fingerprint.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint.hexdigest())


class Command(BaseCommand):
    help = "Serve Consilium with the production server (gunicorn) and a task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Do not start a task worker (when workers run on other machines).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.STATIC_MANIFEST:
            collect_static_files()
        env = child_environment(
            host=options["host"], port=options["port"], workers=options["workers"]
        )
        children: list[subprocess.Popen[bytes]] = []
        use_worker = settings.TASKS_BACKEND == "database" and not options["no_task_worker"]
        if use_worker:
            children.append(
                subprocess.Popen(
                    [sys.executable, "-m", "consilium", "db_worker", "--interval", "0.5"],
                    env=env,
                )
            )
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "consilium.wsgi:application",
                "--bind", f"{options['host']}:{options['port']}",
                "--workers", str(options["workers"]),
                "--access-logfile", "-",
                "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
            env=env,
        )  # fmt: skip
        children.append(server)
        self.stdout.write(f"Consilium is serving on http://{options['host']}:{options['port']}/")
        if User.objects.filter(username="demo-moderator").exists():
            self.stdout.write(
                "Demo people sign in with their username (printed when the demo was loaded); "
                "`consilium demo --new-password` prints them with a new password."
            )

        def stop(signum: int, frame: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = server.wait()
        stop(signal.SIGTERM, None)
        for child in children:
            child.wait(timeout=30)
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            sys.exit(code)
