"""The one-line summary at the top of a treatment page: doctors beside patients."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def doctors_phrase(verdicts: dict[str, int], questions: int) -> str:
    total = sum(verdicts.values())
    if total == 0:
        return "Doctors: no answers yet"
    across = f"across {questions} question{'s' if questions != 1 else ''}"
    sceptical = verdicts.get("not_recommended", 0)
    positive = verdicts.get("recommend", 0)
    depends = verdicts.get("depends", 0)
    if sceptical * 2 > total:
        return f"Doctors: {sceptical} of {total} sceptical {across}"
    if positive * 2 > total:
        return f"Doctors: {positive} of {total} recommend it {across}"
    return f"Doctors disagree {across}: {positive} yes, {depends} it depends, {sceptical} no"


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
