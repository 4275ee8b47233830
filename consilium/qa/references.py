"""Answer references: web addresses or PubMed IDs, checked and turned into links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.IGNORECASE)


class BadReference(ValueError):
    """A reference line that is neither a web address nor a PubMed ID."""


@dataclass(frozen=True)
class Reference:
    label: str
    url: str


def parse_references(text: str) -> list[str]:
    """One reference a line; blank lines are skipped. Raise BadReference naming a bad line."""
    references = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if _PMID.match(line):
            references.append(f"PMID:{_PMID.match(line).group(1)}")  # type: ignore[union-attr]
            continue
        parts = urlsplit(line)
        if parts.scheme in ("http", "https") and parts.netloc and " " not in line:
            references.append(line)
            continue
        raise BadReference(
            f"Line {number} (“{line[:60]}”) is neither a web address (https://…) "
            "nor a PubMed ID (e.g. PMID: 12345678)."
        )
    if len(references) > 20:
        raise BadReference("Give at most 20 references.")
    return references


def reference_links(references: list[str]) -> list[Reference]:
    links = []
    for reference in references:
        if reference.startswith("PMID:"):
            pmid = reference.removeprefix("PMID:")
            links.append(Reference(f"PubMed {pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
        else:
            links.append(Reference(urlsplit(reference).netloc, reference))
    return links
