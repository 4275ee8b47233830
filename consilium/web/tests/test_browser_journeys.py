"""Each role's way through the site in Chromium, counted in clicks, failing on any 4xx or 5xx.

A signed-out visitor posts a question in at most 5 clicks, a verified doctor goes from signing
in to a posted answer in at most 3, a patient reports how a trial went in at most 4, and a
moderator approves a doctor in at most 3. Typing is not counted; every click is. Screenshots of
each step are left in test-artifacts/browser/journey-*-laptop.png and -phone.png.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, Response, expect

from consilium.web.tests.browser import snap
from consilium.web.tests.conftest import PASSWORD, Cast, NewPerson

pytestmark = pytest.mark.browser


class Journey:
    """Counts a person's clicks and remembers every response that was an error."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.name = name
        self.clicks = 0
        self.errors: list[str] = []
        page.on("response", self._saw)

    def _saw(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    def click(self, target: Locator) -> None:
        target.click()
        self.clicks += 1

    def snap(self, step: str) -> None:
        snap(self.page, f"journey-{self.name}-{step}")

    def done(self, most: int) -> None:
        assert not self.errors, f"error responses on the way: {self.errors}"
        assert self.clicks <= most, f"{self.name}: {self.clicks} clicks, at most {most} allowed"
        print(f"{self.name}: {self.clicks} clicks")


def seed(cast: Cast, code: str) -> dict:
    """Run Python in the server's database (`consilium shell`) and read its JSON line."""
    output = cast.site.consilium("shell", "-c", code)
    return dict(json.loads(output.strip().splitlines()[-1]))


def test_a_signed_out_visitor_posts_a_question_in_five_clicks(cast: Cast, new_person: NewPerson):
    page = new_person()
    journey = Journey(page, "visitor")
    title = "Is a chemical peel safe for darker skin before a wedding?"
    page.goto(cast.site.url + "/")
    journey.click(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Ask the doctors")
    )
    page.get_by_label("Title").fill(title)
    page.get_by_label("Details").fill(
        "I am 29 with melasma on my cheeks and the wedding is in ten weeks. Is a light peel "
        "safe for my skin type, or could it make the patches darker?"
    )
    journey.snap("1-ask-signed-out")
    journey.click(page.get_by_role("button", name="Post question"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("status")).to_contain_text("your question is kept")
    journey.snap("2-sign-in")
    journey.click(page.get_by_role("link", name="Create an account"))
    page.get_by_label("Email").fill("new-visitor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    journey.click(page.get_by_role("button", name="Create account"))
    # Back on the ask form with what was typed.
    expect(page.get_by_label("Title")).to_have_value(title)
    journey.snap("3-draft-kept")
    journey.click(page.get_by_role("button", name="Post question"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_contain_text("Your question is posted")
    # The asker is not offered to answer, and is told what happens next.
    expect(page.get_by_role("link", name="Answer", exact=True)).to_have_count(0)
    expect(page.locator(".answers .note")).to_contain_text("we tell you here and by email")
    journey.snap("4-posted")
    journey.done(most=5)


def test_a_verified_doctor_signs_in_and_posts_an_answer_in_three_clicks(
    cast: Cast, new_person: NewPerson
):
    waiting = seed(cast, """
import json
from consilium.accounts.models import User
from consilium.qa.services import ask_question
from consilium.topics.models import Topic
question = ask_question(
    asker=User.objects.get(email="typist@example.org"),
    title="Does Botox for a gummy smile wear off evenly?",
    body="My dentist suggested Botox for a gummy smile. Does it wear off evenly on both sides?",
    topics=[Topic.objects.get(slug="botox")],
)
print(json.dumps({"url": question.get_absolute_url(), "pk": question.pk}))
""")  # fmt: skip
    page = new_person()
    journey = Journey(page, "doctor")

    # The doctor's home lists it among the questions waiting in their field.
    page.goto(cast.site.url + "/accounts/login/")
    page.get_by_label("Email").fill(cast.doctor)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr. Clara Axe")
    expect(page.get_by_role("heading", name="Waiting in your field")).to_be_visible()
    expect(
        page.get_by_role("link", name="Does Botox for a gummy smile wear off evenly?", exact=True)
    ).to_be_visible()
    journey.snap("0-doctor-home")
    page.get_by_role("button", name="Sign out").click()

    # Counted: from the link in a notification (signed out) to the answer on the page.
    journey.clicks = 0
    page.goto(cast.site.url + f"/questions/{waiting['pk']}/answer/new/")
    page.get_by_label("Email").fill(cast.doctor)
    page.get_by_label("Password").fill(PASSWORD)
    journey.click(page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Does Botox for a gummy smile wear off evenly?"
    )
    page.get_by_label("Title").fill("Usually evenly, if the doses match")
    page.get_by_label("Body").fill(
        "It wears off over three to four months, and evenly when both sides got the same "
        "dose. A small top-up at two weeks corrects most differences."
    )
    journey.click(page.get_by_role("radio", name="It depends"))
    journey.snap("1-answer-form")
    journey.click(page.get_by_role("button", name="Publish answer"))
    expect(page.get_by_role("status")).to_contain_text("Your answer is published")
    expect(
        page.locator(".post-actions").get_by_role("link", name="Edit your answer")
    ).to_be_visible()
    journey.snap("2-answered")
    journey.done(most=3)


def test_a_patient_reports_how_a_trial_went_in_four_clicks(cast: Cast, new_person: NewPerson):
    trial = seed(cast, f"""
import json
from datetime import timedelta
from django.utils import timezone
from consilium.accounts.services import sign_up
from consilium.qa.services import TrialPlan, ask_question
from consilium.topics.models import Topic
microneedling = Topic.objects.get(slug="microneedling")
question = ask_question(
    asker=sign_up(email="reporter@example.org", password={PASSWORD!r}, handle="reporter"),
    title="Will microneedling soften my rolling acne scars?",
    body="Starting three sessions a month apart. Is that enough to see a change?",
    topics=[microneedling],
    trial=TrialPlan(planned_weeks=12, started_on=timezone.localdate() - timedelta(weeks=13),
                    topic=microneedling, description="Microneedling"),
)
print(json.dumps({{"url": question.get_absolute_url()}}))
""")  # fmt: skip
    page = new_person()
    page.goto(cast.site.url + "/accounts/login/")
    page.get_by_label("Email").fill("reporter@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(cast.site.url + trial["url"])
    journey = Journey(page, "report")
    journey.click(page.get_by_role("link", name="tell others how it went"))
    expect(page.get_by_label("Treatment")).to_have_value("Microneedling")
    expect(page.get_by_label("For how many months?")).to_have_value("3")
    expect(page.get_by_label("Currency")).to_have_value("USD")  # Chromium asks in en-US
    journey.click(page.get_by_role("radio", name="Yes", exact=True))
    journey.click(page.get_by_title("4 of 5"))
    expect(page.get_by_role("radio", name="4 of 5")).to_be_checked()
    page.get_by_label("What happened?").fill(
        "The scars are shallower after three sessions; two days of redness each time."
    )
    journey.snap("1-report-form")
    journey.click(page.get_by_role("button", name="Send report"))
    expect(page.get_by_role("heading", name="What happened")).to_be_visible()
    journey.snap("2-reported")
    journey.done(most=4)


def test_a_moderator_approves_a_doctor_in_three_clicks(cast: Cast, new_person: NewPerson):
    seed(cast, f"""
import json
from consilium.accounts.services import sign_up
from consilium.doctors.services import apply_as_doctor
apply_as_doctor(
    user=sign_up(email="journey-applicant@example.org", password={PASSWORD!r}),
    display_name="Dr. Journey Applicant", specialty="Dermatology", licence_number="ON-77",
    board_certification="Royal College of Physicians and Surgeons of Canada",
    jurisdiction="Ontario, Canada",
)
print(json.dumps({{}}))
""")  # fmt: skip
    page = new_person()
    journey = Journey(page, "moderator")
    page.goto(cast.site.url + "/accounts/login/")
    page.get_by_label("Email").fill(cast.moderator)
    page.get_by_label("Password").fill(PASSWORD)
    journey.click(page.get_by_role("button", name="Sign in"))
    journey.click(page.get_by_role("link", name="Moderation"))
    expect(page.get_by_role("heading", name="Dr. Journey Applicant")).to_be_visible()
    journey.snap("1-queue")
    journey.click(page.get_by_role("button", name="Approve Dr. Journey Applicant"))
    expect(page.get_by_role("status")).to_contain_text("Dr. Journey Applicant is verified")
    journey.done(most=3)


def test_the_new_pages_look_right_at_both_widths(cast: Cast, new_person: NewPerson):
    page = new_person()
    journey = Journey(page, "browse")
    for step, path in [
        ("questions", "/questions/"),
        ("questions-unanswered", "/questions/?order=unanswered"),
        ("topics", "/topics/"),
        ("home", "/"),
    ]:
        page.goto(cast.site.url + path)
        journey.snap(step)
    journey.click(
        page.get_by_role("link", name=re.compile("^Next page"))
        .or_(page.get_by_role("link", name="All questions"))
        .first
    )
    assert not journey.errors, journey.errors
    response = page.goto(cast.site.url + "/no-such-page/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    snap(page, "journey-browse-404")
