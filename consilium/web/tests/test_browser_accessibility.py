"""Accessibility in Chromium: axe-core on every page and form, landmarks, headings, phone width,
errors announced beside their fields, visible focus, and asking and answering by keyboard alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import Page, expect

from consilium.web.tests.browser import (
    LAPTOP,
    PHONE,
    axe_violations,
    describe_violations,
    horizontal_overflow,
    save_page,
)  # fmt: skip
from consilium.web.tests.conftest import Cast, NewPerson

pytestmark = pytest.mark.browser

Visit = Callable[[Page], object]

# One main landmark, a banner, a footer and a named navigation; one h1 that comes first,
# and no heading more than one level below the one before it.
STRUCTURE = """() => {
  const problems = [];
  const count = (selector) => document.querySelectorAll(selector).length;
  if (count("main") !== 1) problems.push(count("main") + " main landmarks");
  if (count("body > header") !== 1) problems.push("no single banner (body > header)");
  if (count("body > footer") !== 1) problems.push("no single contentinfo (body > footer)");
  if (!document.querySelector("nav[aria-label]")) problems.push("no named navigation");
  if (!document.title.trim()) problems.push("no title");
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  if (count("h1") !== 1) problems.push(count("h1") + " h1 headings");
  if (headings.length && headings[0].tagName !== "H1") {
    problems.push("the first heading is " + headings[0].tagName.toLowerCase());
  }
  let previous = 0;
  for (const heading of headings) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) {
      problems.push(`h${level} “${heading.textContent.trim().slice(0, 40)}” after h${previous}`);
    }
    previous = level;
  }
  return problems;
}"""

# Every field marked invalid is described by an error list inside its own field group.
FIELD_ERRORS = """() => {
  const problems = [];
  const invalid = [...document.querySelectorAll("[aria-invalid='true']")];
  for (const field of invalid) {
    const group = field.closest(".field");
    const owner = field.closest("fieldset[aria-describedby]") || field;
    const described = (owner.getAttribute("aria-describedby") || "").split(/\\s+/)
      .map((id) => document.getElementById(id))
      .filter((el) => el && el.classList.contains("errorlist"));
    if (!group) problems.push(`${field.name}: not inside a field group`);
    if (!described.length) problems.push(`${field.name}: aria-describedby names no error`);
    for (const list of described) {
      if (group && !group.contains(list)) problems.push(`${field.name}: error outside its group`);
    }
  }
  for (const list of document.querySelectorAll(".errorlist")) {
    const linked = list.id && document.querySelector(`[aria-describedby~="${list.id}"]`);
    if (!linked && !list.closest("[role=alert]")) {
      problems.push(`an error list (${list.textContent.trim().slice(0, 40)}) is not announced`);
    }
  }
  return {invalid: invalid.length, problems};
}"""

# What the focused element looks like: its outline, and whether the selector matches it.
FOCUS = """(selector) => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    matches: el.matches(selector),
    body: el === document.body,
    outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    outline: style.outlineColor,
    name: el.outerHTML.slice(0, 100),
  };
}"""


def relative_luminance(rgb: str) -> float:
    channels = [int(n) / 255 for n in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted([relative_luminance(first), relative_luminance(second)])[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def sign_in(page: Page, cast: Cast, email: str) -> None:
    page.goto(cast.site.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(cast.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def submit(button: str) -> Visit:
    return lambda page: page.locator("main").get_by_role("button", name=button).first.click()


def check_page(page: Page, label: str) -> list[str]:
    """axe at laptop width with every disclosure open, structure, and no sideways scroll."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    problems = [f"structure: {problem}" for problem in page.evaluate(STRUCTURE)]
    violations = axe_violations(page)
    if violations:
        problems.append("axe:\n" + describe_violations(violations))
    fields = page.evaluate(FIELD_ERRORS)
    problems += [f"form errors: {problem}" for problem in fields["problems"]]
    page.set_viewport_size(PHONE)
    problems += [f"at 375 px: {wider}" for wider in horizontal_overflow(page)]
    page.set_viewport_size(LAPTOP)
    if problems:
        save_page(page, f"a11y-{label}")
        return [f"{label} ({page.url}):"] + [f"  {problem}" for problem in problems]
    return []


def check_all(page: Page, cast: Cast, visits: list[tuple[str, str, Visit | None]]) -> None:
    """Open each path (then submit its form, for an error state) and check what shows."""
    problems: list[str] = []
    for label, path, then in visits:
        if path:
            page.goto(cast.site.url + path)
        if then is not None:
            then(page)
            page.wait_for_load_state()
        problems += check_page(page, label)
    assert not problems, "\n".join(problems)


# A form's error state shows everything its empty state does, and the errors too.
def test_every_page_and_form_signed_out_passes_axe_and_fits_a_phone(
    cast: Cast, new_person: NewPerson
):
    page = new_person(axe=True)
    check_all(page, cast, [
        ("home", "/", None),
        ("question-with-consensus", cast.demo_question, None),
        ("question-with-trial", cast.question, None),
        ("topic-with-reports", "/topics/facial-ems/", None),
        ("doctor", cast.demo_doctor, None),
        ("history", f"/history/question/{cast.demo_question_pk}/", None),
        ("search-results", "/search/?q=microcurrent", None),
        ("search-with-filters", "/search/?q=microcurrent&answered=yes&topic=facial-ems", None),
        ("search-nothing-found", "/search/?q=glowing+ears+sauna&leaning=recommend", None),
        ("answer-signs-in-first", f"/questions/{cast.question_pk}/answer/new/", None),
        ("questions", "/questions/", None),
        ("questions-unanswered", "/questions/?order=unanswered", None),
        ("topics", "/topics/", None),
        ("not-found", "/no-such-page/", None),
        ("ask-signed-out", "/ask/", None),
        ("sign-in-errors", "/accounts/login/", submit("Sign in")),
        ("sign-up-errors", "/accounts/signup/", submit("Create account")),
        ("password-reset-errors", "/accounts/password/reset/", submit("Email me a link")),
    ])  # fmt: skip


def test_every_page_and_form_for_a_patient_passes_axe_and_fits_a_phone(
    cast: Cast, new_person: NewPerson
):
    page = new_person(axe=True)
    sign_in(page, cast, cast.patient)
    q = cast.question_pk
    check_all(page, cast, [
        ("home-signed-in", "/", None),
        ("own-question", cast.question, None),
        ("update-errors", cast.question,
         lambda page: (page.get_by_text("Post an update").click(), submit("Post update")(page))),
        ("ask-errors", "/ask/", submit("Post question")),
        ("edit-question-errors", f"/questions/{q}/edit/",
         lambda page: (page.get_by_label("Title").fill(""), submit("Save changes")(page))),
        ("notifications", "/notifications/", None),
        ("account", "/accounts/", None),
        ("notification-settings", "/accounts/notifications/", None),
        ("doctor-application-errors", "/accounts/doctor-application/",
         submit("Send application")),
        ("report-outcome-errors", f"/outcomes/report/?trial={cast.trial_pk}",
         submit("Send report")),
        ("flag-errors", f"/flag/answer/{cast.answer_pk}/", submit("Send flag")),
        ("password-change-errors", "/accounts/password/", submit("Change password")),
        ("delete-account-errors", "/accounts/delete/", submit("Delete my account")),
    ])  # fmt: skip


def test_every_page_and_form_for_doctors_and_moderators_passes_axe_and_fits_a_phone(
    cast: Cast, new_person: NewPerson
):
    doctor = new_person(axe=True)
    sign_in(doctor, cast, cast.doctor)
    check_all(doctor, cast, [
        ("doctor-home", "/doctor-home/", None),
        ("question-as-doctor", cast.demo_question, None),
        ("answer-errors", f"/questions/{cast.demo_question_pk}/answer/new/",
         submit("Publish answer")),
        ("edit-answer", f"/answers/{cast.answer_pk}/edit/", None),
    ])  # fmt: skip
    applicant = new_person(axe=True)
    sign_in(applicant, cast, cast.applicant)
    check_all(applicant, cast, [
        ("application-documents", "/accounts/doctor-application/documents/", None),
        ("application-documents-errors", "/accounts/doctor-application/documents/",
         submit("Send documents")),
    ])  # fmt: skip
    moderator = new_person(axe=True)
    sign_in(moderator, cast, cast.moderator)
    check_all(moderator, cast, [
        ("moderation-queue", "/moderation/", None),
        ("audit-log", "/moderation/log/", None),
        ("question-as-moderator", cast.question, None),
    ])  # fmt: skip


def test_axe_does_report_a_field_without_a_label_so_a_clean_run_means_something(
    cast: Cast, new_person: NewPerson
):
    page = new_person(axe=True)
    page.goto(cast.site.url + "/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert "label" in {found["id"] for found in axe_violations(page)}


def test_form_errors_are_announced_beside_their_fields(cast: Cast, new_person: NewPerson):
    page = new_person()
    page.goto(cast.site.url + "/accounts/signup/")
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Create account").click()
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Enter a valid email address"))
    fields = page.evaluate(FIELD_ERRORS)
    assert fields["invalid"] == 2, fields  # email and password
    assert not fields["problems"], fields

    page.goto(cast.site.url + "/accounts/login/")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct email")

    sign_in(page, cast, cast.doctor)
    page.goto(cast.site.url + f"/questions/{cast.demo_question_pk}/answer/new/")
    page.get_by_role("button", name="Publish answer").click()
    verdicts = page.get_by_role("group", name="For what the asker wants, would you recommend it?")
    expect(verdicts).to_have_accessible_description(re.compile("This field is required"))
    expect(page.get_by_label("Title")).to_have_accessible_description(
        re.compile("This field is required")
    )
    fields = page.evaluate(FIELD_ERRORS)
    assert fields["invalid"] >= 3, fields
    assert not fields["problems"], fields


def test_focus_is_visible_in_a_colour_that_stands_out_and_the_skip_link_appears(
    cast: Cast, new_person: NewPerson
):
    page = new_person()
    page.goto(cast.site.url + cast.demo_question)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0, box
    assert box["y"] >= 0, box
    save_page(page, "a11y-skip-link-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    seen = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS, "*")
        assert focus["outlined"], f"no visible focus on {focus['name']}"
        seen.add(focus["outline"])
    for colour in seen:
        assert contrast(colour, background) >= 3, f"focus outline {colour} on {background}"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS, "*")["outlined"]


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the selector is focused; every stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focus = page.evaluate(FOCUS, selector)
        if focus["body"]:
            continue
        assert focus["outlined"], f"no visible focus on {focus['name']}"
        if focus["matches"]:
            return
    raise AssertionError(f"the keyboard never reached {selector} on {page.url}")


def sign_in_by_keyboard(page: Page, cast: Cast, email: str) -> None:
    page.goto(cast.site.url + "/accounts/login/")
    expect(page.get_by_label("Email")).to_be_focused()  # autofocus
    page.keyboard.type(email)
    tab_to(page, "#id_password")
    page.keyboard.type(cast.password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_patient_asks_and_a_doctor_answers_with_the_keyboard_alone(
    cast: Cast, new_person: NewPerson
):
    title = "Can I use a retinoid and vitamin C serum together?"
    patient = new_person()
    sign_in_by_keyboard(patient, cast, cast.typist)
    tab_to(patient, "header a[href='/ask/']")
    patient.keyboard.press("Enter")
    expect(patient.get_by_role("heading", level=1)).to_have_text("Ask the doctors")
    tab_to(patient, "#id_title")
    patient.keyboard.type(title)
    tab_to(patient, "#id_body")
    patient.keyboard.type("I am 41 with oily skin. Morning and evening, or one of each?")
    tab_to(patient, "#id_topics")
    patient.keyboard.type("Retinoids")
    tab_to(patient, "#id_trying")
    tab_to(patient, "#id_body", backwards=True)  # back up to check the details
    expect(patient.get_by_label("Details")).to_have_value(re.compile("oily skin"))
    tab_to(patient, "#ask-form > button.button")
    patient.keyboard.press("Enter")
    expect(patient.get_by_role("heading", level=1)).to_have_text(title)
    save_page(patient, "keyboard-question-posted")

    doctor = new_person()
    sign_in_by_keyboard(doctor, cast, cast.doctor)
    doctor.goto(patient.url)
    tab_to(doctor, "main a[href$='/answer/new/']")
    doctor.keyboard.press("Enter")
    expect(doctor.get_by_role("heading", level=1)).to_have_text(title)
    tab_to(doctor, "#id_title")
    doctor.keyboard.type("One in the morning, one at night")
    tab_to(doctor, "#id_body")
    doctor.keyboard.type("Vitamin C in the morning under sunscreen, the retinoid at night.")
    tab_to(doctor, "#id_verdict_0")
    doctor.keyboard.press("Space")
    expect(doctor.get_by_role("radio", name="Yes", exact=True)).to_be_checked()
    tab_to(doctor, "main form button.button")
    doctor.keyboard.press("Enter")
    expect(doctor.get_by_role("status")).to_contain_text("Your answer is published")
    expect(doctor.get_by_role("heading", name="One in the morning, one at night")).to_be_visible()
    save_page(doctor, "keyboard-answer-published")
