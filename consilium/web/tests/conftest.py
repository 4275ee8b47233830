"""Browser-test fixtures, and what a failing browser test leaves behind for people to see.

Playwright is imported only by the fixtures that drive a browser, so the other web tests
are collected and run without it.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from consilium.web.tests.browser import (
    AXE_SCRIPT,
    CHROMIUM,
    CHROMIUM_ARGS,
    FAILURES,
    LAPTOP,
    LiveSite,
    live_site,
    open_pages,
    save_page,
)  # fmt: skip

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _playwright_installed() -> bool:
    try:
        return importlib.util.find_spec("playwright") is not None
    except ImportError:
        return False


# Without Playwright the browser modules are not collected at all (each also skips itself);
# every other web test runs.
if not _playwright_installed():
    collect_ignore_glob = ["test_browser_*.py"]

NewPerson = Callable[..., "Page"]
PASSWORD = "quiet-harbour-lantern-42"

# The demo content, and the people the browser tests sign in as, in one `consilium shell`.
SEED = f"""
import io
import json
from django.core.management import call_command
from django.utils import timezone
from consilium.accounts.models import User
from consilium.accounts.services import sign_up
from consilium.doctors.documents import DocumentUpload
from consilium.doctors.models import RegistryCheck
from consilium.doctors.services import apply_as_doctor, verify_doctor
from consilium.moderation.services import flag_content
from consilium.qa.models import Question
from consilium.qa.services import TrialPlan, ask_question, post_answer
from consilium.topics.models import Topic

call_command("demo")
password = {PASSWORD!r}
User.objects.create_superuser(
    username="moderator@example.org", email="moderator@example.org", password=password
)
patient = sign_up(email="reader@example.org", password=password, handle="reader")
sign_up(email="typist@example.org", password=password, handle="typist")
botox = Topic.objects.get(slug="botox")
question = ask_question(
    asker=patient,
    title="Is Botox for frown lines sensible at 29?",
    body="I frown a lot at screens and the lines stay. Is it too early for Botox?",
    topics=[botox],
    trial=TrialPlan(planned_weeks=12, started_on=timezone.localdate(), topic=botox,
                    description="Botox"),
)
doctor = apply_as_doctor(
    user=sign_up(email="doctor@example.org", password=password, handle="doctor"),
    display_name="Dr. Clara Axe", specialty="Dermatology", licence_number="ON-7",
    board_certification="Royal College of Physicians and Surgeons of Canada",
    jurisdiction="Ontario, Canada",
)
verify_doctor(doctor)
answer = post_answer(
    doctor=doctor, question=question, title="It depends on how deep the lines are",
    body="Light lines respond well; deep lines at rest need more than one approach.",
    verdict="depends",
)
apply_as_doctor(
    user=sign_up(email="applicant@example.org", password=password, handle="applicant"),
    display_name="Dr. Pending Person", specialty="Family medicine", licence_number="BC-9",
    board_certification="College of Family Physicians of Canada",
    jurisdiction="British Columbia, Canada",
    documents=[DocumentUpload(io.BytesIO(b"%PDF-1.7 %%EOF"), 14, "licence-scan.pdf")],
)
us_applicant = apply_as_doctor(
    user=sign_up(email="us-applicant@example.org", password=password, handle="us-applicant"),
    display_name="Dr. Lena Brandt", specialty="Dermatology", licence_number="MN-55102",
    board_certification="American Board of Dermatology", jurisdiction="Minnesota, US",
    npi_number="1234567893",
)
RegistryCheck.objects.create(
    profile=us_applicant, registry="nppes", queried_at=timezone.now(), outcome="partial",
    query={{"version": "2.1", "number": "1234567893"}},
    matched_fields={{"name": True, "state": True, "licence": False, "active": True}},
    summary={{"count": 1, "records": [{{
        "number": "1234567893", "name": "LENA BRANDT", "credential": "M.D.", "status": "A",
        "enumeration_date": "2012-05-14", "states": ["MN"],
        "licences": [{{"number": "88120", "state": "MN", "description": "Dermatology"}}],
        "specialties": ["Dermatology"],
    }}]}},
)
flag_content(reporter=patient, target=answer, reason="other", note="Please check the dose.")
demo = Question.objects.filter(title__icontains="microcurrent").first()
print(json.dumps({{
    "question": question.get_absolute_url(), "question_pk": question.pk,
    "answer_pk": answer.pk, "trial_pk": question.trial.pk,
    "demo_question": demo.get_absolute_url(), "demo_question_pk": demo.pk,
    "demo_doctor": demo.answers.first().doctor.get_absolute_url(),
}}))
"""


@dataclass(frozen=True)
class Cast:
    """The seeded site: who signs in, and where their posts are."""

    site: LiveSite
    question: str
    question_pk: int
    answer_pk: int
    trial_pk: int
    demo_question: str
    demo_question_pk: int
    demo_doctor: str
    moderator: str = "moderator@example.org"
    patient: str = "reader@example.org"
    typist: str = "typist@example.org"
    doctor: str = "doctor@example.org"
    applicant: str = "applicant@example.org"
    password: str = PASSWORD


@pytest.fixture(scope="session")
def cast() -> Iterator[Cast]:
    """One real server with the demo content and a few people, shared by the browser tests."""
    with live_site() as running:
        output = running.consilium("shell", "-c", SEED)
        yield Cast(site=running, **json.loads(output.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One Chromium per module: Playwright's sync API allows one running instance at a time,
    and other modules start their own."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_person(chromium: Browser) -> Iterator[NewPerson]:
    """Opens a page in a browser context of its own: one person, with their own cookies.

    The contexts close when the test is over, after a failure has been recorded, so the
    failure hook below still finds every page open.
    """
    contexts = []

    def open_page(
        *, javascript: bool = True, viewport: dict[str, int] = LAPTOP, axe: bool = False
    ) -> Page:
        context = chromium.new_context(viewport=viewport, java_script_enabled=javascript)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        if axe:  # axe-core in every page the context opens, ready for axe.run()
            context.add_init_script(path=AXE_SCRIPT)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and item.get_closest_marker("browser") is not None:
        keep_what_the_browser_saw(item, report)
    return report


def keep_what_the_browser_saw(item: pytest.Item, report: pytest.TestReport) -> None:
    """Save a screenshot and the HTML of every page the failed test still had open."""
    funcargs = getattr(item, "funcargs", {})
    pages = open_pages(list(funcargs.values()))
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("::", 1)[-1]).strip("-")
    saved = []
    for number, page in enumerate(pages, start=1):
        name = f"{stem}-{report.when}-{number}"
        try:
            save_page(page, name, folder=FAILURES)
        except Exception as error:  # the test's own failure matters more
            saved.append(f"{name}: could not save ({error})")
        else:
            saved.append(f"{FAILURES / name}.png and .html, at {page.url}")
    if saved:
        report.sections.append(("what the browser saw", "\n".join(saved)))
