"""Verifying a doctor in Chromium: the applicant sends documents, the moderator sees them and
the registry check on the queue, at laptop and phone width."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import expect

from consilium.doctors.tests.helpers import PNG
from consilium.web.tests.browser import snap
from consilium.web.tests.conftest import Cast, NewPerson
from consilium.web.tests.test_browser_accessibility import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_bad_file_on_the_application_form_is_named_and_the_rest_kept(
    cast: Cast, new_person: NewPerson
):
    page = new_person(axe=True)
    sign_in(page, cast, cast.patient)
    page.goto(cast.site.url + "/accounts/doctor-application/")
    page.get_by_label("Display name").fill("Dr. Ana Ruiz")
    page.get_by_label("Licence number").fill("TX-4410")
    page.get_by_label("Documents (optional)").set_input_files(
        [{"name": "licence.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}]
    )
    page.get_by_role("button", name="Send application").click()
    documents = page.get_by_label("Documents (optional)")
    expect(documents).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("“licence.pdf” is not a PDF, PNG or JPEG file.")
    expect(page.get_by_label("Display name")).to_have_value("Dr. Ana Ruiz")
    expect(page.get_by_label("Licence number")).to_have_value("TX-4410")
    snap(page, "verification-apply-bad-file")
    assert not check_page(page, "verification-apply-bad-file")


def test_the_applicant_adds_a_document_and_the_moderator_downloads_it(
    cast: Cast, new_person: NewPerson
):
    applicant = new_person()
    sign_in(applicant, cast, cast.applicant)
    applicant.goto(cast.site.url + "/accounts/")
    applicant.get_by_role("link", name="Your application's documents").click()
    applicant.get_by_label("Documents").set_input_files(
        [{"name": "passport photo.png", "mimeType": "image/png", "buffer": PNG}]
    )
    applicant.get_by_role("button", name="Send documents").click()
    expect(applicant.get_by_role("status")).to_contain_text("The document is added")
    expect(applicant.get_by_role("link", name="passport photo.png")).to_be_visible()
    snap(applicant, "verification-documents")

    moderator = new_person()
    sign_in(moderator, cast, cast.moderator)
    moderator.goto(cast.site.url + "/moderation/")
    application = moderator.locator("article.application").filter(has_text="Dr. Pending Person")
    expect(application.get_by_role("link", name="licence-scan.pdf")).to_be_visible()
    us_application = moderator.locator("article.application").filter(has_text="Dr. Lena Brandt")
    expect(us_application.locator(".registry-line")).to_contain_text("NPPES: name ✓")
    expect(us_application.locator(".registry-line")).to_contain_text("licence ✗")
    snap(moderator, "verification-queue")
    with moderator.expect_download() as download:
        application.get_by_role("link", name="passport photo.png").click()
    assert download.value.suggested_filename.startswith("application-document-")
    assert download.value.suggested_filename.endswith(".png")
