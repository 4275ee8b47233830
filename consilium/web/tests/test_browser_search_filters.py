"""Search filters in Chromium: chips a keyboard reaches, folded on a phone until one is on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from consilium.web.tests.browser import PHONE
from consilium.web.tests.conftest import Cast, NewPerson

pytestmark = pytest.mark.browser


def test_on_a_phone_the_filters_start_folded_unless_one_is_on(cast: Cast, new_person: NewPerson):
    page = new_person(viewport=PHONE)
    page.goto(cast.site.url + "/search/?q=botox")
    filters = page.locator("details.search-filters")
    expect(filters).not_to_have_attribute("open", "")
    filters.locator("summary").click()
    answers = page.get_by_role("navigation", name="Answers")
    answers.get_by_role("link", name="Answered", exact=True).click()
    expect(page).to_have_url(cast.site.url + "/search/?q=botox&answered=yes")
    expect(filters).to_have_attribute("open", "")
    chosen = answers.locator("[aria-current=true]")
    expect(chosen).to_have_text("✓ Answered (on; choose to remove)")
    chosen.click()
    expect(page).to_have_url(cast.site.url + "/search/?q=botox")


def test_without_javascript_the_filters_stay_open_and_clear_at_once(
    cast: Cast, new_person: NewPerson
):
    page = new_person(viewport=PHONE, javascript=False)
    page.goto(cast.site.url + "/search/?q=botox&answered=yes&leaning=recommend")
    expect(page.locator("details.search-filters")).to_have_attribute("open", "")
    page.get_by_role("link", name="Clear all filters").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(cast.site.url + "/search/?q=botox")
