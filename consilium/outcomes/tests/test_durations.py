"""Durations asked in months and kept in weeks read back as the months that were asked."""

from consilium.outcomes.durations import duration_phrase, months_from_weeks, weeks_from_months


def test_every_month_count_a_form_takes_comes_back_unchanged():
    for months in range(1, 121):
        assert months_from_weeks(weeks_from_months(months)) == months


def test_a_duration_reads_in_months_and_in_weeks_below_one_month():
    assert [duration_phrase(w) for w in (1, 3, 4, 13, 52)] == [
        "1 week", "3 weeks", "1 month", "3 months", "12 months"
    ]  # fmt: skip
