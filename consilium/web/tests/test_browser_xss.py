"""Pages full of XSS payloads, opened in Chromium with alert and friends hooked: nothing runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import Browser

from consilium.web.tests.browser import LiveSite, live_site
from consilium.web.tests.xss import CORPUS

pytestmark = pytest.mark.browser

# Seeds one site with the corpus in every kind of text a page shows, through the services
# (the test client posts it through the forms in test_xss_corpus.py).
SEED = """
import json
from django.utils import timezone
from consilium.accounts.services import sign_up
from consilium.doctors.services import apply_as_doctor, verify_doctor
from consilium.outcomes.services import report_outcome
from consilium.qa.services import (
    TrialPlan, ask_question, edit_question, post_answer, post_question_update,
)
from consilium.topics.models import Topic
from consilium.web.tests.xss import batches, payloads

every = payloads()
patient = sign_up(email="xss-patient@example.org", password="x-long-password-1")
doctor = verify_doctor(apply_as_doctor(
    user=sign_up(email="xss-doctor@example.org", password="x-long-password-2"),
    display_name=every[18][:120], specialty=every[0][:120], licence_number="X-1",
    board_certification=every[40][:200], jurisdiction=every[59][:120], bio=every[230],
))
topic = Topic.objects.create(slug="xss-test", name="Xss test", kind="treatment")
bodies = list(batches(every, 10_000))
question = ask_question(
    asker=patient, title=every[0][:200], body=bodies[0], topics=[topic],
    trial=TrialPlan(planned_weeks=4, started_on=timezone.localdate(), topic=topic,
                    description=every[18][:200]),
)
edit_question(question=question, editor=patient, title=every[19][:200], body=bodies[1],
              topics=[topic])
post_question_update(question=question, author=patient, body=bodies[2][:5000])
post_answer(doctor=doctor, question=question, title=every[5][:200], body=bodies[-1],
            verdict="depends", references=[])
for n, text in enumerate(batches(every, 5000)):
    report_outcome(patient=sign_up(email=f"xss-{n}@example.org", password="x-long-pass-3"),
                   topic=topic, weeks=8, worth_it="no", rating=2, text=text)
print(json.dumps({"question": question.get_absolute_url(), "pk": question.pk,
                  "topic": topic.get_absolute_url(), "doctor": doctor.get_absolute_url()}))
"""

# Before any page script: every way a payload could show it ran is recorded, not shown.
HOOKS = """
window.__ran = [];
window.__blocked = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + "(" + args.join(",") + ")"); };
}
document.addEventListener("securitypolicyviolation", (event) => {
  window.__blocked.push(event.violatedDirective + " " + event.blockedURI + " " + event.sample);
});
"""


@pytest.fixture(scope="module")
def hostile_site() -> Iterator[tuple[LiveSite, dict[str, object]]]:
    with live_site() as site:
        output = site.consilium("shell", "-c", SEED)
        yield site, json.loads(output.strip().splitlines()[-1])


def test_no_payload_runs_in_chromium(chromium: Browser, hostile_site):
    site, urls = hostile_site
    payloads = [line for line in CORPUS.read_text().splitlines() if not line.startswith("## ")]
    pages = [
        "/",
        str(urls["question"]),
        f"/history/question/{urls['pk']}/",
        str(urls["topic"]),
        str(urls["doctor"]),
        *(f"/search/?q={quote(payload)}" for payload in payloads[:: len(payloads) // 8]),
    ]
    context = chromium.new_context()
    context.add_init_script(HOOKS)
    here = urlsplit(site.url).netloc
    elsewhere: list[str] = []

    def only_this_site(route, request) -> None:
        if urlsplit(request.url).netloc in {here, ""} or request.url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(request.url)
            route.abort()

    context.route("**/*", only_this_site)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        # The hooks see a payload that does run, outside the site and its policy.
        page.goto("data:text/html,<img src=x onerror=alert(1)>")
        page.wait_for_function("window.__ran.length > 0")
        assert page.evaluate("window.__ran") == ["alert(1)"]
        for path in pages:
            page.goto(site.url + path, wait_until="load")
            # Hover and focus everything, for payloads waiting on the pointer or the keyboard.
            page.mouse.move(5, 5)
            page.mouse.move(600, 400)
            for _ in range(5):
                page.keyboard.press("Tab")
            page.wait_for_timeout(300)
            ran = page.evaluate("window.__ran")
            blocked = page.evaluate("window.__blocked")
            assert ran == [], (path, ran)
            # Escaping, not the policy, stops them: nothing inline is even there to block.
            assert [b for b in blocked if b.startswith("script")] == [], (path, blocked)
            assert "alert(1)" in page.content(), path  # the payloads are there, as text
        assert dialogs == []
        assert elsewhere == []
    finally:
        context.close()
