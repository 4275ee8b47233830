"""The embedding model: BERT's tokenizer, unit vectors, and quality on our question pairs."""

import json
from pathlib import Path

import numpy as np
import pytest

from consilium.search import embedding
from consilium.search.embedding import WordPieceTokenizer, get_embedder, load_vocabulary
from consilium.search.evaluation import build_corpus, evaluate, shipped
from consilium.search.query import SynonymIndex
from consilium.search.similarity import embedding_text, query_text

TAXONOMY = Path(__file__).resolve().parents[2] / "topics" / "taxonomy.json"


def test_the_tokenizer_gives_bert_uncased_ids():
    tokenizer = WordPieceTokenizer()
    # [CLS] hello , world ! [SEP] in bert-base-uncased
    assert tokenizer.encode("Hello, World!") == [101, 7592, 1010, 2088, 999, 102]
    assert tokenizer.encode("microneedling")[1:-1] == [
        tokenizer.vocab[p] for p in ("micro", "##nee", "##dling")
    ]


def test_the_vocabulary_is_bert_uncased_read_from_an_installed_package():
    vocab = load_vocabulary()
    assert len(vocab) == 30522
    assert (vocab["[PAD]"], vocab["[UNK]"], vocab["[CLS]"], vocab["[SEP]"]) == (0, 100, 101, 102)
    assert sorted(vocab.values()) == list(range(30522))


def test_a_missing_vocabulary_package_reads_as_a_missing_file(monkeypatch):
    monkeypatch.setattr(embedding, "VOCAB_DISTRIBUTION", "no-such-consilium-package")
    with pytest.raises(FileNotFoundError):
        load_vocabulary()


def test_the_tokenizer_survives_any_text_and_cuts_long_text():
    tokenizer = WordPieceTokenizer()
    for text in ["", "\x00\x01", "😀" * 10, "x" * 500, "日本語 ботокс e\u0301"]:
        ids = tokenizer.encode(text)
        assert ids[0] == 101
        assert ids[-1] == 102
    assert len(tokenizer.encode("word " * 1000)) == 128


def test_vectors_are_unit_length_and_order_independent():
    embedder = get_embedder()
    assert embedder is not None
    texts = ["Can I fly after liposuction?", "Short", "A much longer question " * 20]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)


def test_embedding_text_names_the_topics_it_mentions():
    synonyms = SynonymIndex.from_names([("botox", "Botox", ["wrinkle relaxer"])])
    assert embedding_text("Wrinkle relaxer every month?", "", synonyms) == (
        "Wrinkle relaxer every month? (Botox)"
    )


def test_a_query_names_its_topics_with_their_first_synonyms():
    synonyms = SynonymIndex.from_names(
        [("botox", "Botox", ["wrinkle relaxer", "anti-wrinkle injections", "tox"])]
    )
    assert query_text("Wrinkle relaxer every month? ", synonyms, count=2) == (
        "Wrinkle relaxer every month? (Botox, wrinkle relaxer, anti wrinkle injections)"
    )
    assert query_text("Botox every month?", synonyms, count=0) == "Botox every month? (Botox)"
    assert query_text("Is it safe?", synonyms) == "Is it safe?"


@pytest.fixture(scope="module")
def corpus_vectors():
    taxonomy = json.loads(TAXONOMY.read_text())
    synonyms = SynonymIndex.from_names((t["slug"], t["name"], t["synonyms"]) for t in taxonomy)
    embedder = get_embedder()
    assert embedder is not None
    corpus = build_corpus()
    stored = embedder.embed([embedding_text(text, "", synonyms) for text in corpus.texts])
    asked = embedder.embed([query_text(text, synonyms) for text in corpus.texts])
    return corpus, asked, stored


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_paraphrases_rank_in_the_first_five_often_enough(part, corpus_vectors):
    """A floor under the figures in docs/search.md, so a change that loses quality fails."""
    corpus, asked, stored = corpus_vectors
    pairs = corpus.queries[part]
    own = [o for o, _ in pairs]
    scores = shipped(asked[own] @ stored.T, corpus.texts, [corpus.texts[o] for o in own], own)
    figures = evaluate(scores, pairs)
    assert figures["r5"] >= 0.80
    assert figures["mrr5"] >= 0.58
