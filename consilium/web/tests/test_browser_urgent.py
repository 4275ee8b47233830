"""The urgent-care notice in Chromium: before posting, with and without JavaScript, passing
axe and fitting a phone, and the asker's words kept."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import Page, expect

from consilium.web.tests.browser import LAPTOP, PHONE, save_page
from consilium.web.tests.conftest import Cast, NewPerson
from consilium.web.tests.test_browser_accessibility import check_page

pytestmark = pytest.mark.browser

TITLE = "My lip went white right after filler, is this normal?"
BODY = "I had lip filler an hour ago and the skin on my upper lip turned white and blotchy."


def type_question(page: Page, cast: Cast) -> None:
    page.goto(cast.site.url + "/ask/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Details").fill(BODY)


def test_the_live_preview_shows_the_notice_above_the_form(cast: Cast, new_person: NewPerson):
    page = new_person(axe=True)
    type_question(page, cast)

    page.locator("main").get_by_role("button", name="Preview").click()

    notice = page.get_by_role("alert").filter(has_text="This may be an emergency")
    expect(notice).to_be_visible()
    expect(notice.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    assert page.get_by_label("Title").input_value() == TITLE
    for name, size in (("1280", LAPTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        save_page(page, f"urgent-ask-preview-{name}")
    page.set_viewport_size(LAPTOP)
    assert check_page(page, "urgent-ask-preview") == []
    page.get_by_role("link", name="What to do until help arrives").click()
    expect(page.get_by_role("heading", name="If it may be an emergency")).to_be_visible()
    assert check_page(page, "urgent-what-to-do") == []


def test_without_javascript_posting_shows_the_notice_first_and_loses_nothing(
    cast: Cast, new_person: NewPerson
):
    page = new_person(javascript=False)
    type_question(page, cast)

    page.locator("main").get_by_role("button", name="Post question").click()

    expect(page.get_by_role("alert").filter(has_text="This may be an emergency")).to_be_visible()
    assert page.get_by_label("Title").input_value() == TITLE
    assert page.get_by_label("Details").input_value() == BODY
    save_page(page, "urgent-ask-submit-no-javascript")
