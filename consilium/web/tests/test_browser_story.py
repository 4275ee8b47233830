"""The whole story in Chromium, with and without JavaScript: ask, verify, answer, agree, report.

Every step leaves screenshots in test-artifacts/browser/, story-js-<step>-laptop.png and
-phone.png (1280 and 375 px), story-nojs-<step>-laptop.png; at 375 px no page scrolls sideways.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import Page, expect

from consilium.web.tests.browser import LiveSite, snap
from consilium.web.tests.conftest import PASSWORD, Cast, NewPerson

pytestmark = pytest.mark.browser

# Buttons that do nothing without JavaScript: not a submit button of a form.
DEAD_CONTROLS = """() => [
  ...[...document.querySelectorAll("button")].filter((b) => b.type !== "submit" || !b.form),
  ...document.querySelectorAll("a:not([href]), a[href='#'], a[href^='javascript:']"),
].map((el) => el.outerHTML.slice(0, 120))"""


class Story:
    """Names the screenshots of one run of the story and checks each step's page."""

    def __init__(self, javascript: bool) -> None:
        self.javascript = javascript
        self.tag = "js" if javascript else "nojs"
        self.steps = 0

    def snap(self, page: Page, name: str) -> None:
        self.steps += 1
        # Without JavaScript the pages look the same: the phone width is checked, not kept.
        snap(page, f"story-{self.tag}-{self.steps:02d}-{name}", phone_screenshot=self.javascript)
        if not self.javascript:
            dead = page.evaluate(DEAD_CONTROLS)
            assert not dead, f"controls that need JavaScript on {page.url}: {dead}"


def sign_up(page: Page, site: LiveSite, email: str, handle: str) -> None:
    page.goto(site.url + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Public handle (optional)").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # Where a newcomer was going when no page sent them: the ask form.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the doctors")
    expect(page.get_by_role("status")).to_contain_text(f"You appear on the site as {handle}")


def sign_in(page: Page, site: LiveSite, email: str) -> None:
    page.goto(site.url + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def apply_as_doctor(page: Page, name: str, licence: str) -> None:
    page.goto(re.sub(r"^(https?://[^/]+).*$", r"\1/accounts/", page.url))
    page.get_by_role("link", name="Apply to answer questions").click()
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Specialty").fill("Dermatology")
    page.get_by_label("Board certification").fill("American Board of Dermatology")
    page.get_by_label("Licence number").fill(licence)
    page.get_by_label("Jurisdiction").fill("Ontario, Canada")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("status")).to_contain_text("A moderator will review")
    expect(page.get_by_text("Pending review")).to_be_visible()


def open_question_from_home(page: Page, site: LiveSite, title: str) -> None:
    page.goto(site.url + "/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def write_answer(page: Page, title: str, body: str) -> None:
    page.locator(".post-actions").get_by_role("link", name="Answer", exact=True).click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(body)
    page.get_by_role("radio", name="Yes", exact=True).check()


def publish_answer(page: Page, title: str) -> None:
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer is published")
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def wait_for_consensus(page: Page, yes: int, timeout: float = 90) -> None:
    """The task worker recomputes the consensus in the background: reload until it shows."""
    deadline = time.monotonic() + timeout
    panel = page.locator("section.consensus")
    yes_count = panel.locator(".tally-item.verdict-recommend .tally-number")
    while True:
        if panel.count() and yes_count.inner_text().strip() == str(yes):
            return
        assert time.monotonic() < deadline, f"no consensus with {yes} yes after {timeout} s"
        time.sleep(0.5)
        page.reload()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_patient_asks_two_doctors_agree_and_the_patient_reports_how_it_went(
    cast: Cast, new_person: NewPerson, javascript: bool
):
    site, story = cast.site, Story(javascript)
    tag = story.tag
    treatment = "Minoxidil" if javascript else "Finasteride"
    topic_slug = "minoxidil" if javascript else "finasteride"
    title = f"Will {treatment.lower()} help the thinning at my temples ({tag})?"
    first_doctor, second_doctor = f"Dr. Ada Stone {tag}", f"Dr. Ben Okafor {tag}"
    first_answer = f"Worth a try for a few months ({tag})"

    # A patient signs up and asks, saying what they are trying, started ten weeks ago.
    patient = new_person(javascript=javascript)
    sign_up(patient, site, f"patient-{tag}@example.org", f"patient-{tag}")
    story.snap(patient, "patient-signed-up")
    patient.get_by_role("link", name="Ask the doctors", exact=True).click()
    patient.get_by_label("Title").fill(title)
    patient.get_by_label("Details").fill(
        "I am 34 and my hairline has thinned at the temples over two years. "
        "Is it **worth it**, and how long before I would see a change?"
    )
    patient.get_by_label("Topics").fill(treatment)
    patient.get_by_label("What are you trying? (optional)").fill(treatment)
    patient.get_by_label("For how many months?").fill("2")
    started = date.today() - timedelta(weeks=10)
    patient.get_by_label("Starting on").fill(started.isoformat())
    story.snap(patient, "ask-filled-in")
    patient.get_by_role("button", name="Preview").click()
    expect(patient.locator("#preview strong")).to_have_text("worth it")
    expect(patient.get_by_label("Title")).to_have_value(title)
    story.snap(patient, "ask-preview")
    patient.get_by_role("button", name="Post question").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text(title)
    expect(patient.get_by_role("status")).to_contain_text("Your question is posted")
    expect(patient.locator(".trial-note").first).to_contain_text(
        f"The asker is trying {treatment} for 2 months"
    )
    story.snap(patient, "question-posted")

    # Two doctors apply from their account page.
    doctor = new_person(javascript=javascript)
    sign_up(doctor, site, f"ada-{tag}@example.org", f"ada-{tag}")
    apply_as_doctor(doctor, first_doctor, f"ON-{tag}-1")
    story.snap(doctor, "doctor-applied")
    colleague = new_person(javascript=javascript)
    sign_up(colleague, site, f"ben-{tag}@example.org", f"ben-{tag}")
    apply_as_doctor(colleague, second_doctor, f"ON-{tag}-2")

    # A moderator (a superuser made by `consilium shell`, see conftest) verifies both.
    moderator = new_person(javascript=javascript)
    sign_in(moderator, site, cast.moderator)
    moderator.get_by_role("link", name="Moderation").click()
    expect(moderator.get_by_role("heading", name=first_doctor)).to_be_visible()
    story.snap(moderator, "moderation-queue")
    for name in (first_doctor, second_doctor):
        moderator.get_by_role("button", name=f"Approve {name}").click()
        expect(moderator.get_by_role("status")).to_contain_text(f"{name} is verified")
    expect(moderator.get_by_role("heading", name=first_doctor)).to_have_count(0)
    story.snap(moderator, "doctors-verified")

    # The first doctor answers with a verdict.
    open_question_from_home(doctor, site, title)
    write_answer(
        doctor,
        first_answer,
        f"{treatment} helps many people with early thinning. Keep at it for at least four "
        "months before you judge it, and expect some shedding in the first weeks.",
    )
    story.snap(doctor, "answer-form")
    publish_answer(doctor, first_answer)
    story.snap(doctor, "first-answer")

    # The second doctor answers too, and agrees with the first.
    open_question_from_home(colleague, site, title)
    second_answer = f"Yes, if you give it time ({tag})"
    write_answer(
        colleague,
        second_answer,
        "It is a reasonable first step. Give it at least four months, and "
        "see a dermatologist if the thinning speeds up or the scalp is itchy.",
    )
    publish_answer(colleague, second_answer)
    first = colleague.locator("article.answer", has_text=first_answer)
    colleague.evaluate("window.samePage = true")
    first.get_by_role("button", name=re.compile(r"^Agree")).click()
    first = colleague.locator("article.answer", has_text=first_answer)
    expect(first.get_by_role("button", name=re.compile("You agree"))).to_have_attribute(
        "aria-pressed", "true"
    )
    # With JavaScript the votes are replaced in place; without, the page comes back.
    assert colleague.evaluate("window.samePage === true") is javascript
    story.snap(colleague, "second-doctor-agrees")

    # The consensus panel, recomputed by the task worker, shows both doctors saying yes.
    wait_for_consensus(colleague, yes=2)
    panel = colleague.locator("section.consensus")
    panel.locator(".tally-item.verdict-recommend summary").click()
    for name in (first_doctor, second_doctor):
        expect(panel.get_by_role("link", name=re.compile(re.escape(name)))).to_be_visible()
    story.snap(colleague, "consensus-panel")

    # The patient sees the follow notifications and marks the first answer helpful.
    patient.goto(site.url + "/")
    unread = patient.locator(".unread-count")
    expect(unread).to_be_visible()
    assert int(unread.inner_text()) >= 2
    patient.get_by_role("link", name=re.compile("^Notifications")).click()
    answered = patient.get_by_role("link", name=f"{first_doctor} answered “{title}”")
    expect(answered).to_be_visible()
    expect(patient.get_by_role("link", name=f"{second_doctor} answered “{title}”")).to_be_visible()
    story.snap(patient, "notifications")
    answered.click()
    helpful = patient.locator("article.answer", has_text=first_answer)
    helpful.get_by_role("button", name=re.compile("^Helpful")).click()
    helpful = patient.locator("article.answer", has_text=first_answer)
    expect(helpful.get_by_role("button", name=re.compile("Helpful to you"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(helpful.locator(".vote-count").last).to_have_text("1")
    story.snap(patient, "marked-helpful")

    # Later: the trial has ended, the reminder goes out, and the patient reports back.
    assert re.fullmatch(r"Sent \d+ reminders\.\s*", site.consilium("remind-trials"))
    patient.goto(site.url + "/")
    patient.get_by_role("link", name=re.compile("^Notifications")).click()
    patient.get_by_role(
        "link", name=f"Your trial of {treatment} for 2 months has ended: how did it go?"
    ).click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("How did it go?")
    expect(patient.get_by_label("Treatment")).to_have_value(treatment)
    expect(patient.get_by_label("For how many months?")).to_have_value("2")
    patient.get_by_role("radio", name="Yes", exact=True).check()
    patient.get_by_title("4 of 5").click()
    expect(patient.get_by_role("radio", name="4 of 5")).to_be_checked()
    patient.get_by_label("What did it cost in all? (optional)").fill("120")
    patient.get_by_label("Currency").select_option("USD")
    report = f"Some regrowth at the temples after two months; a little itch at first ({tag})."
    patient.get_by_label("What happened?").fill(report)
    story.snap(patient, "report-form")
    patient.get_by_role("button", name="Send report").click()
    expect(patient.get_by_role("status")).to_contain_text("your report now counts")
    expect(patient.get_by_role("heading", name="What happened")).to_be_visible()
    story.snap(patient, "reported")

    # The treatment page counts the report.
    patient.locator("article.question").get_by_role("link", name=treatment).click()
    expect(patient).to_have_url(re.compile(f"/topics/{topic_slug}/$"))
    expect(patient.get_by_role("heading", name="What patients report (1)")).to_be_visible()
    expect(patient.get_by_text(report)).to_be_visible()
    story.snap(patient, "treatment-page")
