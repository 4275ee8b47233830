"""Template filters for user content and verdicts."""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from consilium.consensus.selectors import Leaning
from consilium.outcomes import headline
from consilium.outcomes.durations import duration_phrase
from consilium.outcomes.models import OutcomeReport
from consilium.outcomes.selectors import ReportQuery, TopicOutcomes
from consilium.qa.markdown import plain_text, render_markdown
from consilium.qa.models import Answer
from consilium.qa.references import Reference, reference_links
from consilium.web import structured_data

register = template.Library()


@register.simple_tag
def verdict_pill(leaning: Leaning | None) -> SafeString:
    """A question card's verdict pill (web/_verdict_pill.html). Lists show the same few
    leanings again and again, so each process renders each one once."""
    if settings.DEBUG:  # a template being edited shows at once
        return _render_pill.__wrapped__(leaning)
    return _render_pill(leaning)


@functools.lru_cache(maxsize=512)
def _render_pill(leaning: Leaning | None) -> SafeString:
    return mark_safe(render_to_string("web/_verdict_pill.html", {"leaning": leaning}))  # noqa: S308


@register.filter
def markdown(text: str) -> SafeString:
    # render_markdown sanitises with nh3, so its output is safe to mark as such.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def excerpt(text: str, length: int = 180) -> str:
    words = plain_text(text)
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0] + "…"


@register.filter
def get_item(mapping: object, key: object) -> object:
    # A missing mapping (no consensus panel yet) reads as "nothing", like a missing variable.
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def contains(collection: object, item: object) -> bool:
    return isinstance(collection, (set, frozenset, list, tuple)) and item in collection


@register.filter
def may_agree(doctor_id: int | None, answer: Answer) -> bool:
    """Whether the reader, a verified doctor with this id, may agree with the answer."""
    return isinstance(doctor_id, int) and doctor_id != answer.doctor_id


@register.filter
def duration(weeks: int) -> str:
    """A stored length in weeks as people read it: "3 months", or "2 weeks" below a month."""
    return duration_phrase(weeks)


@register.filter
def written_by(answer: Answer, user: Any) -> bool:
    """Whether the signed-in reader wrote the answer, so marking it helpful is not offered."""
    return bool(getattr(user, "is_authenticated", False)) and answer.doctor.user_id == user.pk


@register.filter(name="reference_links")
def reference_links_filter(references: list[str]) -> list[Reference]:
    return reference_links(references)


@register.filter
def verdict_phrase(verdicts: dict[str, int]) -> str:
    """Which way doctors lean, e.g. "9 of 10 sceptical"."""
    return headline.verdict_phrase(verdicts)


@register.filter
def cost_phrase(cost: headline.CurrencyCost) -> str:
    return headline.cost_phrase(cost)


@register.filter
def worth_it_phrase(outcomes: TopicOutcomes) -> str:
    return headline.worth_it_phrase(
        outcomes.count, outcomes.worth_it_percent, outcomes.worth_it_yes
    )


@register.filter
def time_tried_phrase(outcomes: TopicOutcomes) -> str:
    if outcomes.median_weeks is None or outcomes.weeks_range is None:
        return ""
    return headline.time_tried_phrase(outcomes.median_weeks, *outcomes.weeks_range)


@register.simple_tag
def report_link(query: ReportQuery, report: OutcomeReport | None = None, **changes: str) -> str:
    """The link to the reports this selection, with some values changed, lists; or to one
    report among them."""
    return f"{query.link(**changes)}#{f'outcome-{report.pk}' if report else 'reports'}"


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """schema.org data for a <script type="application/ld+json"> element."""
    return structured_data.as_json_ld(data)


@register.filter
def absolute_url(path: str) -> str:
    return structured_data.absolute(path)
