"""The shipped taxonomy file and topic matching against it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from consilium.consensus.method import TaxonomyEntry, load_taxonomy
from consilium.consensus.taxonomy import DEFAULT_TAXONOMY_PATH, matcher_for
from consilium.consensus.text import cue_text, norm_word, word_spans


@pytest.fixture(scope="module")
def entries() -> list[TaxonomyEntry]:
    return load_taxonomy()


def topics_in(text: str, entries: list[TaxonomyEntry]) -> list[str]:
    cue = cue_text(text)
    words = [(norm_word(w), s, e) for w, s, e in word_spans(cue)]
    return [m.slug for m in matcher_for(entries).find(words)]


def test_shipped_file_shape() -> None:
    raw = json.loads(DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8"))
    shipped = Path(__file__).resolve().parents[2] / "topics" / "taxonomy.json"
    assert shipped == DEFAULT_TAXONOMY_PATH
    for item in raw:
        assert set(item) == {"slug", "name", "kind", "synonyms", "related"}
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", item["slug"])
        assert item["kind"] in ("treatment", "condition")
        assert all(s == s.lower() and s.strip() == s for s in item["synonyms"])


def test_coverage_and_references(entries: list[TaxonomyEntry]) -> None:
    slugs = {e.slug for e in entries}
    assert len(slugs) == len(entries)
    assert sum(e.kind == "treatment" for e in entries) >= 40
    assert sum(e.kind == "condition" for e in entries) >= 15
    for e in entries:
        assert set(e.related) <= slugs, e.slug
        assert e.slug not in e.related


def test_no_phrase_belongs_to_two_topics(entries: list[TaxonomyEntry]) -> None:
    owner: dict[tuple[str, ...], str] = {}
    for e in entries:
        for phrase in e.synonyms:
            key = tuple(norm_word(w) for w, _, _ in word_spans(cue_text(phrase)))
            assert owner.setdefault(key, e.slug) == e.slug, (phrase, owner[key], e.slug)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("I tried an e-stim device", "facial-ems"),
        ("electrical muscle stimulation at home", "facial-ems"),
        ("a microcurrent facial", "facial-ems"),
        ("a comprehensive face/neck lift", "facelift"),
        ("Facial rejuvenation surgery is required", "facelift"),
        ("two face lifts", "facelift"),
        ("a surgical facelift and or neck lift", "facelift"),
        ("Dysport or Xeomin", "botox"),
        ("hyaluronic acid fillers such as Juvederm", "dermal-fillers"),
        ("after Bell's palsy", "bells-palsy"),
        ("in cases of denervation", "facial-nerve-injury"),
        ("actinic damage", "sun-damage"),
        ("fractional CO2 laser", "laser-resurfacing"),
        ("RF microneedling", "rf-microneedling"),
        ("plain microneedling", "microneedling"),
    ],
)
def test_synonyms_are_matched(text: str, slug: str, entries: list[TaxonomyEntry]) -> None:
    assert slug in topics_in(text, entries)


def test_longest_phrase_wins(entries: list[TaxonomyEntry]) -> None:
    assert topics_in("radiofrequency microneedling", entries) == ["rf-microneedling"]
    assert topics_in("acne scars", entries) == ["acne-scars"]


@pytest.mark.parametrize(
    "text",
    [
        "fill the gaps",
        "we will lift the brow of the patient",
        "the skin peels a little",
    ],
)
def test_everyday_words_are_not_topics(text: str, entries: list[TaxonomyEntry]) -> None:
    assert topics_in(text, entries) == []


def test_bad_files_fail_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"slug": "Not A Slug", "name": "x", "kind": "treatment"}]))
    with pytest.raises(ValueError, match="slug"):
        load_taxonomy(bad)
    bad.write_text(json.dumps([{"slug": "x", "name": "x", "kind": "gadget"}]))
    with pytest.raises(ValueError, match="kind"):
        load_taxonomy(bad)
