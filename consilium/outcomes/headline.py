"""The words of a treatment page's headline: doctors beside patients, each figure plain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from consilium.consensus.leaning import (
    DECIDED,
    DEPENDS,
    MIXED,
    NONE,
    NOT_RECOMMENDED,
    RECOMMEND,
    UNCLEAR,
    leaning,
)

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


@dataclass(frozen=True)
class CurrencyCost:
    """What reports in one currency say a treatment cost; currencies are never mixed."""

    currency: str
    count: int
    median: Decimal
    low: Decimal
    high: Decimal


def money(amount: Decimal, currency: str) -> str:
    sign = _CURRENCY_SIGNS.get(currency)
    return f"{sign}{amount}" if sign else f"{amount} {currency}"


def verdict_phrase(verdicts: dict[str, int]) -> str:
    """Which way doctors' verdicts go, by the leaning rule every page shares: "9 of 10
    sceptical", or "divided: 2 yes, 1 it depends, 2 no"."""
    value = leaning(verdicts)
    if value == NONE:
        return "no answers yet"
    if value == UNCLEAR:
        return "no clear verdict yet"
    if value == MIXED:
        positive, depends, sceptical = (verdicts.get(v, 0) for v in DECIDED)
        return f"divided: {positive} yes, {depends} it depends, {sceptical} no"
    decided = sum(verdicts.get(v, 0) for v in DECIDED)
    phrase = {RECOMMEND: "recommend it", DEPENDS: "say it depends", NOT_RECOMMENDED: "sceptical"}
    return f"{verdicts.get(value, 0)} of {decided} {phrase[value]}"


def doctors_phrase(views: Sequence[tuple[str, dict[str, int], int]]) -> str:
    """The doctors' view for each purpose apart: (purpose label, verdicts, questions) each."""
    parts = []
    for label, verdicts, questions in views:
        if leaning(verdicts) == NONE:
            continue
        across = f"{questions} question{'s' if questions != 1 else ''}"
        parts.append(f"{label.lower()}: {verdict_phrase(verdicts)} ({across})")
    return "Doctors on " + "; ".join(parts) if parts else "Doctors: no answers yet"


def worth_it_phrase(count: int, worth_it_percent: int | None, worth_it_yes: int) -> str:
    """ "14% of 7 reports", or counts alone below the percentage threshold."""
    reports = f"{count} report{'s' if count != 1 else ''}"
    if worth_it_percent is None:
        return f"{worth_it_yes} of {reports}"
    return f"{worth_it_percent}% of {reports}"


def cost_phrase(cost: CurrencyCost) -> str:
    """ "median $450 ($200 to $900 as a dash-joined range, 6 reports)" for one currency."""
    spread = (
        f"{money(cost.low, cost.currency)}–{money(cost.high, cost.currency)}, "
        if cost.count > 1
        else ""
    )
    reports = f"{cost.count} report{'s' if cost.count != 1 else ''}"
    return f"median {money(cost.median, cost.currency)} ({spread}{reports})"


@dataclass(frozen=True)
class PatientFigures:
    """What patients reported on a treatment, as the headline states it."""

    count: int
    worth_it_percent: int | None  # None below the number of reports a percentage needs
    worth_it_yes: int
    median_months: float | None
    costs: Sequence[CurrencyCost] = ()


def patients_phrase(figures: PatientFigures) -> str:
    if figures.count == 0:
        return "Patients: no reports yet"
    if figures.worth_it_percent is None:
        # Too few reports for a percentage to mean anything: give the counts.
        parts = [
            f"Patients: {figures.worth_it_yes} of {figures.count} say worth it "
            f"(n = {figures.count})"
        ]
    else:
        parts = [f"Patients: {figures.worth_it_percent}% worth it (n = {figures.count})"]
    if figures.median_months is not None:
        months = f"{figures.median_months:g}"
        parts.append(f"median {months} month{'s' if months != '1' else ''}")
    # Each currency apart: a median across currencies would mean nothing.
    parts.extend(f"median cost {money(cost.median, cost.currency)}" for cost in figures.costs)
    return ", ".join(parts)


def topic_headline(
    doctors: Sequence[tuple[str, dict[str, int], int]], patients: PatientFigures
) -> str:
    """Doctors per purpose (label, verdicts, questions) beside patients' figures."""
    return " · ".join([doctors_phrase(doctors), patients_phrase(patients)])


def _span(weeks: float) -> str:
    if weeks < 9:
        rounded = round(weeks)
        return f"{rounded} week{'s' if rounded != 1 else ''}"
    months = round(weeks / 4.345, 1)
    return f"{months:g} month{'s' if f'{months:g}' != '1' else ''}"


def time_tried_phrase(median_weeks: float, shortest: int, longest: int) -> str:
    """ "median 3 months (2 weeks to 12 months)"."""
    if shortest == longest:
        return _span(median_weeks)
    return f"median {_span(median_weeks)} ({_span(shortest)} to {_span(longest)})"
