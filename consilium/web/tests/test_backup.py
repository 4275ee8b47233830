"""`consilium backup` and `consilium restore` bring back the database, photos and application
documents as they were."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import pytest

from consilium.web.tests.processes import Site, migrated_site

# A report with a photo, made as a patient would, beside the demo content.
REPORT_WITH_PHOTO = """
import io
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from consilium.accounts.models import User
from consilium.outcomes.services import PhotoUpload, report_outcome
from consilium.topics.models import Topic
buffer = io.BytesIO()
Image.new("RGB", (64, 48), (120, 30, 60)).save(buffer, format="JPEG")
upload = SimpleUploadedFile("after.jpg", buffer.getvalue())
report_outcome(
    patient=User.objects.create_user(username="backup@example.com", handle="calm-heron-9"),
    topic=Topic.objects.filter(kind="treatment").order_by("slug").first(),
    weeks=10, worth_it="yes", rating=4, text="Kept for the backup test.",
    photos=[PhotoUpload(kind="after", file=upload, size=upload.size)],
)
from consilium.doctors.documents import DocumentUpload
from consilium.doctors.services import apply_as_doctor
apply_as_doctor(
    user=User.objects.create_user(username="applicant@example.com", handle="calm-wren-3"),
    display_name="Dr. Backup Applicant", specialty="Dermatology",
    documents=[DocumentUpload(io.BytesIO(b"%PDF-1.7 scan"), 13, "licence.pdf")],
)
"""
# Everything people wrote and the site worked out from it, as Django serialises it.
CONTENT = ["accounts", "doctors", "topics", "qa", "consensus", "moderation", "outcomes"]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """One site for the module: the demo content takes a while to load."""
    with migrated_site() as site:
        site.run("demo")
        site.shell(REPORT_WITH_PHOTO)
        yield site


def photos(site: Site, kind: str = "photos") -> dict[str, bytes]:
    folder = site.folder / kind
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def count_questions(site: Site) -> str:
    return site.shell("from consilium.qa.models import Question; print(Question.objects.count())")


def test_restore_changes_nothing_without_yes(site):
    archive = site.folder / "unconfirmed.tar.gz"
    site.run("backup", "--output", str(archive))
    site.shell("from consilium.qa.models import Question; Question.objects.last().delete()")
    before = count_questions(site)

    with pytest.raises(AssertionError, match="--yes"):
        site.run("restore", str(archive))

    assert count_questions(site) == before


def test_a_restore_brings_back_every_row_and_photo_as_backed_up(site):
    content = site.run("dumpdata", *CONTENT, "--indent", "1")
    pictures = photos(site)
    documents = photos(site, "documents")
    archive = site.folder / "site.tar.gz"
    site.run("backup", "--output", str(archive))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    # What happens after the backup: a question deleted, a photo lost, a stray file.
    site.shell(
        "from consilium.qa.models import Question; Question.objects.order_by('pk').first().delete()"
    )
    for name in pictures:
        (site.folder / "photos" / name).unlink()
    (site.folder / "photos" / "stray.jpg").write_bytes(b"not from the backup")
    for name in documents:
        (site.folder / "documents" / name).unlink()
    assert site.run("dumpdata", *CONTENT, "--indent", "1") != content

    site.run("restore", str(archive), "--yes")

    assert site.run("dumpdata", *CONTENT, "--indent", "1") == content
    assert photos(site) == pictures
    assert len(pictures) == 1
    assert photos(site, "documents") == documents
    assert len(documents) == 1
    # The search index came back with its questions.
    found = site.shell(
        "from consilium.search.selectors import search; print(len(search('acne').hits) > 0)"
    )
    assert found == "True"
