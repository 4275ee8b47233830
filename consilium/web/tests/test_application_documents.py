"""Applicants send documents with their application or later; only they and moderators open them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import (
    ApplicationDocument,
    DoctorProfile,
    RegistryCheck,
    RegistryOutcome,
    VerificationStatus,
)
from consilium.doctors.services import add_application_documents
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import PDF, PNG, upload

pytestmark = pytest.mark.django_db

APPLICATION = {
    "display_name": "Dr. Lena Brandt",
    "specialty": "Dermatology",
    "board_certification": "American Board of Dermatology",
    "licence_number": "MN-55102",
    "jurisdiction": "Minnesota, US",
    "npi_number": "1234567893",
}


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    return settings.DOCUMENT_ROOT


def a_file(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def applicant_with_documents(*data: bytes) -> DoctorProfile:
    profile = DoctorFactory(verification_status=VerificationStatus.PENDING)
    if data:
        add_application_documents(
            user=profile.user, documents=[upload(d, "scan.pdf") for d in data]
        )
    return profile


def test_an_applicant_sends_documents_with_the_application(client, document_root):
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:doctor-apply"),
        {**APPLICATION, "documents": [a_file(PDF, "licence.pdf"), a_file(PNG, "passport.png")]},
    )
    assert response.status_code == 302
    profile = DoctorProfile.objects.get()
    assert profile.npi_number == "1234567893"
    assert sorted(profile.documents.values_list("label", flat=True)) == [
        "licence.pdf",
        "passport.png",
    ]
    assert len(list(document_root.iterdir())) == 2


def test_a_bad_file_says_why_and_keeps_everything_else_typed(client, document_root):
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:doctor-apply"),
        {**APPLICATION, "documents": [a_file(b"#!/bin/sh\nrm -rf /", "licence.pdf")]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“licence.pdf” is not a PDF, PNG or JPEG file." in page
    assert "choose your files again" in page
    assert 'value="Dr. Lena Brandt"' in page
    assert 'value="1234567893"' in page
    assert not DoctorProfile.objects.exists()
    assert not document_root.exists() or not list(document_root.iterdir())


def test_a_bad_file_shows_with_the_forms_other_mistakes_at_once(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:doctor-apply"),
        {**APPLICATION, "specialty": "", "documents": [a_file(b"GIF89a", "id.gif")]},
    )
    page = response.content.decode()
    assert "This field is required." in page
    assert "“id.gif” is not a PDF, PNG or JPEG file." in page


def test_good_files_on_a_form_with_mistakes_are_asked_for_again(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:doctor-apply"),
        {**APPLICATION, "specialty": "", "documents": [a_file(PDF, "licence.pdf")]},
    )
    assert "Your files were fine; choose them again" in response.content.decode()
    assert not DoctorProfile.objects.exists()


def test_a_wrong_npi_number_is_refused_beside_its_field(client):
    client.force_login(UserFactory())
    response = client.post(reverse("web:doctor-apply"), {**APPLICATION, "npi_number": "12345"})
    assert "An NPI number is 10 digits" in response.content.decode()
    assert not DoctorProfile.objects.exists()


def test_a_pending_applicant_adds_and_removes_documents_on_their_page(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    profile = applicant_with_documents(PDF)
    client.force_login(profile.user)
    page = reverse("web:application-documents")
    response = client.post(page, {"documents": [a_file(PNG, "id card.png")]})
    assert response["Location"] == page
    added = profile.documents.get(label="id card.png")
    # the user with their doctor profile (the session comes from its cache), the application,
    # its documents, unread notifications
    with django_assert_num_queries(4):
        listing = client.get(page).content.decode()
    assert reverse("web:application-document", args=[added.pk]) in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:application-document-remove", args=[added.pk]))
    assert list(profile.documents.values_list("label", flat=True)) == ["scan.pdf"]


def test_an_empty_upload_on_the_documents_page_says_so(client):
    profile = applicant_with_documents()
    client.force_login(profile.user)
    response = client.post(reverse("web:application-documents"), {})
    assert "Choose at least one file to send." in response.content.decode()


def test_the_applicant_and_moderators_download_a_document_safely(client):
    profile = applicant_with_documents(PDF)
    document = profile.documents.get()
    url = reverse("web:application-document", args=[document.pk])
    for viewer in (profile.user, UserFactory(role=Role.MODERATOR)):
        client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="application-document-{document.pk}.pdf"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        assert "sandbox" in response["Content-Security-Policy"]


def test_nobody_else_can_open_a_document(client):
    document = applicant_with_documents(PDF).documents.get()
    url = reverse("web:application-document", args=[document.pk])
    assert client.get(url).status_code == 404
    for other in (UserFactory(), DoctorFactory().user, applicant_with_documents().user):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_documents_are_not_under_any_public_url(client, settings, document_root):
    document = applicant_with_documents(PDF).documents.get()
    assert not str(document_root).startswith(str(settings.STATIC_ROOT))
    for guess in (f"/static/{document.name}", f"/media/{document.name}", f"/{document.name}"):
        assert client.get(guess).status_code == 404


def test_the_moderation_queue_lists_each_applicants_documents_with_links(
    client, django_assert_num_queries
):
    applications = [applicant_with_documents(PDF, PNG) for _ in range(3)]
    moderator = UserFactory(role=Role.MODERATOR)
    for profile in applications:
        for outcome in (RegistryOutcome.PARTIAL, RegistryOutcome.UNAVAILABLE):
            RegistryCheck.objects.create(
                profile=profile,
                registry="nppes",
                queried_at=timezone.now(),
                requested_by=moderator,
                outcome=outcome,
                matched_fields={"name": True, "licence": False},
                message="NPPES did not answer (timed out). Try again later.",
            )
    client.force_login(moderator)
    # user (the session comes from its cache), unread notifications, urgent questions,
    # applications, their documents, their registry checks with who asked, flags, doctors:
    # the same however many wait
    with django_assert_num_queries(8):
        page = client.get(reverse("web:moderation")).content.decode()
    for document in ApplicationDocument.objects.filter(profile__in=applications):
        assert reverse("web:application-document", args=[document.pk]) in page
    assert page.count("scan.pdf") == 6
    assert page.count('licence <span aria-hidden="true">✗</span>') == 3


def test_a_decided_application_has_no_documents_page(client):
    client.force_login(DoctorFactory().user)
    response = client.get(reverse("web:application-documents"))
    assert response.status_code == 403
    assert "No application to add documents to" in response.content.decode()


def test_the_upload_is_read_whole_only_up_to_the_limit(client):
    profile = applicant_with_documents()
    client.force_login(profile.user)
    big = io.BytesIO(PDF + b"\0" * (10 * 1024 * 1024))
    big.name = "huge.pdf"
    response = client.post(reverse("web:application-documents"), {"documents": big})
    assert "“huge.pdf” is larger than 10 MB" in response.content.decode()
    assert not profile.documents.exists()
