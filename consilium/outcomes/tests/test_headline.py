"""The treatment page's headline: doctors beside patients, honest about small samples."""

from decimal import Decimal

from consilium.outcomes.headline import PatientFigures, topic_headline


def test_it_sets_doctors_beside_patients():
    patients = PatientFigures(
        count=26,
        worth_it_percent=31,
        worth_it_yes=8,
        median_months=4.0,
        median_cost=Decimal("180"),
        currency="USD",
    )
    line = topic_headline({"not_recommended": 9, "depends": 1}, 4, patients)
    assert line == (
        "Doctors: 9 of 10 sceptical across 4 questions · "
        "Patients: 31% worth it (n = 26), median 4 months, median cost $180"
    )


def test_small_samples_get_counts_not_percentages():
    patients = PatientFigures(3, None, 2, 2.5, None, "")
    line = topic_headline({"recommend": 3}, 1, patients)
    assert "Patients: 2 of 3 say worth it (n = 3)" in line
    assert "%" not in line


def test_split_doctors_are_shown_as_disagreement():
    nobody = PatientFigures(0, None, 0, None, None, "")
    line = topic_headline({"recommend": 2, "depends": 1, "not_recommended": 2}, 2, nobody)
    assert line.startswith("Doctors disagree across 2 questions: 2 yes, 1 it depends, 2 no")
    assert "Patients: no reports yet" in line
