"""An imported thread and a treatment page in Chromium, at laptop and phone width."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import Browser, Page, expect

from consilium.web.tests.browser import ARTIFACTS, LAPTOP, PHONE, LiveSite, live_site, save_page

pytestmark = pytest.mark.browser

WIDTHS = [("laptop", LAPTOP), ("phone", PHONE)]

# Written for this test: a thread as a source site gives it, dates, doctors' details and
# untitled answers included.
THREAD = {
    "source": "https://www.example-answers.test/q/88123-microcurrent-jawline",
    "question": {
        "title": "Will a microcurrent device tighten my jawline at 52?",
        "body": "I use a facial EMS device every morning to firm my jawline. Is it worth it?",
        "date": "2016-05-14",
    },
    "answers": [
        {"body": "Probably not. Sagging at 52 comes from loose skin and lost volume, which "
                 "a current through the muscles does not change.",
         "doctor": {"name": "Dr. Amal Reyes", "specialty": "Facial plastic surgeon",
                    "location": "Austin, TX"},
         "date": "2016-05-15"},
        {"title": "Save the money for a consultation",
         "body": "A microcurrent device will not tighten a jawline. A neck lift does.",
         "doctor": {"name": "Dr. Jonas Berg", "specialty": "Dermatologist",
                    "location": "Leeds, UK"}},
        {"body": "It will not lift an ageing face; for muscle recovery after nerve injury it "
                 "can help, which is a different aim.",
         "date": "2016-06-02"},
    ],
}  # fmt: skip

# Two photos a patient chose to share, made here, and a report carrying them.
_SHARE_PHOTOS = """
import io
from decimal import Decimal
from PIL import Image
from consilium.accounts.models import User
from consilium.outcomes.services import PhotoUpload, report_outcome
from consilium.topics.models import Topic
patient = User.objects.create(username="gallery-patient", handle="quiet-heron-12")
photos = []
for kind, colour in (("before", (200, 170, 150)), ("after", (190, 160, 140))):
    data = io.BytesIO()
    Image.new("RGB", (480, 360), colour).save(data, format="JPEG")
    raw = data.getvalue()
    photos.append(PhotoUpload(kind=kind, file=io.BytesIO(raw), size=len(raw)))
report_outcome(patient=patient, topic=Topic.objects.get(slug="facial-ems"), weeks=10,
               worth_it="not_sure", rating=3, text="Ten weeks: my cheeks look a little fresher.",
               cost=Decimal("299"), currency="USD", photos=photos)
"""


@pytest.fixture(scope="module")
def site() -> Iterator[LiveSite]:
    with live_site() as running:
        running.consilium("demo")
        running.consilium("shell", "-c", _SHARE_PHOTOS)
        yield running


def _import(site: LiveSite, path: Path) -> str:
    output = site.consilium("import-thread", str(path))
    match = re.search(r"(?:Imported question|already imported as question) (\d+)", output)
    assert match, output
    return f"{site.url}/questions/{match.group(1)}/"


@pytest.fixture(scope="module")
def imported_url(site: LiveSite, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("threads") / "thread.json"
    path.write_text(json.dumps(THREAD))
    return _import(site, path)


def _overflow(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


@pytest.mark.parametrize(("width_name", "viewport"), WIDTHS)
def test_an_imported_thread_says_where_it_came_from(
    chromium: Browser, imported_url: str, width_name: str, viewport: dict[str, int]
):
    page = chromium.new_page(viewport=viewport)
    page.goto(imported_url)
    save_page(page, f"provenance-imported-{width_name}")
    note = page.locator(".provenance")
    expect(note).to_contain_text("Imported from example-answers.test on")
    expect(note).to_contain_text("asked on 14 May 2016")
    expect(note).to_contain_text("not verified by Consilium")
    expect(page.locator(".panel-provenance")).to_contain_text(
        "3 imported answers, not verified by Consilium"
    )
    titles = page.locator(".answer-title")
    expect(titles.nth(0)).to_have_text("Probably not.")
    expect(page.get_by_role("link", name="Dr. Amal Reyes")).to_have_count(0)
    assert not _overflow(page)
    page.close()


@pytest.mark.parametrize(("width_name", "viewport"), WIDTHS)
def test_the_reference_thread_reads_as_imported(
    chromium: Browser,
    site: LiveSite,
    seed_thread_path: Path,
    width_name: str,
    viewport: dict[str, int],
):
    page = chromium.new_page(viewport=viewport)
    page.goto(_import(site, seed_thread_path))
    save_page(page, f"provenance-reference-{width_name}")
    expect(page.locator(".provenance")).to_contain_text("not verified by Consilium")
    expect(page.locator(".panel-provenance")).to_contain_text("10 imported answers")
    expect(
        page.locator(".meta .tag", has_text="Facial electrical muscle stimulation")
    ).to_be_visible()
    # The panel: the central claim counted over the doctors who make it in their own words,
    # nerve recovery as the case where it helps, and the lines it can deepen as a risk.
    central = page.locator(".points-key li").first
    expect(central).to_contain_text(re.compile(r"revers|firm|lift|aging|ageing", re.I))
    doctors = int(central.locator(".doctor-count").inner_text().split()[0])
    assert doctors >= 8
    helps = page.locator(".points-exception li").first
    expect(helps).to_contain_text(re.compile(r"nerve|palsy", re.I))
    assert int(helps.locator(".doctor-count").inner_text().split()[0]) >= 3
    expect(page.locator(".points-exception")).not_to_contain_text("prominent")
    expect(page.locator(".points-risk")).to_contain_text("prominent")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("section.consensus").screenshot(path=str(ARTIFACTS / f"panel-{width_name}.png"))
    assert not _overflow(page)
    page.close()


@pytest.mark.parametrize(("width_name", "viewport"), WIDTHS)
def test_a_treatment_page_gives_traceable_figures_and_a_gallery(
    chromium: Browser, site: LiveSite, width_name: str, viewport: dict[str, int]
):
    page = chromium.new_page(viewport=viewport)
    page.goto(f"{site.url}/topics/facial-ems/")
    # The gallery's photos load lazily: bring them into view before the screenshot.
    page.locator(".gallery").scroll_into_view_if_needed()
    photos = page.locator(".gallery img")
    for index in range(photos.count()):
        expect(photos.nth(index)).to_have_js_property("complete", True)
    save_page(page, f"treatment-facial-ems-{width_name}")
    card = page.locator(".headline-card")
    expect(card).to_contain_text("Worth it")
    expect(card.get_by_role("link", name=re.compile(r"median £"))).to_be_visible()
    expect(page.locator(".gallery img")).to_have_count(2)
    assert not _overflow(page)

    # Without JavaScript the filter form still narrows the reports.
    page.select_option("select[name=currency]", "GBP")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#reports ~ .note").first).to_contain_text("1 of 8 reports match")
    expect(page.locator(".outcome")).to_have_count(1)
    save_page(page, f"treatment-facial-ems-filtered-{width_name}")
    page.close()
