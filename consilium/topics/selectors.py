"""Reads of topics for the home and topic pages."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from consilium.consensus.taxonomy import TaxonomyEntry, matcher_for
from consilium.consensus.text import cue_text, norm_word, word_spans
from consilium.pagecache import versions
from consilium.pagecache.versions import remembered
from consilium.topics.models import Topic


def topics_with_questions() -> QuerySet[Topic]:
    return (
        Topic.objects.annotate(
            question_count=Count("questions", filter=Q(questions__is_hidden=False))
        )
        .filter(question_count__gt=0)
        .order_by("-question_count", "name")
    )


def topics_asked_about() -> list[Topic]:
    """topics_with_questions() as a list, kept under the versions every question and answer
    bumps: counting them reads every question's topics (half a second at 100,000 questions),
    which the home page and the question list did for each signed-in reader."""
    return remembered(
        "topics-asked-about",
        [versions.TAXONOMY, versions.QUESTION_LIST, versions.CARDS],
        lambda: list(topics_with_questions()),
    )


def topic_for_page(slug: str) -> Topic | None:
    """The topic and its related topics; its questions are paged by qa.selectors.question_page."""
    return (
        Topic.objects.prefetch_related(Prefetch("related", queryset=Topic.objects.order_by("name")))
        .filter(slug=slug)
        .first()
    )


def resolve_topics(text: str) -> tuple[list[Topic], list[str]]:
    """Topics named in comma-separated text, by name, slug or synonym; and the unknown names."""
    wanted = [part.strip() for part in text.split(",") if part.strip()]
    if not wanted:
        return [], []
    by_name: dict[str, Topic] = {}
    for topic in Topic.objects.all():
        for name in (topic.name, topic.slug, *topic.synonyms):
            by_name.setdefault(name.lower(), topic)
    found: dict[int, Topic] = {}
    unknown: list[str] = []
    for name in wanted:
        match = by_name.get(name.lower())
        if match is None:
            unknown.append(name)
        else:
            found.setdefault(match.pk, match)
    return list(found.values()), unknown


def suggest_topics(prefix: str, limit: int = 8) -> list[Topic]:
    """Topics whose name or a synonym contains the text, names first."""
    prefix = prefix.strip().lower()
    if not prefix:
        return []
    matches = []
    for topic in Topic.objects.order_by("name"):
        names = [topic.name.lower(), *(s.lower() for s in topic.synonyms)]
        if any(prefix in name for name in names):
            matches.append((not topic.name.lower().startswith(prefix), topic.name, topic))
    return [topic for *_, topic in sorted(matches, key=lambda m: (m[0], m[1]))[:limit]]


def topic_names() -> list[str]:
    return list(Topic.objects.order_by("name").values_list("name", flat=True))


def topics_with_counts() -> QuerySet[Topic]:
    """Every topic with its count of visible questions, for the API; unordered."""
    return Topic.objects.annotate(
        question_count=Count("questions", filter=Q(questions__is_hidden=False))
    )


def topic_index() -> list[Topic]:
    """Every topic with its count of visible questions, treatments first, then by name."""
    return list(
        Topic.objects.annotate(
            question_count=Count("questions", filter=Q(questions__is_hidden=False))
        ).order_by("kind", "name")
    )


def taxonomy_entries() -> list[TaxonomyEntry]:
    """The stored taxonomy in the shape the consensus method and its topic matcher read."""
    return [
        TaxonomyEntry(
            slug=t.slug,
            name=t.name,
            kind=t.kind,
            synonyms=tuple(t.synonyms),
            related=tuple(sorted(r.slug for r in t.related.all())),
        )
        for t in Topic.objects.order_by("slug").prefetch_related("related")
    ]


def topic_finder() -> Callable[..., list[Topic]]:
    """A function giving the topics that texts mention, loading the taxonomy once.

    The consensus method's own matcher finds them, so a thread is filed under the topics its
    consensus recognises ("face lifts" finds Facelift); first mention first.
    """
    matcher = matcher_for(taxonomy_entries())
    by_slug = {topic.slug: topic for topic in Topic.objects.all()}

    def find(*texts: str) -> list[Topic]:
        slugs: dict[str, None] = {}
        for text in texts:
            words = [(norm_word(w), s, e) for w, s, e in word_spans(cue_text(text))]
            slugs.update(dict.fromkeys(mention.slug for mention in matcher.find(words)))
        return [by_slug[slug] for slug in slugs if slug in by_slug]

    return find


def topics_named_in(*texts: str) -> list[Topic]:
    """Topics whose name or a synonym the texts mention (see topic_finder)."""
    return topic_finder()(*texts)


def topic_slugs_of_question(question_id: int) -> list[str]:
    return list(Topic.objects.filter(questions__pk=question_id).values_list("slug", flat=True))


def topics_for_sitemap() -> QuerySet[Topic]:
    """Topics with visible questions, with when the newest of them was asked."""
    return (
        Topic.objects.annotate(
            last_question_at=Max("questions__created_at", filter=Q(questions__is_hidden=False))
        )
        .filter(last_question_at__isnull=False)
        .order_by("slug")
    )
