"""A moderator checks an applicant in NPPES from the queue and sees what matched, and when."""

import pytest
from django.urls import reverse

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import RegistryCheck, RegistryOutcome, VerificationStatus
from consilium.doctors.registries.base import RegistryUnavailable
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import RecordedFetcher, forbid_sockets, recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR)


@pytest.fixture
def lena():
    return DoctorFactory(
        verification_status=VerificationStatus.PENDING,
        display_name="Dr. Lena Brandt",
        licence_number="MN-55102",
        jurisdiction="Minnesota, US",
    )


def answering_with(monkeypatch, settings, body=b"", error=None):
    """Registry checks on, the network shut, and the registry answering from a recording."""
    settings.REGISTRY_CHECKS = True
    forbid_sockets(monkeypatch)
    fetch = RecordedFetcher(body, error)
    monkeypatch.setattr("consilium.doctors.services.fetch_url", fetch)
    return fetch


def test_registry_checks_are_off_in_tests_unless_a_test_turns_them_on(settings):
    assert settings.REGISTRY_CHECKS is False


def test_the_moderator_checks_and_the_queue_shows_each_field_and_when(
    client, moderator, lena, monkeypatch, settings
):
    fetch = answering_with(monkeypatch, settings, recorded("nppes_licence_differs.json"))
    client.force_login(moderator)
    queue = client.get(reverse("web:moderation")).content.decode()
    assert "Check NPPES" in queue
    response = client.post(reverse("web:moderation-registry-check", args=[lena.pk]), follow=True)
    assert len(fetch.urls) == 1
    check = RegistryCheck.objects.get(profile=lena)
    assert check.outcome == RegistryOutcome.PARTIAL
    page = response.content.decode()
    assert "Dr. Lena Brandt: partly matched." in page
    line = page[page.index("registry-line") :]
    line = line[: line.index("</p>")]
    for field, mark in (("name", "✓"), ("state", "✓"), ("licence", "✗")):
        assert f'{field} <span aria-hidden="true">{mark}</span>' in line
    assert f'checked <time datetime="{check.queried_at:%Y-%m-%dT%H:%M:%S}' in line
    assert "NPI 1234567893 · LENA BRANDT, M.D." in page
    assert "Check NPPES again" in page


def test_a_registry_that_times_out_is_told_and_nothing_else_changes(
    client, moderator, lena, monkeypatch, settings
):
    answering_with(monkeypatch, settings, error=RegistryUnavailable("timed out"))
    client.force_login(moderator)
    response = client.post(reverse("web:moderation-registry-check", args=[lena.pk]), follow=True)
    assert "NPPES did not answer (timed out). Try again later." in response.content.decode()
    lena.refresh_from_db()
    assert lena.is_pending
    assert RegistryCheck.objects.get().outcome == RegistryOutcome.UNAVAILABLE


def test_a_failed_retry_keeps_the_last_answer_on_the_queue(
    client, moderator, lena, monkeypatch, settings
):
    fetch = answering_with(monkeypatch, settings, recorded("nppes_one_match.json"))
    client.force_login(moderator)
    url = reverse("web:moderation-registry-check", args=[lena.pk])
    client.post(url)
    fetch.error = RegistryUnavailable("timed out")
    page = client.post(url, follow=True).content.decode()
    assert "NPPES did not answer (timed out)" in page
    line = page[page.index("registry-line") :]
    assert 'licence <span aria-hidden="true">✓</span>' in line[: line.index("</p>")]
    assert RegistryCheck.objects.count() == 2


def test_with_checks_off_the_queue_says_so_and_a_post_asks_nothing(
    client, moderator, lena, monkeypatch, settings
):
    fetch = answering_with(monkeypatch, settings, recorded("nppes_one_match.json"))
    settings.REGISTRY_CHECKS = False
    client.force_login(moderator)
    queue = client.get(reverse("web:moderation")).content.decode()
    assert "registry checks are off on this site" in queue
    assert "Check NPPES" not in queue
    response = client.post(reverse("web:moderation-registry-check", args=[lena.pk]), follow=True)
    assert "Registry checks are turned off" in response.content.decode()
    assert fetch.urls == []
    assert not RegistryCheck.objects.exists()


def test_an_applicant_outside_the_us_gets_no_button(client, moderator, monkeypatch, settings):
    answering_with(monkeypatch, settings)
    DoctorFactory(verification_status=VerificationStatus.PENDING, jurisdiction="Ontario, Canada")
    client.force_login(moderator)
    queue = client.get(reverse("web:moderation")).content.decode()
    assert "Check NPPES" not in queue
    assert "NPPES lists US clinicians" in queue


def test_only_a_pending_application_is_checked(client, moderator, monkeypatch, settings):
    fetch = answering_with(monkeypatch, settings, recorded("nppes_one_match.json"))
    verified = DoctorFactory(jurisdiction="Minnesota, US")
    client.force_login(moderator)
    assert (
        client.post(reverse("web:moderation-registry-check", args=[verified.pk])).status_code == 404
    )
    assert fetch.urls == []
