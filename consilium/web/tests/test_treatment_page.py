"""A treatment page: doctors per purpose beside patients' figures, each traceable to its rows."""

from decimal import Decimal

import pytest

from consilium.consensus.services import refresh_consensus
from consilium.outcomes.models import WorthIt
from consilium.outcomes.tests.factories import OutcomePhotoFactory, OutcomeReportFactory
from consilium.qa.models import Purpose, Verdict
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(slug="t-estim", name="E-stim test", kind="treatment")


def _question(topic, purpose, verdicts, title="A question"):
    question = QuestionFactory(title=title, purpose=purpose)
    question.topics.add(topic)
    for verdict in verdicts:
        AnswerFactory(question=question, verdict=verdict)
    refresh_consensus(question.pk)
    return question


def _page(client, topic, query=""):
    return client.get(topic.get_absolute_url() + query).content.decode()


def test_doctors_figures_are_given_per_purpose_never_added_across(client, topic):
    no = Verdict.NOT_RECOMMENDED
    _question(topic, Purpose.COSMETIC, [no, no, no], title="Will it firm my face?")
    _question(topic, Purpose.RECOVERY, [Verdict.RECOMMEND, Verdict.RECOMMEND, no],
              title="Will it help after Bell's palsy?")  # fmt: skip

    page = _page(client, topic)

    assert "Cosmetic result" in page
    assert 'href="?purpose=cosmetic#questions">3 of 3 sceptical</a>' in page
    assert 'href="?purpose=recovery#questions">2 of 3 recommend it</a>' in page
    assert "4 of 6" not in page


def test_a_purpose_link_lists_only_the_questions_it_counts(client, topic):
    _question(topic, Purpose.COSMETIC, [Verdict.NOT_RECOMMENDED], title="Will it firm my face?")
    _question(topic, Purpose.RECOVERY, [Verdict.RECOMMEND], title="Will it help my palsy?")

    page = _page(client, topic, "?purpose=recovery")

    questions = page.split('id="questions"', 1)[1]
    assert "Will it help my palsy?" in questions
    assert "Will it firm my face?" not in questions
    assert "Asked for medical recovery: 1 question" in questions


def test_below_five_reports_counts_are_given_not_a_percentage(client, topic):
    OutcomeReportFactory(topic=topic, worth_it=WorthIt.YES)
    OutcomeReportFactory.create_batch(3, topic=topic, worth_it=WorthIt.NO)

    page = _page(client, topic)

    assert "1 of 4 reports" in page
    assert "25%" not in page
    assert "Fewer than 5 reports: counts, not percentages." in page


def test_from_five_reports_the_worth_it_share_is_a_percentage_linked_to_its_reports(client, topic):
    OutcomeReportFactory(topic=topic, worth_it=WorthIt.YES)
    OutcomeReportFactory.create_batch(6, topic=topic, worth_it=WorthIt.NO)

    page = _page(client, topic)

    assert '<a class="headline-figure" href="?worth=yes#reports">14% of 7 reports</a>' in page


def test_costs_are_summed_up_per_currency_and_never_mixed(client, topic):
    for amount in ("200", "450", "900"):
        OutcomeReportFactory(topic=topic, cost=Decimal(amount), currency="USD")
    OutcomeReportFactory(topic=topic, cost=Decimal("150"), currency="GBP")

    page = _page(client, topic)

    assert 'href="?currency=USD#reports">median $450 ($200–$900, 3 reports)</a>' in page
    assert 'href="?currency=GBP#reports">median £150 (1 report)</a>' in page
    assert "$325" not in page  # the median of all four amounts, as if one currency


def test_a_currency_link_lists_exactly_the_reports_behind_that_figure(client, topic):
    usd = OutcomeReportFactory(topic=topic, cost=Decimal("450"), currency="USD")
    gbp = OutcomeReportFactory(topic=topic, cost=Decimal("150"), currency="GBP")
    no_cost = OutcomeReportFactory(topic=topic)

    page = _page(client, topic, "?currency=GBP")

    reports = page.split('id="reports"', 1)[1]
    assert f'id="outcome-{gbp.pk}"' in reports
    assert f'id="outcome-{usd.pk}"' not in reports
    assert f'id="outcome-{no_cost.pk}"' not in reports
    assert "1 of 3 reports match" in reports


def test_reports_filter_by_worth_it_and_duration_and_sort_longest_first(client, topic):
    short_yes = OutcomeReportFactory(topic=topic, weeks=2, worth_it=WorthIt.YES)
    long_yes = OutcomeReportFactory(topic=topic, weeks=30, worth_it=WorthIt.YES)
    long_no = OutcomeReportFactory(topic=topic, weeks=40, worth_it=WorthIt.NO)

    only_yes = _page(client, topic, "?worth=yes&sort=longest").split('id="reports"', 1)[1]
    assert f'id="outcome-{long_no.pk}"' not in only_yes
    assert only_yes.index(f'id="outcome-{long_yes.pk}"') < only_yes.index(
        f'id="outcome-{short_yes.pk}"'
    )
    six_to_twelve = _page(client, topic, "?duration=6-12").split('id="reports"', 1)[1]
    assert f'id="outcome-{long_yes.pk}"' in six_to_twelve
    assert f'id="outcome-{long_no.pk}"' in six_to_twelve
    assert f'id="outcome-{short_yes.pk}"' not in six_to_twelve


def test_unknown_filter_values_are_ignored_and_every_report_shows(client, topic):
    report = OutcomeReportFactory(topic=topic)
    response = client.get(topic.get_absolute_url() + "?worth=maybe&duration=x&sort=%00&currency=²")
    assert response.status_code == 200
    assert f'id="outcome-{report.pk}"' in response.content.decode()


def test_the_duration_chart_bars_link_to_the_reports_they_count(client, topic):
    OutcomeReportFactory(topic=topic, weeks=30)
    page = _page(client, topic)
    assert '<a href="?duration=6-12#reports" aria-label="6–12 months: 1 report"><rect' in page


def test_the_gallery_shows_shared_before_and_after_photos_linked_to_their_report(client, topic):
    report = OutcomeReportFactory(topic=topic)
    OutcomePhotoFactory(report=report, kind="before", name="a" * 32 + ".jpg")
    OutcomePhotoFactory(report=report, kind="after", name="b" * 32 + ".jpg")
    OutcomeReportFactory(topic=topic)  # no photos: not in the gallery

    page = _page(client, topic)

    gallery = page.split('class="gallery"', 1)[1].split("</section>", 1)[0]
    assert gallery.count("<img") == 2
    assert gallery.index("aaaa") < gallery.index("bbbb")  # before, then after
    assert f"#outcome-{report.pk}" in gallery


def test_the_treatment_page_runs_a_fixed_number_of_queries(
    client, topic, django_assert_num_queries
):
    for n in range(6):
        _question(topic, Purpose.COSMETIC if n % 2 else Purpose.RECOVERY, [Verdict.DEPENDS])
        report = OutcomeReportFactory(topic=topic, cost=Decimal(100 + n), currency="USD")
        OutcomePhotoFactory(report=report)
    # topic, its related topics, a page of its questions with consensus, their topics, the
    # figures across all its questions, reports, their photos
    with django_assert_num_queries(7):
        client.get(topic.get_absolute_url() + "?worth=not_sure&sort=longest")
