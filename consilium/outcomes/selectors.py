"""Reads of outcomes: a topic's figures and a question's "What happened"."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.db.models import Prefetch, QuerySet

from consilium.outcomes.charts import duration_histogram, worth_it_bar
from consilium.outcomes.headline import PatientFigures
from consilium.outcomes.models import OutcomePhoto, OutcomeReport
from consilium.qa.models import Question
from consilium.topics.models import Topic

# Below this many reports a percentage says more than the data can.
MIN_REPORTS_FOR_PERCENT = 5


@dataclass
class TopicOutcomes:
    count: int
    worth_it: dict[str, int]
    worth_it_percent: int | None
    median_weeks: float | None
    median_cost: Decimal | None
    cost_currency: str
    cost_count: int
    reports: list[OutcomeReport] = field(default_factory=list)
    worth_it_chart: str = ""
    duration_chart: str = ""

    @property
    def median_months(self) -> float | None:
        return None if self.median_weeks is None else round(self.median_weeks / 4.345, 1)

    @property
    def figures(self) -> PatientFigures:
        """The figures the treatment page's headline states."""
        return PatientFigures(
            count=self.count,
            worth_it_percent=self.worth_it_percent,
            worth_it_yes=self.worth_it.get("yes", 0),
            median_months=self.median_months,
            median_cost=self.median_cost,
            currency=self.cost_currency,
        )


def topic_outcomes(topic: Topic, *, recent: int = 10) -> TopicOutcomes:
    reports = list(
        OutcomeReport.objects.filter(topic=topic)
        .select_related("patient")
        .prefetch_related(Prefetch("photos", queryset=OutcomePhoto.objects.order_by("kind", "id")))
        .order_by("-created_at", "-id")
    )
    worth = Counter(r.worth_it for r in reports)
    count = len(reports)
    currencies = Counter(r.currency for r in reports if r.cost is not None)
    currency = currencies.most_common(1)[0][0] if currencies else ""
    costs = [r.cost for r in reports if r.cost is not None and r.currency == currency]
    return TopicOutcomes(
        count=count,
        worth_it=dict(worth),
        worth_it_percent=round(100 * worth["yes"] / count)
        if count >= MIN_REPORTS_FOR_PERCENT
        else None,
        median_weeks=median(r.weeks for r in reports) if reports else None,
        median_cost=Decimal(median(costs)).quantize(Decimal("1")) if costs else None,
        cost_currency=currency,
        cost_count=len(costs),
        reports=reports[:recent],
        worth_it_chart=worth_it_bar(dict(worth)),
        duration_chart=duration_histogram([r.weeks for r in reports]),
    )


def question_outcome(question: Question) -> OutcomeReport | None:
    """The asker's report on the trial they named when asking, if they sent one."""
    return OutcomeReport.objects.filter(trial__question=question).prefetch_related("photos").first()


def outcome_reports(topic: Topic) -> QuerySet[OutcomeReport]:
    """A topic's reports with their patient and photos, for the API to page through; unordered."""
    return (
        OutcomeReport.objects.filter(topic=topic)
        .select_related("patient")
        .prefetch_related(Prefetch("photos", queryset=OutcomePhoto.objects.order_by("kind", "id")))
    )
