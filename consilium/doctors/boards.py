"""Where a moderator checks a licence: the public lookup of the board that issued it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LicenceLookup:
    board: str
    url: str


# Boards whose public register we link by name; any other US state goes to DocInfo, the
# Federation of State Medical Boards' lookup across every state board.
_BOARDS = {
    "ontario": LicenceLookup(
        "College of Physicians and Surgeons of Ontario", "https://doctors.cpso.on.ca/"
    ),
    "british columbia": LicenceLookup(
        "College of Physicians and Surgeons of British Columbia",
        "https://www.cpsbc.ca/public/registrant-directory",
    ),
    "alberta": LicenceLookup(
        "College of Physicians and Surgeons of Alberta", "https://search.cpsa.ca/"
    ),
    "california": LicenceLookup("Medical Board of California", "https://search.dca.ca.gov/"),
    "new york": LicenceLookup(
        "New York State Education Department", "https://www.op.nysed.gov/verification-search"
    ),
    "united kingdom": LicenceLookup(
        "General Medical Council", "https://www.gmc-uk.org/registrants"
    ),
}
_UK = ("uk", "england", "scotland", "wales", "northern ireland")
_DOCINFO = LicenceLookup("DocInfo (Federation of State Medical Boards)", "https://www.docinfo.org/")
_US_STATES = frozenset(
    {
        "alabama", "alaska", "arizona", "arkansas", "colorado", "connecticut", "delaware",
        "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
        "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
        "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire",
        "new jersey", "new mexico", "north carolina", "north dakota", "ohio", "oklahoma",
        "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee",
        "texas", "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin",
        "wyoming",
    }
)  # fmt: skip


def licence_lookup(jurisdiction: str) -> LicenceLookup | None:
    """The public lookup for a licence issued in `jurisdiction` ("Ontario, Canada"), if known."""
    parts = [part.strip().lower() for part in jurisdiction.replace(";", ",").split(",")]
    for part in parts:
        if part in _BOARDS:
            return _BOARDS[part]
        if part in _UK:
            return _BOARDS["united kingdom"]
    if any(part in _US_STATES for part in parts) or any(
        part in {"us", "usa", "united states"} for part in parts
    ):
        return _DOCINFO
    return None
