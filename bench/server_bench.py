"""Serve the demo site with gunicorn or granian and load it with wrk: which server to ship.

Usage: .venv/bin/python bench/server_bench.py [--seconds 15] [--connections 16]
Needs wrk (Debian package) and, for the comparison, granian (pip install granian).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SERVERS = {
    "gunicorn (2 sync workers)": [
        sys.executable,
        "-m",
        "gunicorn",
        "consilium.wsgi:application",
        "--workers",
        "2",
        "--bind",
        "127.0.0.1:{port}",
        "--log-level",
        "warning",
    ],
    "granian (2 WSGI workers)": [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--log-level",
        "warning",
        "consilium.wsgi:application",
    ],
}


def consilium(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "consilium", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def wait_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": millis("50"), "p99": millis("99")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "CONSILIUM_DATA_DIR": data_dir, "TASKS_BACKEND": "immediate"}
        env.pop("DATABASE_URL", None)
        consilium(env, "migrate", "--noinput")
        consilium(env, "demo")
        print(
            f"machine: {os.cpu_count()} cores; SQLite; demo content; "
            f"{args.connections} connections for {args.seconds} s per page"
        )
        for name, command in SERVERS.items():
            port = "8765"
            server = subprocess.Popen(
                [part.format(port=port) for part in command],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_up(f"http://127.0.0.1:{port}/")
                for page in ("/", "/questions/1/"):
                    url = f"http://127.0.0.1:{port}{page}"
                    if page != "/":
                        # Follow the slug redirect once, so wrk loads the page itself.
                        url = urllib.request.urlopen(url, timeout=5).geturl()
                    figures = wrk(url, args.seconds, args.connections)
                    print(
                        f"{name:28} {Path(page).as_posix():14} {figures['rps']:8.1f} req/s  "
                        f"p50 {figures['p50']:6.1f} ms  p99 {figures['p99']:7.1f} ms"
                    )
            finally:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
