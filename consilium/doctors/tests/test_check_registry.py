"""A moderator's registry check keeps what matched and when, whatever the registry answers."""

import pytest

from consilium.accounts.models import Role
from consilium.accounts.tests.factories import UserFactory
from consilium.doctors.models import RegistryCheck, RegistryOutcome, VerificationStatus
from consilium.doctors.registries.base import RegistryUnavailable
from consilium.doctors.services import ApplicationError, check_registry, registry_applies
from consilium.doctors.tests.factories import DoctorFactory
from consilium.doctors.tests.helpers import (
    RecordedFetcher,
    forbid_sockets,
    recorded,
    registry_with,
    snapshot,
)
from consilium.moderation.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry_checks_on(settings, monkeypatch):
    settings.REGISTRY_CHECKS = True
    return forbid_sockets(monkeypatch)


def lena():
    return DoctorFactory(
        verification_status=VerificationStatus.PENDING,
        display_name="Dr. Lena Brandt",
        specialty="Dermatology",
        licence_number="MN-55102",
        jurisdiction="Minnesota, US",
    )


def check_with(body: bytes = b"", error: Exception | None = None):
    profile = lena()
    before = snapshot(profile)
    moderator = UserFactory(role=Role.MODERATOR)
    check = check_registry(
        profile, moderator=moderator, registry=registry_with(RecordedFetcher(body, error))
    )
    after = snapshot(profile)
    # The application itself never changes; only the audit log grows by the check.
    assert after == {**before, "audit entries": before["audit entries"] + 1}
    check.refresh_from_db()
    return check


def test_it_stores_a_full_match_with_each_field_and_the_record_in_brief():
    check = check_with(recorded("nppes_one_match.json"))
    assert (check.registry, check.outcome) == ("nppes", RegistryOutcome.MATCHED)
    assert check.matched_fields == {
        "name": True,
        "state": True,
        "licence": True,
        "active": True,
        "specialty": True,
    }
    assert check.query["state"] == "MN"
    (record,) = check.records
    assert record["number"] == "1234567893"
    assert record["licences"][0] == {"number": "55102", "state": "MN", "description": "Dermatology"}
    assert check.requested_by.role == Role.MODERATOR
    assert AuditEntry.objects.filter(action="check_registry", target_id=check.profile_id).exists()


def test_a_licence_the_registry_does_not_list_is_a_partial_match():
    check = check_with(recorded("nppes_licence_differs.json"))
    assert check.outcome == RegistryOutcome.PARTIAL
    assert check.matched_fields["licence"] is False
    assert check.matched_fields["name"] is True


def test_nobody_found_is_kept_as_no_match():
    check = check_with(recorded("nppes_no_match.json"))
    assert (check.outcome, check.matched_fields, check.summary["count"]) == (
        RegistryOutcome.NO_MATCH,
        {},
        0,
    )


def test_several_people_none_fully_matching_are_listed_for_the_moderator():
    check = check_with(recorded("nppes_several.json"))
    assert check.outcome == RegistryOutcome.SEVERAL
    assert [r["number"] for r in check.records] == ["1234567893", "1245319599"]


def test_a_registry_that_does_not_answer_is_kept_with_a_clear_message():
    check = check_with(error=RegistryUnavailable("timed out"))
    assert check.outcome == RegistryOutcome.UNAVAILABLE
    assert check.message == "NPPES did not answer (timed out). Try again later."
    assert check.query["last_name"] == "brandt"


def test_an_answer_that_is_not_json_is_kept_as_malformed():
    check = check_with(b"<html>Bad gateway</html>")
    assert check.outcome == RegistryOutcome.MALFORMED
    assert "not JSON" in check.message


def test_an_applicant_the_registry_cannot_list_is_refused_and_nothing_stored():
    profile = DoctorFactory(verification_status=VerificationStatus.PENDING)
    profile.jurisdiction = "Ontario, Canada"
    fetch = RecordedFetcher(recorded("nppes_one_match.json"))
    with pytest.raises(ApplicationError, match="US clinicians"):
        check_registry(
            profile, moderator=UserFactory(role=Role.MODERATOR), registry=registry_with(fetch)
        )
    assert fetch.urls == []
    assert not RegistryCheck.objects.exists()
    assert not registry_applies(profile, registry_with(fetch))


def test_with_checks_turned_off_nothing_is_asked_or_stored(settings):
    settings.REGISTRY_CHECKS = False
    profile = lena()
    fetch = RecordedFetcher(recorded("nppes_one_match.json"))
    with pytest.raises(ApplicationError, match="turned off"):
        check_registry(
            profile, moderator=UserFactory(role=Role.MODERATOR), registry=registry_with(fetch)
        )
    assert fetch.urls == []
    assert not RegistryCheck.objects.exists()
    assert not registry_applies(profile)


def test_the_socket_guard_stops_the_network_fetcher_so_other_tests_prove_something(
    registry_checks_on,
):
    """The configured registry would go online: here the guard stops it before it connects."""
    with pytest.raises(AssertionError, match="network connection"):
        check_registry(lena(), moderator=UserFactory(role=Role.MODERATOR))
    assert len(registry_checks_on) == 1
    assert not RegistryCheck.objects.exists()
