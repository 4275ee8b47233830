"""Requests per second, latency, bytes, queries and worker memory of the main pages.

    .venv/bin/python bench/search_corpus.py generate --questions 10000 --out /tmp/c.jsonl
    export CONSILIUM_DATA_DIR=/tmp/b
    .venv/bin/python bench/search_corpus.py load /tmp/c.jsonl  # with the question vectors
    .venv/bin/python bench/pages.py [--seconds 10] [--redis URL] [--only "signed in"] \
        [--encoding gzip] [--cpu]

One command, one run: gunicorn with 2 sync workers on the site's own settings (plus a
minimal "ok" view, the floor), then wrk on loopback for each page in turn: the floor, a
question with ten answers and the consensus panel signed out and signed in, home, a topic,
a search signed out (from the page cache after the first) and signed in (rendered each time),
and the similar-questions fragment (whose query is embedded by `consilium
embedding-service`, started beside the workers as a deployment runs it, unless
--no-embedding-service). Prints req/s, p50, p99, errors, bytes per response, SQL queries per
request (counted in this process through Django's test client), with --cpu each page's CPU
time per request in this process, and each worker's peak RSS and the embedding service's.
--encoding sends an Accept-Encoding (none by default, so bytes are uncompressed). Needs wrk
(apt-get install wrk).
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
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pages_site")


def prepare() -> dict[str, str]:
    """The pages to load, and a signed-in reader's session cookie."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.db.models import Count

    from consilium.accounts.models import User
    from consilium.consensus.services import refresh_consensus
    from consilium.qa.models import Question

    question = (
        Question.objects.filter(is_hidden=False)
        .annotate(n=Count("answers"))
        .filter(n=10)
        .order_by("-created_at")
        .first()
    )
    if question is None:
        raise SystemExit("no question with ten answers: load a corpus first")
    refresh_consensus(question.pk)
    topic = question.topics.order_by("slug").first()
    reader, _ = User.objects.get_or_create(
        username="bench-reader@example.org",
        defaults={"email": "bench-reader@example.org", "handle": "bench-reader"},
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(reader.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = reader.get_session_auth_hash()
    session.create()
    return {
        "question": question.get_absolute_url(),
        "topic": topic.get_absolute_url() if topic else "/topics/",
        "session": session.session_key or "",
    }


def fresh(url: str, number: int | str) -> str:
    """The address with a parameter of its own, so that a page kept per address is rendered."""
    return f"{url}{'&' if '?' in url else '?'}fresh={number}"


# wrk sends each request to an address of its own (thread and count in a parameter).
FRESH_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local count = 0
function request()
  count = count + 1
  return wrk.format(nil, wrk.path .. "&fresh=" .. id .. "-" .. count)
end
"""


def queries_per_request(url: str, cookie: str = "", vary: bool = False) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    if cookie:
        client.cookies["sessionid"] = cookie
    # The first request may fill the page cache, or read what the process reads once.
    client.get(fresh(url, "warm") if vary else url)
    with CaptureQueriesContext(connection) as captured:
        client.get(fresh(url, "sql") if vary else url)
    return len(captured.captured_queries)


def cpu_per_request(url: str, cookie: str = "", encoding: str = "", vary: bool = False) -> float:
    """Milliseconds of this process's CPU per request through Django's test client: the best
    of up to seven rounds of 40 (fewer for slow pages), after a warm-up request."""
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    if cookie:
        client.cookies["sessionid"] = cookie
    headers = {"Accept-Encoding": encoding} if encoding else {}
    client.get(fresh(url, "warm") if vary else url, headers=headers)
    best, spent = float("inf"), 0.0
    for round_number in range(7):
        started = time.process_time()
        for number in range(40):
            client.get(fresh(url, f"cpu-{round_number}-{number}") if vary else url, headers=headers)
        took = time.process_time() - started
        best, spent = min(best, took / 40), spent + took
        if spent > 5:
            break
    return best * 1000


def wrk(
    url: str,
    seconds: int,
    connections: int,
    cookie: str = "",
    encoding: str = "",
    vary: bool = False,
) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    if encoding:
        command[1:1] = ["-H", f"Accept-Encoding: {encoding}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if vary:
            script.write(FRESH_SCRIPT)
            script.flush()
            command[1:1] = ["-s", script.name]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def millis(label: str) -> float:
        match = re.search(rf"\b{label}%\s+([\d.]+)(us|ms|s)\b", out)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else 0.0

    errors = number(r"Non-2xx or 3xx responses:\s+(\d+)")
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        errors += sum(int(part) for part in socket.groups())
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50": millis("50"),
        "p99": millis("99"),
        "errors": errors,
    }


def body_bytes(url: str, cookie: str = "", encoding: str = "") -> int:
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    if encoding:
        headers["Accept-Encoding"] = encoding
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return len(response.read())


def peak_of(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MB; 0 when it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


def peak_rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [peak_of(int(pid)) for pid in children]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--redis", default="", help="REDIS_URL for the page cache")
    parser.add_argument("--search", default="botox")
    parser.add_argument("--similar", default="Can I fly a week after liposuction?")
    parser.add_argument(
        "--no-embedding-service",
        action="store_true",
        help="let each web worker load the embedding model itself",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="load only the pages whose names contain one of these words (and the floor)",
    )
    parser.add_argument(
        "--encoding", default="", help="the Accept-Encoding every request sends, e.g. gzip"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="also measure each page's CPU per request in this process (Django's test client)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    os.environ.update(TASKS_BACKEND="immediate", STATIC_MANIFEST="0")
    if args.redis:
        os.environ.update(REDIS_URL=args.redis, CACHE_KEY_PREFIX=f"bench-{os.getpid()}")
    pages = prepare()
    session = pages["session"]
    base = f"http://127.0.0.1:{args.port}"
    targets: list[tuple[str, str, str, bool]] = [
        ("floor (minimal view)", "/bench-floor/", "", False),
        ("question, signed out", pages["question"], "", False),
        ("question, signed in", pages["question"], session, False),
        ("home, signed out", "/", "", False),
        ("topic, signed out", pages["topic"], "", False),
        (f"search {args.search!r}", f"/search/?q={args.search}", "", False),
        # Signed in, the same search again (its results kept after the first), and a search
        # made for the first time (an address of its own each request: rendered and kept).
        (f"search {args.search!r}, in", f"/search/?q={args.search}", session, False),
        (f"search {args.search!r}, in, new", f"/search/?q={args.search}", session, True),
        ("similar questions", "/search/similar/?" + urlencode({"title": args.similar}), "", False),
    ]
    if args.only:
        targets = [
            target
            for number, target in enumerate(targets)
            if number == 0 or any(word in target[0] for word in args.only)
        ]
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"}
    service = None
    if not args.no_embedding_service:
        socket_path = f"/tmp/consilium-bench-embed-{os.getpid()}.sock"
        service = subprocess.Popen(
            [sys.executable, "-m", "consilium", "embedding-service", "--socket", socket_path],
            env={**env, "DJANGO_SETTINGS_MODULE": "consilium.settings"},
            stdout=subprocess.DEVNULL,
        )
        env["CONSILIUM_EMBEDDING_SOCKET"] = os.environ["CONSILIUM_EMBEDDING_SOCKET"] = socket_path
        for _ in range(300):
            if Path(socket_path).exists():
                break
            time.sleep(0.1)
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "consilium.wsgi:application",
            "--workers", "2", "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "pages_site"},
        cwd=ROOT / "bench",
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/bench-floor/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        from django.db import connection

        print(
            f"{os.cpu_count()} cores; {connection.vendor}; page cache "
            f"{'Redis' if args.redis else 'files'}; gunicorn 2 sync workers; wrk -t2 "
            f"-c{args.connections} -d{args.seconds}s per page"
        )
        print(f"{'page':24} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'errors':>6} {'bytes':>7} {'SQL':>4}{' CPU ms' if args.cpu else ''}")  # fmt: skip
        floor_rps = 0.0
        for name, path, cookie, vary in targets:
            url = base + path
            body_bytes(url, cookie)  # warm: fills the page cache, loads what the page needs
            size = body_bytes(url, cookie, args.encoding)
            figures = wrk(url, args.seconds, args.connections, cookie, args.encoding, vary)
            floor_rps = floor_rps or figures["rps"]
            sql = queries_per_request(path, cookie, vary)
            cpu_ms = cpu_per_request(path, cookie, args.encoding, vary) if args.cpu else 0.0
            cpu = f" {cpu_ms:6.2f}" if args.cpu else ""
            print(
                f"{name:24} {figures['rps']:8.0f} {figures['rps'] / floor_rps:6.3f} "
                f"{figures['p50']:7.2f} {figures['p99']:7.2f} {figures['errors']:6.0f} "
                f"{size:7d} {sql:4d}{cpu}"
            )
        peaks = ", ".join(f"{peak:.0f}" for peak in peak_rss_mb(server.pid))
        print(f"worker peak RSS (MB): {peaks}")
        if service is not None:
            print(f"embedding service peak RSS (MB): {peak_of(service.pid):.0f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if service is not None:
            service.terminate()
            service.wait(timeout=30)


if __name__ == "__main__":
    main()
