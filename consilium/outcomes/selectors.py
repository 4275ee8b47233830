"""Reads of outcomes: a topic's figures and a question's "What happened"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from statistics import median
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet

from consilium.accounts.models import User
from consilium.outcomes.charts import DURATION_BUCKETS, duration_histogram, worth_it_bar
from consilium.outcomes.headline import CurrencyCost, PatientFigures
from consilium.outcomes.models import OutcomePhoto, OutcomeReport, Trial, WorthIt
from consilium.qa.models import Question
from consilium.topics.models import Topic

# Below this many reports a percentage says more than the data can.
MIN_REPORTS_FOR_PERCENT = 5
# Reports listed on a treatment page at once; the filters narrow the rest down.
REPORTS_SHOWN = 50
# Reports whose photos the gallery shows, newest first.
GALLERY_REPORTS = 8

# "before" sorts after "after"; photos are shown before, then after.
BEFORE_FIRST = ("-kind", "id")
REPORT_SORTS = {"newest": "Newest", "worth_it": "Worth it first", "longest": "Longest tried"}
_DURATION_KEYS = {key for key, *_ in DURATION_BUCKETS}
_WORTH_ORDER: dict[str, int] = {WorthIt.YES: 0, WorthIt.NOT_SURE: 1, WorthIt.NO: 2}


@dataclass(frozen=True)
class ReportQuery:
    """Which of a topic's reports to list, and in what order, from the page's GET parameters."""

    worth: str = ""
    duration: str = ""
    currency: str = ""
    sort: str = "newest"

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> ReportQuery:
        """Unknown values are ignored rather than refused: a stale link still shows reports."""
        worth = params.get("worth", "")
        duration = params.get("duration", "")
        currency = params.get("currency", "").upper()
        sort = params.get("sort", "newest")
        return cls(
            worth=worth if worth in WorthIt.values else "",
            duration=duration if duration in _DURATION_KEYS else "",
            currency=currency if len(currency) == 3 and currency.isalpha() else "",
            sort=sort if sort in REPORT_SORTS else "newest",
        )

    @property
    def filtered(self) -> bool:
        return bool(self.worth or self.duration or self.currency)

    def link(self, **changes: str) -> str:
        """The query string of this selection with some values changed ("" drops one)."""
        values = {**asdict(self), **changes}
        if values["sort"] == "newest":
            values["sort"] = ""
        return "?" + urlencode({k: v for k, v in values.items() if v})

    def keeps(self, report: OutcomeReport) -> bool:
        if self.worth and report.worth_it != self.worth:
            return False
        if self.currency and (report.cost is None or report.currency != self.currency):
            return False
        if self.duration:
            _, low, high, _ = next(b for b in DURATION_BUCKETS if b[0] == self.duration)
            return low <= report.weeks < high
        return True


@dataclass(frozen=True)
class GalleryItem:
    report: OutcomeReport
    photos: list[OutcomePhoto]


@dataclass
class TopicOutcomes:
    count: int
    worth_it: dict[str, int]
    worth_it_percent: int | None
    median_weeks: float | None
    weeks_range: tuple[int, int] | None
    costs: list[CurrencyCost]
    query: ReportQuery = field(default_factory=ReportQuery)
    # The reports the query selects, in its order, at most REPORTS_SHOWN of them.
    reports: list[OutcomeReport] = field(default_factory=list)
    matching: int = 0
    gallery: list[GalleryItem] = field(default_factory=list)
    worth_it_chart: str = ""
    duration_chart: str = ""

    @property
    def median_months(self) -> float | None:
        return None if self.median_weeks is None else round(self.median_weeks / 4.345, 1)

    @property
    def worth_it_yes(self) -> int:
        return self.worth_it.get(WorthIt.YES, 0)

    @property
    def figures(self) -> PatientFigures:
        """The figures the treatment page's headline states."""
        return PatientFigures(
            count=self.count,
            worth_it_percent=self.worth_it_percent,
            worth_it_yes=self.worth_it_yes,
            median_months=self.median_months,
            costs=self.costs,
        )


def visible_reports() -> QuerySet[OutcomeReport]:
    """Reports everyone may see and every figure counts: not hidden by a moderator."""
    return OutcomeReport.objects.filter(is_hidden=False)


def reports_since(user: User, since: datetime) -> int:
    """How many reports the person has sent since then, hidden ones too."""
    return OutcomeReport.objects.filter(patient=user, created_at__gte=since).count()


def earlier_report(
    user: User, *, topic: Topic | None, trial: Trial | None, include_hidden: bool = False
) -> OutcomeReport | None:
    """The person's report on the trial, or on the treatment without a trial: what a new
    report edits instead of counting twice. A visible one comes before a hidden one."""
    reports = OutcomeReport.objects.all() if include_hidden else visible_reports()
    if trial is not None:
        reports = reports.filter(trial=trial, patient=user)
    elif topic is not None:
        reports = reports.filter(patient=user, topic=topic, trial__isnull=True)
    else:
        return None
    return reports.order_by("is_hidden", "-created_at", "-id").first()


def reports_of(user: User) -> QuerySet[OutcomeReport]:
    """Every report the person sent, hidden ones too, with treatment and photos; oldest first."""
    return (
        OutcomeReport.objects.filter(patient=user)
        .select_related("topic", "trial")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    )


def trials_of(user: User) -> QuerySet[Trial]:
    return Trial.objects.filter(patient=user).select_related("topic").order_by("started_on", "id")


def has_visible_twin(report: OutcomeReport) -> bool:
    """Would showing this hidden report make its author count twice on its treatment?"""
    if report.trial_id is not None or report.patient_id is None:
        return False
    return (
        visible_reports()
        .filter(patient_id=report.patient_id, topic_id=report.topic_id, trial__isnull=True)
        .exclude(pk=report.pk)
        .exists()
    )


def _costs(reports: list[OutcomeReport]) -> list[CurrencyCost]:
    """Median and range of the costs in each currency apart, most reported currency first."""
    by_currency: dict[str, list[Decimal]] = {}
    for report in reports:
        if report.cost is not None and report.currency:
            by_currency.setdefault(report.currency, []).append(report.cost)
    return sorted(
        (
            CurrencyCost(
                currency=currency,
                count=len(amounts),
                median=Decimal(median(amounts)).quantize(Decimal("1")),
                low=min(amounts).quantize(Decimal("1")),
                high=max(amounts).quantize(Decimal("1")),
            )
            for currency, amounts in by_currency.items()
        ),
        key=lambda cost: (-cost.count, cost.currency),
    )


def _ordered(reports: list[OutcomeReport], sort: str) -> list[OutcomeReport]:
    # Reports arrive newest first; sorted() keeps that order within equal keys.
    if sort == "worth_it":
        return sorted(reports, key=lambda r: _WORTH_ORDER.get(r.worth_it, 3))
    if sort == "longest":
        return sorted(reports, key=lambda r: -r.weeks)
    return reports


def topic_outcomes(topic: Topic, query: ReportQuery | None = None) -> TopicOutcomes:
    """A topic's figures over all its reports, and the reports the query lists.

    Two queries (one when there is no report): figures, lists and gallery come from the
    same rows, so each figure can link to the reports behind it.
    """
    query = query or ReportQuery()
    reports = list(
        visible_reports()
        .filter(topic=topic)
        .select_related("patient")
        .prefetch_related(Prefetch("photos", queryset=OutcomePhoto.objects.order_by(*BEFORE_FIRST)))
        .order_by("-created_at", "-id")
    )
    worth = Counter(r.worth_it for r in reports)
    count = len(reports)
    weeks = [r.weeks for r in reports]
    selected = _ordered([r for r in reports if query.keeps(r)], query.sort)
    return TopicOutcomes(
        count=count,
        worth_it=dict(worth),
        worth_it_percent=round(100 * worth["yes"] / count)
        if count >= MIN_REPORTS_FOR_PERCENT
        else None,
        median_weeks=median(weeks) if weeks else None,
        weeks_range=(min(weeks), max(weeks)) if weeks else None,
        costs=_costs(reports),
        query=query,
        reports=selected[:REPORTS_SHOWN],
        matching=len(selected),
        gallery=[
            GalleryItem(report, list(report.photos.all()))
            for report in reports
            if report.photos.all()
        ][:GALLERY_REPORTS],
        worth_it_chart=worth_it_bar(
            dict(worth), links={w: query.link(worth=w) + "#reports" for w in WorthIt.values}
        ),
        duration_chart=duration_histogram(
            weeks, links={k: query.link(duration=k) + "#reports" for k in _DURATION_KEYS}
        ),
    )


def question_outcome(question: Question | int) -> OutcomeReport | None:
    """The asker's report on the trial they named when asking, if they sent one."""
    photos = Prefetch("photos", queryset=OutcomePhoto.objects.order_by(*BEFORE_FIRST))
    return visible_reports().filter(trial__question=question).prefetch_related(photos).first()


def outcome_reports(topic: Topic) -> QuerySet[OutcomeReport]:
    """A topic's reports with their patient and photos, for the API to page through; unordered."""
    return (
        visible_reports()
        .filter(topic=topic)
        .select_related("patient")
        .prefetch_related(Prefetch("photos", queryset=OutcomePhoto.objects.order_by(*BEFORE_FIRST)))
    )


def last_currency(patient: User) -> str:
    """The currency of the patient's latest report that named one, or ""."""
    return (
        OutcomeReport.objects.filter(patient=patient)
        .exclude(currency="")
        .order_by("-created_at", "-id")
        .values_list("currency", flat=True)
        .first()
        or ""
    )
