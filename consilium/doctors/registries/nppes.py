"""The US NPPES NPI registry (version 2.1 of its API): by NPI number, or by name and state."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from consilium.doctors.registries.base import (
    Applicant,
    Fetcher,
    Licence,
    Lookup,
    RegistryAnswerMalformed,
    RegistryNotApplicable,
    RegistryRecord,
    RegistryUnavailable,
    name_words,
)

# A registry answer for up to _LIMIT people is a few kilobytes; anything far larger is wrong.
_MAX_BYTES = 2 * 1024 * 1024
_LIMIT = 10

US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip
_CODES = frozenset(US_STATES.values())


def us_state(jurisdiction: str) -> str:
    """The two-letter code of the US state named in "Minnesota, US" or "MN", else ""."""
    for part in re.split(r"[,;/]", jurisdiction):
        words = part.strip()
        if words.lower() in US_STATES:
            return US_STATES[words.lower()]
        if words.upper() in _CODES and len(words) == 2 and words.upper() != "US":
            return words.upper()
    return ""


def valid_npi(number: str) -> bool:
    """Ten digits whose last is the Luhn check digit over "80840" and the first nine."""
    if not (len(number) == 10 and number.isascii() and number.isdigit()):
        return False
    digits = [int(d) for d in "80840" + number]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


def fetch_url(url: str, timeout: float) -> bytes:
    """GET the URL over the network; the registry adapter's fetcher outside tests."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        # The URL is built from the configured https address, never from user input.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return bytes(response.read(_MAX_BYTES + 1))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RegistryUnavailable(
            getattr(reason, "strerror", None) or str(reason) or "no answer in time"
        ) from error


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_record(result: Any) -> RegistryRecord:
    """One entry of the response's `results` as a typed record."""
    if not isinstance(result, dict) or not isinstance(result.get("basic"), dict):
        raise RegistryAnswerMalformed("a result without its `basic` section")
    basic = result["basic"]
    taxonomies = [t for t in result.get("taxonomies") or [] if isinstance(t, dict)]
    addresses = [a for a in result.get("addresses") or [] if isinstance(a, dict)]
    licences = tuple(
        Licence(
            number=_text(t.get("license")),
            state=_text(t.get("state")).upper(),
            description=_text(t.get("desc")),
            primary=t.get("primary") is True,
        )
        for t in taxonomies
        if _text(t.get("license"))
    )
    states = {_text(t.get("state")).upper() for t in taxonomies}
    states |= {_text(a.get("state")).upper() for a in addresses}
    return RegistryRecord(
        number=str(result.get("number") or ""),
        first_name=_text(basic.get("first_name")),
        last_name=_text(basic.get("last_name")),
        credential=_text(basic.get("credential")),
        status=_text(basic.get("status")),
        enumeration_date=_text(basic.get("enumeration_date")),
        states=tuple(sorted(states - {""})),
        licences=licences,
        specialties=tuple(
            _text(t.get("desc"))
            for t in sorted(taxonomies, key=lambda t: t.get("primary") is not True)
            if _text(t.get("desc"))
        ),
    )


def parse_response(body: bytes) -> list[RegistryRecord]:
    """The records of an API response; raises RegistryAnswerMalformed for anything else."""
    if len(body) > _MAX_BYTES:
        raise RegistryAnswerMalformed("an answer far larger than any registry record")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RegistryAnswerMalformed("an answer that is not JSON") from error
    if not isinstance(data, dict):
        raise RegistryAnswerMalformed("an answer that is not a JSON object")
    if data.get("Errors"):
        # The API reports a query it refuses (a bad number, too few criteria) this way.
        raise RegistryAnswerMalformed(f"the registry refused the query: {data['Errors']!r:.200}")
    results = data.get("results", [])
    if not isinstance(results, list) or not isinstance(data.get("result_count", 0), int):
        raise RegistryAnswerMalformed("an answer without a list of results")
    return [parse_record(result) for result in results]


class NppesRegistry:
    """Adapter for the NPPES NPI registry; `fetch` is injected so tests never go online."""

    key = "nppes"
    label = "NPPES"

    def __init__(self, *, base_url: str, fetch: Fetcher, timeout: float) -> None:
        self.base_url = base_url
        self.fetch = fetch
        self.timeout = timeout

    def state_of(self, applicant: Applicant) -> str:
        return us_state(applicant.jurisdiction)

    def applies_to(self, applicant: Applicant) -> bool:
        return bool(applicant.npi_number or self.state_of(applicant))

    def query_for(self, applicant: Applicant) -> dict[str, str]:
        """By NPI number when the applicant gave one; else by first and last name and state."""
        if applicant.npi_number:
            if not valid_npi(applicant.npi_number):
                raise RegistryNotApplicable(
                    f"{applicant.npi_number} is not a valid NPI number (its check digit fails)."
                )
            return {"version": "2.1", "number": applicant.npi_number}
        state = self.state_of(applicant)
        words = name_words(applicant.name)
        if not state:
            raise RegistryNotApplicable(
                "NPPES lists US clinicians; the application names no NPI number or US state."
            )
        if len(words) < 2:
            raise RegistryNotApplicable("The application's name has no first and last name.")
        return {
            "version": "2.1",
            "first_name": words[0],
            "last_name": words[-1],
            "state": state,
            "enumeration_type": "NPI-1",
            "limit": str(_LIMIT),
        }

    def look_up(self, applicant: Applicant) -> Lookup:
        query = self.query_for(applicant)
        body = self.fetch(f"{self.base_url}?{urlencode(query)}", self.timeout)
        return Lookup(query=query, records=parse_response(body))
