"""Writes to the topic taxonomy."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from consilium.pagecache.services import pages_changed
from consilium.topics.models import Topic

SHIPPED_TAXONOMY = Path(__file__).resolve().parent / "taxonomy.json"


def sync_taxonomy(path: Path = SHIPPED_TAXONOMY) -> int:
    """Create the shipped topics that are missing and refresh their names and synonyms.

    Descriptions are left alone, since the site's editors may have written their own.
    Returns how many topics were created.
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    created_count = 0
    with transaction.atomic():
        existing = {topic.slug: topic for topic in Topic.objects.all()}
        for entry in entries:
            topic = existing.get(entry["slug"])
            if topic is None:
                topic = Topic.objects.create(
                    slug=entry["slug"],
                    name=entry["name"],
                    kind=entry["kind"],
                    synonyms=entry.get("synonyms", []),
                )
                existing[topic.slug] = topic
                created_count += 1
            elif topic.name != entry["name"] or topic.synonyms != entry.get("synonyms", []):
                topic.name = entry["name"]
                topic.synonyms = entry.get("synonyms", [])
                topic.save(update_fields=["name", "synonyms"])
        for entry in entries:
            related = [existing[slug] for slug in entry.get("related", []) if slug in existing]
            if related:
                existing[entry["slug"]].related.add(*related)
    pages_changed(taxonomy=True)
    return created_count
