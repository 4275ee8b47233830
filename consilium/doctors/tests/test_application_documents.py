"""Applicants' documents: checked by their first bytes, stored under random names, removable."""

import pytest

from consilium.accounts.services import delete_account
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.documents import DocumentRejected
from consilium.doctors.models import ApplicationDocument, DoctorProfile, VerificationStatus
from consilium.doctors.services import (
    ApplicationError,
    add_application_documents,
    apply_as_doctor,
    remove_application_document,
)
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import JPEG, PDF, PNG, upload

pytestmark = pytest.mark.django_db

CREDENTIALS = {
    "display_name": "Dr. Lena Brandt",
    "specialty": "Dermatology",
    "licence_number": "MN-55102",
    "jurisdiction": "Minnesota, US",
}


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    return settings.DOCUMENT_ROOT


def stored_files(root):
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_it_stores_each_document_under_a_random_name_with_the_type_its_bytes_show(document_root):
    profile = apply_as_doctor(
        user=UserFactory(),
        **CREDENTIALS,
        documents=[
            upload(PDF, "../../etc/licence scan.pdf"),
            upload(PNG, "id.png"),
            upload(JPEG, "photo.JPG"),
        ],
    )
    documents = list(profile.documents.order_by("id"))
    assert [(d.content_type, d.extension, d.label) for d in documents] == [
        ("application/pdf", "pdf", "licence scan.pdf"),
        ("image/png", "png", "id.png"),
        ("image/jpeg", "jpg", "photo.JPG"),
    ]
    assert stored_files(document_root) == sorted(d.name for d in documents)
    for document in documents:
        assert "licence" not in document.name
        assert (document_root / document.name).stat().st_mode & 0o077 == 0
    assert (document_root / documents[0].name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("data", "label", "message"),
    [
        (b"MZ\x90\x00 a program", "licence.pdf", "not a PDF, PNG or JPEG"),
        (b"<svg onload=alert(1)>", "scan.png", "not a PDF, PNG or JPEG"),
        (b"", "empty.pdf", "is empty"),
    ],
)
def test_a_file_that_is_not_a_document_stores_nothing_at_all(document_root, data, label, message):
    user = UserFactory()
    with pytest.raises(DocumentRejected, match=message):
        apply_as_doctor(
            user=user, **CREDENTIALS, documents=[upload(PDF, "fine.pdf"), upload(data, label)]
        )
    assert not DoctorProfile.objects.filter(user=user).exists()
    assert stored_files(document_root) == []


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read(document_root):
    big = upload(PDF)
    big = type(big)(big.file, 10 * 1024 * 1024 + 1, "big.pdf")
    with pytest.raises(DocumentRejected, match="larger than 10 MB"):
        apply_as_doctor(user=UserFactory(), **CREDENTIALS, documents=[big])
    assert stored_files(document_root) == []


def test_an_application_holds_at_most_five_documents(document_root):
    profile = apply_as_doctor(
        user=UserFactory(), **CREDENTIALS, documents=[upload(PDF) for _ in range(4)]
    )
    with pytest.raises(DocumentRejected, match="at most 5 documents; it has 4"):
        add_application_documents(user=profile.user, documents=[upload(PNG), upload(PNG)])
    assert profile.documents.count() == 4
    assert len(stored_files(document_root)) == 4
    add_application_documents(user=profile.user, documents=[upload(PNG)])
    assert profile.documents.count() == 5


def test_a_verified_doctors_documents_can_no_longer_change(document_root):
    profile = DoctorFactory(verification_status=VerificationStatus.VERIFIED)
    with pytest.raises(ApplicationError, match="decided"):
        add_application_documents(user=profile.user, documents=[upload(PDF)])
    assert stored_files(document_root) == []


def test_the_applicant_removes_a_document_and_its_file_goes_after_commit(
    document_root, django_capture_on_commit_callbacks
):
    profile = apply_as_doctor(user=UserFactory(), **CREDENTIALS, documents=[upload(PDF)])
    document = profile.documents.get()
    other = apply_as_doctor(user=UserFactory(), **CREDENTIALS)
    with pytest.raises(ApplicationError, match="not part of your application"):
        remove_application_document(user=other.user, document_id=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        remove_application_document(user=profile.user, document_id=document.pk)
    assert not ApplicationDocument.objects.exists()
    assert stored_files(document_root) == []


def test_deleting_the_account_deletes_the_documents_and_their_files(
    document_root, django_capture_on_commit_callbacks
):
    profile = apply_as_doctor(
        user=UserFactory(), **CREDENTIALS, documents=[upload(PDF), upload(PNG)]
    )
    other = apply_as_doctor(user=UserFactory(), **CREDENTIALS, documents=[upload(JPEG)])
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(profile.user)
    assert list(ApplicationDocument.objects.values_list("profile", flat=True)) == [other.pk]
    assert stored_files(document_root) == [other.documents.get().name]


def test_a_rejected_applicant_applies_again_keeping_earlier_documents(document_root):
    profile = apply_as_doctor(user=UserFactory(), **CREDENTIALS, documents=[upload(PDF)])
    DoctorProfile.objects.filter(pk=profile.pk).update(
        verification_status=VerificationStatus.REJECTED
    )
    apply_as_doctor(
        user=profile.user, **{**CREDENTIALS, "npi_number": "1234567893"}, documents=[upload(PNG)]
    )
    profile.refresh_from_db()
    assert profile.is_pending
    assert profile.npi_number == "1234567893"
    assert sorted(profile.documents.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
