"""The NPPES adapter reads recorded v2.1 answers into records and compares them, offline."""

import json
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from consilium.doctors.registries.base import (
    Applicant,
    RegistryAnswerMalformed,
    RegistryNotApplicable,
    RegistryUnavailable,
    compare,
)
from consilium.doctors.registries.nppes import fetch_url, parse_response, us_state, valid_npi
from consilium.doctors.tests.helpers import (
    RecordedFetcher,
    forbid_sockets,
    recorded,
    registry_with,
)

LENA = Applicant(
    name="Dr. Lena Brandt",
    specialty="Dermatology",
    licence_number="MN-55102",
    jurisdiction="Minnesota, US",
)


def test_it_reads_a_record_into_typed_fields():
    (record,) = parse_response(recorded("nppes_one_match.json"))
    assert (record.number, record.name, record.credential) == ("1234567893", "LENA BRANDT", "M.D.")
    assert (record.status, record.enumeration_date) == ("A", "2012-05-14")
    assert record.states == ("MN", "WI")
    assert [(lic.number, lic.state, lic.primary) for lic in record.licences] == [
        ("55102", "MN", True),
        ("WI-7781", "WI", False),
    ]
    assert record.specialties[0] == "Dermatology"  # the primary taxonomy first


def test_it_marks_each_field_the_record_bears_out():
    (record,) = parse_response(recorded("nppes_one_match.json"))
    assert compare(LENA, record, "MN") == {
        "name": True,
        "state": True,
        "licence": True,
        "active": True,
        "specialty": True,
    }
    (other,) = parse_response(recorded("nppes_licence_differs.json"))
    assert compare(LENA, other, "MN")["licence"] is False
    stranger = Applicant(name="Dr. Ana Ruiz", licence_number="55102", jurisdiction="Texas")
    assert compare(stranger, record, "TX") == {
        "name": False,
        "state": False,
        "licence": True,
        "active": True,
    }


def test_it_asks_by_npi_number_when_the_applicant_gave_one(monkeypatch):
    attempts = forbid_sockets(monkeypatch)
    fetch = RecordedFetcher(recorded("nppes_one_match.json"))
    lookup = registry_with(fetch).look_up(
        Applicant(name="Lena Brandt", npi_number="1234567893", jurisdiction="Minnesota")
    )
    (url,) = fetch.urls
    assert parse_qs(urlsplit(url).query) == {"version": ["2.1"], "number": ["1234567893"]}
    assert len(lookup.records) == 1
    assert attempts == []


def test_it_asks_by_first_and_last_name_and_state_otherwise(monkeypatch):
    attempts = forbid_sockets(monkeypatch)
    fetch = RecordedFetcher(recorded("nppes_several.json"))
    lookup = registry_with(fetch).look_up(LENA)
    query = parse_qs(urlsplit(fetch.urls[0]).query)
    assert (query["first_name"], query["last_name"], query["state"]) == (
        ["lena"],
        ["brandt"],
        ["MN"],
    )
    assert [r.number for r in lookup.records] == ["1234567893", "1245319599"]
    assert attempts == []


def test_it_refuses_an_applicant_it_cannot_list():
    registry = registry_with(RecordedFetcher())
    outside = Applicant(name="Dr. Ana Ruiz", jurisdiction="Ontario, Canada")
    assert not registry.applies_to(outside)
    with pytest.raises(RegistryNotApplicable, match="US clinicians"):
        registry.look_up(outside)
    with pytest.raises(RegistryNotApplicable, match="check digit"):
        registry.look_up(Applicant(name="Ana Ruiz", npi_number="1234567890"))


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service Unavailable</body></html>",
        b"[1, 2]",
        json.dumps({"result_count": 1, "results": "none"}).encode(),
        json.dumps({"result_count": 1, "results": [{"number": 1}]}).encode(),
        b"\xff\xfe not text",
    ],
)
def test_it_says_an_answer_it_cannot_read_is_malformed(body):
    with pytest.raises(RegistryAnswerMalformed):
        parse_response(body)


def test_a_query_the_registry_refuses_is_reported_as_such():
    with pytest.raises(RegistryAnswerMalformed, match="refused"):
        parse_response(recorded("nppes_refused.json"))


def test_npi_numbers_and_us_states_are_read_strictly():
    assert valid_npi("1234567893")
    assert not valid_npi("1234567890")
    assert not valid_npi("١٢٣٤٥٦٧٨٩٣")
    assert us_state("Minnesota, US") == "MN"
    assert us_state("NY") == "NY"
    assert us_state("US") == ""
    assert us_state("Ontario, Canada") == ""


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), "refused"),
        (TimeoutError("timed out"), "timed out"),
        (
            urllib.error.HTTPError("https://x.invalid", 503, "Service Unavailable", None, None),
            "Service Unavailable",
        ),
    ],
)
def test_the_network_fetcher_turns_every_failure_into_registry_unavailable(
    monkeypatch, failure, said
):
    asked = []

    def urlopen(request, timeout):
        asked.append((request.full_url, timeout))
        raise failure

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    with pytest.raises(RegistryUnavailable, match=said):
        fetch_url("https://registry.invalid/api/?version=2.1", 3.0)
    assert asked == [("https://registry.invalid/api/?version=2.1", 3.0)]
