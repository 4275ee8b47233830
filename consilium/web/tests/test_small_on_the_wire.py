"""Pages and static files go out compressed, static files under hashed names, pages small."""

import gzip
import json

import brotli
import pytest
from django.core.management import call_command
from django.templatetags.static import static

from consilium.consensus.services import refresh_consensus
from consilium.doctors.tests.factories import DoctorFactory
from consilium.qa.services import import_threads
from consilium.qa.tests.factories import AnswerFactory, QuestionFactory
from consilium.qa.thread_format import read_thread_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_with_ten_answers(written_thread_path):
    """The ten-answer thread written for the tests, imported, with its consensus panel."""
    (question,) = import_threads(read_thread_file(written_thread_path)).created
    refresh_consensus(question.pk)
    return question


def test_the_question_page_with_ten_answers_and_the_panel_is_at_most_40_kb(
    client, question_with_ten_answers
):
    url = question_with_ten_answers.get_absolute_url()
    signed_out = client.get(url)
    assert "What the doctors say" in signed_out.content.decode()
    assert len(signed_out.content) <= 40 * 1024
    client.force_login(AnswerFactory().doctor.user)
    signed_in = client.get(url)
    assert len(signed_in.content) <= 40 * 1024


# fmt: off
_WORDS = [
    "retinoid", "irritation", "sunscreen", "collagen", "months", "dermatologist", "prescription",
    "strength", "evidence", "trial", "redness", "peeling", "moisturiser", "pigmentation",
    "laser", "peel", "tolerance", "dose", "nightly", "pregnancy", "barrier", "results",
    "wrinkles", "texture",
]
# fmt: on


def _sentence(seed: int, words: int) -> str:
    chosen = [_WORDS[(seed * 7 + n * 5) % len(_WORDS)] for n in range(words)]
    return " ".join(["Usually", *chosen]) + "."


def test_a_doctors_copy_of_a_ten_answer_page_with_long_answers_is_at_most_40_kb(client):
    # As a generated corpus's ten-answer thread (imported doctors, the panel), titles of about
    # eighty characters, bodies of about 800: longer than nineteen answers in twenty, standing
    # in for the related questions this test has none of. The reader may agree with every
    # answer, so each carries both buttons.
    question = QuestionFactory(is_imported=True, asker=None, body=_sentence(1, 30))
    for n in range(10):
        AnswerFactory(
            question=question,
            doctor=DoctorFactory(user=None, is_imported=True, display_name=f"Dr. Bench {n:04d}"),
            title=f"Tretinoin: {_sentence(n, 8)}",
            body=" ".join(_sentence(n + k, 17) for k in range(5)),
        )
    refresh_consensus(question.pk)
    client.force_login(DoctorFactory().user)
    page = client.get(question.get_absolute_url()).content
    assert page.count(b'name="agree" value="1"') == 10
    assert len(page) <= 40 * 1024


def test_it_sends_cached_pages_in_brotli_or_gzip_as_the_reader_accepts(
    client, settings, question_with_ten_answers
):
    settings.PAGE_CACHE = True
    url = question_with_ten_answers.get_absolute_url()
    plain = client.get(url).content
    as_brotli = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.content) == plain
    as_gzip = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.content) == plain
    assert len(as_brotli.content) < len(plain) / 3
    assert "Accept-Encoding" in as_gzip["Vary"]


def test_it_gzips_pages_made_for_a_signed_in_reader(client, question_with_ten_answers):
    client.force_login(QuestionFactory().asker)
    response = client.get(question_with_ten_answers.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"What the doctors say" in gzip.decompress(response.content)
    assert response["Content-Length"] == str(len(response.content))
    assert "Accept-Encoding" in response["Vary"]


def test_it_varies_the_length_of_gzipped_pages_that_hold_a_csrf_token(
    client, question_with_ten_answers
):
    client.force_login(QuestionFactory().asker)
    url = question_with_ten_answers.get_absolute_url()
    lengths = {len(client.get(url, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)}
    assert len(lengths) > 1


def test_collected_static_files_have_hashed_names_and_compressed_copies(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The site's own files; the admin's and API docs' take minutes to compress.
    call_command(
        "collectstatic", interactive=False, verbosity=0,
        ignore_patterns=["admin", "ninja", "django_htmx"],
    )  # fmt: skip
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["consilium/site.css"]
    assert hashed != "consilium/site.css"
    for suffix in ("", ".gz", ".br"):
        assert (tmp_path / (hashed + suffix)).exists()
    assert static("consilium/site.css") == settings.STATIC_URL + hashed
