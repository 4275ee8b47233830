"""The treatment page's headline: doctors per purpose beside patients, honest about samples."""

from decimal import Decimal

from consilium.outcomes.headline import (
    CurrencyCost,
    PatientFigures,
    cost_phrase,
    time_tried_phrase,
    topic_headline,
    worth_it_phrase,
)

USD = CurrencyCost("USD", 6, Decimal("180"), Decimal("90"), Decimal("400"))
GBP = CurrencyCost("GBP", 1, Decimal("150"), Decimal("150"), Decimal("150"))
NOBODY = PatientFigures(0, None, 0, None)


def test_it_sets_doctors_beside_patients():
    patients = PatientFigures(26, 31, 8, 4.0, [USD])
    line = topic_headline([("Cosmetic result", {"not_recommended": 9, "depends": 1}, 4)], patients)
    assert line == (
        "Doctors on cosmetic result: 9 of 10 sceptical (4 questions) · "
        "Patients: 31% worth it (n = 26), median 4 months, median cost $180"
    )


def test_each_purpose_has_its_own_view():
    line = topic_headline(
        [("Cosmetic result", {"not_recommended": 10}, 1),
         ("Medical recovery", {"recommend": 4, "depends": 1}, 2)],
        NOBODY,
    )  # fmt: skip
    assert line.startswith(
        "Doctors on cosmetic result: 10 of 10 sceptical (1 question); "
        "medical recovery: 4 of 5 recommend it (2 questions)"
    )


def test_costs_in_two_currencies_are_given_apart():
    line = topic_headline(
        [("Other", {"recommend": 1}, 1)], PatientFigures(7, 14, 1, 2.0, [USD, GBP])
    )
    assert "median cost $180, median cost £150" in line


def test_a_cost_gives_its_median_range_and_count():
    assert cost_phrase(USD) == "median $180 ($90–$400, 6 reports)"
    assert cost_phrase(GBP) == "median £150 (1 report)"


def test_worth_it_is_a_percentage_only_from_five_reports():
    assert worth_it_phrase(7, 14, 1) == "14% of 7 reports"
    assert worth_it_phrase(4, None, 1) == "1 of 4 reports"


def test_time_tried_gives_weeks_when_short_and_months_when_long():
    assert time_tried_phrase(14, 2, 52) == "median 3.2 months (2 weeks to 12 months)"
    assert time_tried_phrase(6, 6, 6) == "6 weeks"


def test_small_samples_get_counts_not_percentages():
    line = topic_headline([("Other", {"recommend": 3}, 1)], PatientFigures(3, None, 2, 2.5))
    assert "Patients: 2 of 3 say worth it (n = 3)" in line
    assert "%" not in line


def test_split_doctors_are_shown_as_disagreement():
    line = topic_headline(
        [("Safety", {"recommend": 2, "depends": 1, "not_recommended": 2}, 2)], NOBODY
    )
    assert line.startswith("Doctors on safety: divided: 2 yes, 1 it depends, 2 no (2 questions)")
    assert "Patients: no reports yet" in line
