"""Generate the search benchmark's corpus (JSON Lines threads) and load it into a database.

    .venv/bin/python bench/search_corpus.py generate --questions 100000 --out var/bench.jsonl
    DATABASE_URL=... .venv/bin/python bench/search_corpus.py load var/bench.jsonl

The text is made from the shipped taxonomy's names and synonyms and a few hundred medical
and everyday words, drawn with a skewed (Zipf-like) frequency so posting lists look like a
real site's: a few words everywhere, most words rare. The same seed gives the same corpus.

Loading: `consilium import-thread` reads the same file, but it creates rows one by one and
computes each thread's consensus, which for 100,000 threads takes hours. The loader here
bulk-inserts the rows with the search triggers dropped and then rebuilds the index with
`consilium reindex` (the same set-based SQL), which is how a large import should run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TAXONOMY = ROOT / "consilium" / "topics" / "taxonomy.json"

GENERAL = """
    pain swelling bruising redness itching scarring infection recovery downtime results cost
    price session sessions treatment treatments procedure surgery surgeon doctor
    dermatologist clinic skin face neck chest arms legs thighs stomach back hands eyes lips
    nose chin jaw forehead cheeks wrinkles lines fine deep sagging loose firm tight tighten
    lift volume fat muscle muscles collagen acne scars pores pigmentation spots redness
    rosacea dryness oily sensitive texture tone elasticity safe safety risk risks side
    effects complications allergic reaction numbness tingling burning weeks months years
    days hours permanent temporary lasting long short worth expensive cheap pregnant
    breastfeeding age older younger forties fifties thirties menopause hormones thyroid
    medication antibiotics ibuprofen aspirin blood thinners supplements vitamin retinol
    sunscreen exercise gym running sleep diet weight loss gain water alcohol smoking coffee
    stress anxiety before after during between instead combined alone together again every
    normal worried concern results improvement difference change noticeable subtle natural
    overdone asymmetry uneven lump bump hard soft firm tender sore ache throbbing sharp dull
    constant occasional morning night
""".split()  # noqa: SIM905 - a word list reads better as text
FILLER = """
    i my me have had been was am is it this that the a an and or but so if when with for to
    of in on at from about after before since still just really very quite maybe also only
    even already
""".split()  # noqa: SIM905 - a word list reads better as text
OPENERS = [
    "Does {t} work for {c}?",
    "Is {t} safe for {c}?",
    "How long does {t} last on the {b}?",
    "Can {t} help with {c} on my {b}?",
    "What are the risks of {t} for {c}?",
    "How many sessions of {t} for {c}?",
    "Is {t} worth it at {age}?",
    "{t} or {t2} for {c}?",
    "Swelling and {g} after {t}, is this normal?",
    "When can I {act} after {t}?",
    "Will {t} get rid of {c}?",
    "Why do I have {g} {n} weeks after {t}?",
]
ACTIONS = ["exercise", "wear makeup", "fly", "drink alcohol", "sleep on my side", "go back to work"]
AGES = ["30", "35", "40", "45", "50", "55", "60", "65"]
VERDICTS = ["recommend", "depends", "not_recommended", "not_stated"]
SPECIALTIES = [
    "Dermatology",
    "Plastic Surgery",
    "Facial Plastic Surgery",
    "Oculoplastic Surgery",
    "Family Medicine",
    "Internal Medicine",
    "Cosmetic Surgery",
    "Otolaryngology",
]


class Vocabulary:
    def __init__(self, rng: random.Random) -> None:
        entries = json.loads(TAXONOMY.read_text())
        self.treatments = [e for e in entries if e["kind"] == "treatment"]
        self.conditions = [e for e in entries if e["kind"] == "condition"] or self.treatments
        self.rng = rng
        self.words = list(dict.fromkeys(GENERAL))
        rng.shuffle(self.words)
        # Zipf weights: the first words of the shuffled list are common, the tail rare.
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.words))]

    def name(self, entry: dict) -> str:
        names = [entry["name"], *entry.get("synonyms", [])]
        return self.rng.choice(names[:6])

    def sentence(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        chosen = self.rng.choices(self.words, self.weights, k=count)
        mixed = []
        for word in chosen:
            if self.rng.random() < 0.45:
                mixed.append(self.rng.choice(FILLER))
            mixed.append(word)
        text = " ".join(mixed)
        return text[0].upper() + text[1:] + "."


def threads(count: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    doctors = [
        {"name": f"Dr. Bench {n:04d}", "specialty": SPECIALTIES[n % len(SPECIALTIES)]}
        for n in range(2000)
    ]
    for _ in range(count):
        treatment = rng.choice(vocab.treatments)
        other = rng.choice(vocab.treatments)
        condition = rng.choice(vocab.conditions)
        title = rng.choice(OPENERS).format(
            t=vocab.name(treatment),
            t2=vocab.name(other),
            c=vocab.name(condition).lower(),
            b=rng.choice(["face", "neck", "forehead", "cheeks", "chin", "stomach", "thighs"]),
            age=rng.choice(AGES),
            g=rng.choice(["bruising", "a lump", "numbness", "redness", "pain"]),
            n=rng.randint(1, 8),
            act=rng.choice(ACTIONS),
        )[:200]
        body = " ".join(vocab.sentence(6, 16) for _ in range(rng.randint(2, 4)))
        answer_count = rng.choice([0, 2, 3, 4, 5, 5, 6, 7, 8, 10])
        chosen_doctors = rng.sample(doctors, answer_count)
        answers = []
        for doctor in chosen_doctors:
            mention = vocab.name(rng.choice([treatment, condition, other]))
            answers.append(
                {
                    "title": f"{mention.capitalize()}: {vocab.sentence(3, 7)}"[:200],
                    "body": " ".join(vocab.sentence(8, 20) for _ in range(rng.randint(2, 5))),
                    "verdict": rng.choice(VERDICTS),
                    "doctor": doctor,
                }
            )
        yield {
            "question": {
                "title": title,
                "body": body,
                "topics": [treatment["slug"], condition["slug"]]
                if treatment["slug"] != condition["slug"]
                else [treatment["slug"]],
            },
            "answers": answers,
        }


def generate(args: argparse.Namespace) -> None:
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    answers = 0
    with out.open("w", encoding="utf-8") as handle:
        for thread in threads(args.questions, seed=args.seed):
            answers += len(thread["answers"])
            handle.write(json.dumps(thread) + "\n")
    print(f"wrote {args.questions} questions and {answers} answers to {out}")


def batches(path: Path, size: int) -> Iterator[list[dict]]:
    """The threads of a JSON Lines file, so many at a time."""
    batch: list[dict] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            batch.append(json.loads(line))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def load(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consilium.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from consilium.doctors.models import DoctorProfile, VerificationStatus
    from consilium.qa.models import Answer, Question
    from consilium.search.services import rebuild_index, uninstall_index
    from consilium.topics.models import Topic
    from consilium.topics.services import sync_taxonomy

    call_command("migrate", verbosity=0)
    sync_taxonomy()
    topics = dict(Topic.objects.values_list("slug", "pk"))
    started = time.perf_counter()
    uninstall_index()
    now = timezone.now()
    doctors: dict[str, int] = dict(DoctorProfile.objects.values_list("slug", "pk"))
    through = Question.topics.through
    loaded = 0

    def flush(rows: list[dict]) -> None:
        new_doctors = {}
        for thread in rows:
            for answer in thread["answers"]:
                slug = slugify(answer["doctor"]["name"])
                if slug not in doctors and slug not in new_doctors:
                    new_doctors[slug] = DoctorProfile(
                        slug=slug,
                        display_name=answer["doctor"]["name"],
                        specialty=answer["doctor"]["specialty"],
                        verification_status=VerificationStatus.VERIFIED,
                        is_imported=True,
                    )
        for doctor in DoctorProfile.objects.bulk_create(list(new_doctors.values())):
            doctors[doctor.slug] = doctor.pk
        questions = Question.objects.bulk_create(
            [
                Question(
                    title=t["question"]["title"],
                    body=t["question"]["body"],
                    is_imported=True,
                    created_at=now,
                )
                for t in rows
            ]
        )
        links: list[Any] = []
        answers = []
        for question, thread in zip(questions, rows, strict=True):
            links.extend(
                through(question_id=question.pk, topic_id=topics[slug])
                for slug in thread["question"]["topics"]
            )
            for position, item in enumerate(thread["answers"], start=1):
                answers.append(
                    Answer(
                        question_id=question.pk,
                        doctor_id=doctors[slugify(item["doctor"]["name"])],
                        title=item["title"],
                        body=item["body"],
                        verdict=item["verdict"],
                        position=position,
                        created_at=now,
                    )
                )
        through.objects.bulk_create(links)
        Answer.objects.bulk_create(answers, batch_size=2000)

    with transaction.atomic():
        for batch in batches(Path(args.file), 2000):
            flush(batch)
            loaded += len(batch)
    inserted = time.perf_counter()
    rebuild_index()
    if connection.vendor == "postgresql":
        # What autovacuum would do after a bulk load, before any measurement: planner
        # statistics for every table, and the visibility map that bitmap scans consult.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    indexed = time.perf_counter()
    print(
        f"{connection.vendor}: {loaded} questions inserted in {inserted - started:.0f} s, "
        f"index rebuilt in {indexed - inserted:.0f} s"
    )
    if not args.no_embeddings:
        embed(args.embeddings_cache)
        print(f"embeddings stored in {time.perf_counter() - indexed:.0f} s")


def embed(cache: str) -> None:
    """Embed every question, reusing vectors computed for an identical corpus earlier."""
    import numpy as np
    from django.db import connection, transaction

    from consilium.qa.models import Question
    from consilium.search.embedding import get_embedder, to_bytes
    from consilium.search.models import PendingEmbedding, QuestionEmbedding
    from consilium.search.services import synonym_index
    from consilium.search.similarity import embedding_text

    # A bulk job, unlike a web worker, may use every core: batches of 64 on all of them.
    os.environ.setdefault("CONSILIUM_EMBEDDING_THREADS", str(os.cpu_count() or 1))
    embedder = get_embedder()
    if embedder is None:
        print("no embedding model installed; similar questions will be lexical")
        return
    rows = list(Question.objects.order_by("pk").values_list("pk", "title", "body"))
    path = Path(cache)
    if path.exists() and np.load(path).shape[0] == len(rows):
        vectors = np.load(path)
    else:
        synonyms = synonym_index()
        vectors = embedder.embed(
            [embedding_text(title, body, synonyms) for _, title, body in rows], batch_size=64
        )
        np.save(path, vectors)
    with transaction.atomic():
        QuestionEmbedding.objects.all().delete()
        QuestionEmbedding.objects.bulk_create(
            [
                QuestionEmbedding(question_id=pk, model=embedder.model_id, vector=to_bytes(v))
                for (pk, _, _), v in zip(rows, vectors, strict=True)
            ],
            batch_size=2000,
        )
        PendingEmbedding.objects.all().delete()
    if connection.vendor == "postgresql":
        # Without statistics the planner reads the 150 MB table for each similar-questions
        # request's "rows added since" query (124 ms) instead of two index probes (0.1 ms).
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {QuestionEmbedding._meta.db_table}")


def embed_command(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consilium.settings")
    import django

    django.setup()
    started = time.perf_counter()
    embed(args.embeddings_cache)
    print(f"embeddings stored in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--questions", type=int, default=100_000)
    gen.add_argument("--seed", type=int, default=7)
    gen.add_argument("--out", default="var/bench/search-corpus.jsonl")
    gen.set_defaults(run=generate)
    ld = sub.add_parser("load")
    ld.add_argument("file")
    ld.add_argument("--no-embeddings", action="store_true")
    ld.add_argument("--embeddings-cache", default="var/bench/search-embeddings.npy")
    ld.set_defaults(run=load)
    emb = sub.add_parser("embed", help="store every question's vector (from the cache if any)")
    emb.add_argument("--embeddings-cache", default="var/bench/search-embeddings.npy")
    emb.set_defaults(run=embed_command)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
