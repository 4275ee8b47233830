"""The outcome charts: labelled counts that read on a phone and to a screen reader."""

from consilium.outcomes.charts import duration_histogram, worth_it_bar


def test_the_worth_it_bar_names_every_count_in_its_label_and_legend() -> None:
    chart = worth_it_bar({"yes": 3, "no": 1})
    assert 'aria-label="Worth it: 3, Not sure: 0, Not worth it: 1"' in chart
    assert '<ul class="chart-legend">' in chart
    for item in ("Worth it 3</li>", "Not sure 0</li>", "Not worth it 1</li>"):
        assert item in chart


def test_the_worth_it_bar_draws_only_the_answers_given() -> None:
    chart = worth_it_bar({"yes": 2, "not_sure": 0, "no": 2})
    assert chart.count("<rect") == 2
    assert 'width="160.0"' in chart


def test_no_reports_draw_no_chart() -> None:
    assert worth_it_bar({}) == ""
    assert duration_histogram([]) == ""


def test_the_histogram_puts_each_duration_in_its_month_bucket() -> None:
    chart = duration_histogram([2, 6, 6, 30, 60])
    assert "How long people tried it. &lt;1 mo months: 1; 1–2 months: 2; 2–3 months: 0" in chart
    assert "6–12 months: 1; 12+ months: 1" in chart
