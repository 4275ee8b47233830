"""The one-line summary at the top of a treatment page: doctors beside patients."""

from __future__ import annotations

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


def doctors_phrase(verdicts: dict[str, int], questions: int) -> str:
    """The doctors' side, by the same leaning rule as each question's panel."""
    value = leaning(verdicts)
    if value == NONE:
        return "Doctors: no answers yet"
    across = f"across {questions} question{'s' if questions != 1 else ''}"
    decided = sum(verdicts.get(v, 0) for v in DECIDED)
    if value == UNCLEAR:
        return f"Doctors: no clear verdict yet {across}"
    if value == MIXED:
        positive, depends, sceptical = (verdicts.get(v, 0) for v in DECIDED)
        return f"Doctors disagree {across}: {positive} yes, {depends} it depends, {sceptical} no"
    phrase = {
        RECOMMEND: "recommend it",
        DEPENDS: "say it depends",
        NOT_RECOMMENDED: "sceptical",
    }[value]
    return f"Doctors: {verdicts.get(value, 0)} of {decided} {phrase} {across}"


@dataclass(frozen=True)
class PatientFigures:
    """What patients reported on a treatment, as the headline states it."""

    count: int
    worth_it_percent: int | None  # None below the number of reports a percentage needs
    worth_it_yes: int
    median_months: float | None
    median_cost: Decimal | None
    currency: str


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
    if figures.median_cost is not None:
        cost, currency = figures.median_cost, figures.currency
        sign = _CURRENCY_SIGNS.get(currency)
        parts.append(f"median cost {sign}{cost}" if sign else f"median cost {cost} {currency}")
    return ", ".join(parts)


def topic_headline(verdicts: dict[str, int], questions: int, patients: PatientFigures) -> str:
    return " · ".join([doctors_phrase(verdicts, questions), patients_phrase(patients)])
