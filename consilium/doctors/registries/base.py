"""What every registry adapter takes and gives, and how a record is compared with an applicant."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

# Fetches a URL within the timeout (seconds) and returns the body; raises
# RegistryUnavailable when the registry cannot be reached or answers with an error.
Fetcher = Callable[[str, float], bytes]


class RegistryUnavailable(Exception):
    """The registry did not answer in time, or answered with an error."""


class RegistryAnswerMalformed(Exception):
    """The registry answered something that is not the response it documents."""


class RegistryNotApplicable(Exception):
    """This registry cannot say anything about this applicant; the message says why."""


@dataclass(frozen=True)
class Applicant:
    """What the applicant told us, as a registry is asked about it."""

    name: str
    specialty: str = ""
    licence_number: str = ""
    jurisdiction: str = ""
    npi_number: str = ""


@dataclass(frozen=True)
class Licence:
    number: str
    state: str
    description: str = ""  # the taxonomy or specialty it is held for
    primary: bool = False


@dataclass(frozen=True)
class RegistryRecord:
    """One clinician as the registry lists them."""

    number: str
    first_name: str
    last_name: str
    credential: str = ""
    status: str = ""
    enumeration_date: str = ""
    states: tuple[str, ...] = ()
    licences: tuple[Licence, ...] = ()
    specialties: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Lookup:
    """What the registry was asked and the records it returned."""

    query: dict[str, str]
    records: list[RegistryRecord] = field(default_factory=list)


class Registry(Protocol):
    key: str  # stored with each check, e.g. "nppes"
    label: str  # shown to moderators, e.g. "NPPES"

    def applies_to(self, applicant: Applicant) -> bool:
        """Whether the registry could list this applicant at all."""
        ...

    def query_for(self, applicant: Applicant) -> dict[str, str]:
        """What the registry will be asked; raises RegistryNotApplicable."""
        ...

    def look_up(self, applicant: Applicant) -> Lookup:
        """Ask the registry; raises RegistryUnavailable, RegistryAnswerMalformed or
        RegistryNotApplicable."""
        ...

    def state_of(self, applicant: Applicant) -> str:
        """The applicant's jurisdiction as the registry writes it ("MN"), or ""."""
        ...


_TITLES = {"dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "mx"}
_CREDENTIALS = {"md", "do", "mbbs", "phd", "facs", "faad", "frcpc", "np", "pa", "dds"}


def name_words(name: str) -> list[str]:
    """The words of a person's name, lower case without accents, titles or credentials."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z]+(?:['-][a-z]+)*", plain)
    return [word for word in words if word not in _TITLES and word not in _CREDENTIALS]


def licence_key(number: str) -> str:
    """A licence number without punctuation, spaces or leading zeros, upper case."""
    return re.sub(r"[^A-Z0-9]", "", number.upper()).lstrip("0")


def licences_agree(given: str, listed: str, state: str) -> bool:
    """Equal once normalised; a state prefix the applicant added ("MN-55102") is allowed."""
    mine, theirs = licence_key(given), licence_key(listed)
    if not mine or not theirs:
        return False
    if state and mine.startswith(state) and not theirs.startswith(state):
        mine = mine[len(state) :].lstrip("0")
    return mine == theirs


def compare(applicant: Applicant, record: RegistryRecord, state: str) -> dict[str, bool]:
    """Which of the applicant's statements the record bears out, by field."""
    words = name_words(applicant.name)
    first, last = name_words(record.first_name), name_words(record.last_name)
    matched = {
        "name": bool(first and last) and set(first + last) <= set(words),
        "state": bool(state) and state in record.states,
        "licence": any(
            licences_agree(applicant.licence_number, licence.number, licence.state or state)
            for licence in record.licences
        ),
        "active": record.status == "A",
    }
    wanted = set(name_words(applicant.specialty))
    if wanted:
        matched["specialty"] = any(
            wanted <= set(name_words(specialty)) for specialty in record.specialties
        )
    return matched
