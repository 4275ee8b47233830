"""How long a treatment was tried: people give and read months, trials and reports keep weeks."""

from __future__ import annotations

# Weeks in a month on average (52 weeks over 12 months).
WEEKS_PER_MONTH = 52 / 12


def weeks_from_months(months: int) -> int:
    """The stored length of a duration given in months, in whole weeks."""
    return round(months * WEEKS_PER_MONTH)


def months_from_weeks(weeks: int) -> int:
    """A stored length in whole months, never below one, as a form asks for it."""
    return max(1, round(weeks / WEEKS_PER_MONTH))


def duration_phrase(weeks: int) -> str:
    """A stored length as a reader sees it: months, or weeks when shorter than one month."""
    if weeks < 4:
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    months = months_from_weeks(weeks)
    return f"{months} month{'s' if months != 1 else ''}"
