"""Search and similar-questions latency on a loaded corpus (see bench/search_corpus.py).

    .venv/bin/python bench/search_corpus.py generate --questions 100000 --out var/bench/c.jsonl
    DATABASE_URL=... .venv/bin/python bench/search_corpus.py load var/bench/c.jsonl
    DATABASE_URL=... .venv/bin/python bench/search_bench.py [--queries 300]

Times the selectors the pages and the API call (search(): count, page, excerpts, questions;
similar_questions(): embed the text, rank the in-memory vectors, fetch and re-score the
candidates), one after another in one process, after a warm-up that also loads the vectors.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds of each call."""
    wall, cpu = [], []
    for call in calls:
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def report(name: str, durations: tuple[list[float], list[float]]) -> str:
    wall, cpu = durations
    return (
        f"| {name} | {len(wall)} | {statistics.median(wall):.1f} | "
        f"{percentile(wall, 0.95):.1f} | {percentile(wall, 0.99):.1f} | {max(wall):.1f} | "
        f"{statistics.median(cpu):.1f} | {percentile(cpu, 0.95):.1f} |"
    )


SPECIALTIES = ["Dermatology", "Plastic Surgery", "Family Medicine"]


def random_search(
    rng: random.Random, vocab: Any, general: list[str], leanings: list[str]
) -> tuple[str, str, dict[str, Any]]:
    """One search of the mix: its text, its kind and its filters."""
    treatment = rng.choice(vocab.treatments)
    condition = rng.choice(vocab.conditions)
    roll = rng.random()
    if roll < 0.35:
        return vocab.name(treatment), "topic name", {}
    if roll < 0.55:
        return f"{vocab.name(treatment)} {rng.choice(general)}", "topic + word", {}
    if roll < 0.65:
        return f"{vocab.name(treatment)} {vocab.name(condition)}", "two topics", {}
    if roll < 0.75:
        return " ".join(rng.sample(general, 2)), "two words", {}
    if roll < 0.80:
        return f'"{rng.choice(general)} {rng.choice(general)}"', "phrase", {}
    if roll < 0.95:
        filters = rng.choice(
            [
                {"topic": condition["slug"]},
                {"answered": True},
                {"leaning": rng.choice(leanings)},
                {"specialty": rng.choice(SPECIALTIES)},
            ]
        )
        return vocab.name(treatment), "filtered", filters
    return vocab.name(treatment), "page 2-5", {"page": rng.randint(2, 5)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", choices=["search", "similar"], help="run one half")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consilium.settings")
    import django

    django.setup()
    from django.db import connection
    from search_corpus import GENERAL, Vocabulary, threads

    from consilium.qa.models import Question
    from consilium.search.embedding import get_embedder
    from consilium.search.models import Leaning
    from consilium.search.selectors import search, similar_questions
    from consilium.search.vectors import vector_index

    rng = random.Random(args.seed)
    vocab = Vocabulary(random.Random(args.seed))
    searches: list[Callable[[], object]] = []
    kinds = []
    for _ in range(args.queries):
        text, kind, filters = random_search(rng, vocab, GENERAL, list(Leaning.values))
        kinds.append(kind)
        searches.append(partial(search, text, **filters))
    # Titles of questions the corpus does not hold: another seed of the same generator.
    titles = [t["question"]["title"] for t in threads(args.queries, seed=args.seed + 1000)]
    similar: list[Callable[[], object]] = [
        partial(similar_questions, title, limit=5) for title in titles
    ]

    total = Question.objects.count()
    if args.only == "search":
        similar = []
    elif args.only == "similar":
        searches, kinds = [], []
    started = time.perf_counter()
    embedder = get_embedder()
    loaded = 0
    if embedder is not None and similar:
        index = vector_index("default", embedder.model_id, embedder.dimensions)
        index.refresh("default")
        loaded = index.size
    load_seconds = time.perf_counter() - started
    timed(searches[:30] + similar[:10])  # warm caches and the model

    # The machine's speed wanders (other tenants); this loop's time, before and after, says
    # how fast it ran, so runs minutes apart can be compared.
    calibration = [min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000]
    search_ms = timed(searches)
    similar_ms = timed(similar)
    calibration.append(min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000)
    hits = [search("botox").total]
    print(
        f"database: {connection.vendor}; questions: {total}; vectors loaded: {loaded} "
        f"in {load_seconds:.1f} s (first request of a process); 'botox' matches {hits[0]}; "
        f"calibration sum(range(10**6)): {calibration[0]:.1f} ms before, "
        f"{calibration[1]:.1f} ms after"
    )
    print("| operation | runs | p50 ms | p95 ms | p99 ms | max ms | CPU p50 | CPU p95 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    if search_ms[0]:
        print(report("search (page of 10, with count and excerpts)", search_ms))
        by_kind: dict[str, tuple[list[float], list[float]]] = {}
        for kind, wall, cpu in zip(kinds, *search_ms, strict=True):
            walls, cpus = by_kind.setdefault(kind, ([], []))
            walls.append(wall)
            cpus.append(cpu)
        for kind, durations in sorted(by_kind.items()):
            print(report(f"  search: {kind}", durations))
    if similar_ms[0]:
        print(report("similar questions (5, answered)", similar_ms))


if __name__ == "__main__":
    main()
