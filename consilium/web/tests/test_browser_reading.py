"""Reading the site in Chromium: an imported thread and the demo content, laptop and phone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import Browser, Page, expect, sync_playwright

from consilium.web.tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LAPTOP,
    PHONE,
    LiveSite,
    live_site,
    save_page,
)  # fmt: skip

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Iterator[LiveSite]:
    with live_site() as running:
        running.consilium("demo")
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def imported_question_url(site: LiveSite, written_thread_path) -> str:
    output = site.consilium("import-thread", str(written_thread_path))
    match = re.search(r"Imported question \d+: \S+?(/questions/\S+)", output)
    assert match, output
    return site.url + match.group(1)


def document_overflows(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


@pytest.mark.parametrize(("width_name", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_an_imported_question_shows_its_ten_answer_titles(
    browser: Browser, imported_question_url: str, written_thread_path, width_name, viewport
):
    thread = json.loads(written_thread_path.read_text())
    page = browser.new_page(viewport=viewport)
    page.goto(imported_question_url)
    save_page(page, f"question-imported-{width_name}")
    expect(page.get_by_role("heading", level=1)).to_have_text(thread["question"]["title"])
    titles = page.locator(".answer-title")
    expect(titles).to_have_count(10)
    for index, answer in enumerate(thread["answers"]):
        expect(titles.nth(index)).to_have_text(answer["title"])
        expect(titles.nth(index)).to_be_visible()
    expect(page.get_by_role("heading", name="What the doctors say")).to_be_visible()
    assert not document_overflows(page)
    page.close()


@pytest.mark.parametrize(("width_name", "viewport"), [("laptop", LAPTOP), ("phone", PHONE)])
def test_the_demo_pages_read_well_at_laptop_and_phone_width(
    browser: Browser, site: LiveSite, width_name, viewport
):
    page = browser.new_page(viewport=viewport)
    page.goto(site.url + "/")
    save_page(page, f"home-{width_name}")
    assert not document_overflows(page)

    page.get_by_role("link", name=re.compile("microcurrent", re.I)).first.click()
    expect(page.get_by_role("heading", name="What the doctors say")).to_be_visible()
    save_page(page, f"question-demo-{width_name}")
    assert not document_overflows(page)

    page.locator(".consensus .points summary").first.click()
    expect(page.locator(".consensus .points blockquote").first).to_be_visible()
    save_page(page, f"question-demo-panel-open-{width_name}")

    page.locator("a.tag").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    save_page(page, f"topic-{width_name}")
    assert not document_overflows(page)

    page.go_back()
    page.locator(".answer .byline a").first.click()
    expect(page.get_by_role("heading", name="Answers")).to_be_visible()
    save_page(page, f"doctor-{width_name}")
    assert not document_overflows(page)

    if width_name == "laptop":
        page.get_by_role("searchbox", name="Search questions").fill("e-stim muscles")
        page.keyboard.press("Enter")
    else:  # the header's box may be folded away on a phone; the page has its own
        page.goto(site.url + "/search/?q=e-stim+muscles")
    expect(page.locator(".excerpt mark").first).to_be_visible()
    save_page(page, f"search-{width_name}")
    assert not document_overflows(page)
    page.close()
