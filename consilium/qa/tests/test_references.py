"""Answer references: web addresses and PubMed IDs."""

import pytest

from consilium.qa.references import BadReference, parse_references, reference_links


def test_it_reads_urls_and_pubmed_ids_one_a_line():
    text = "https://example.org/a\n\nPMID: 123456\n987654"
    assert parse_references(text) == ["https://example.org/a", "PMID:123456", "PMID:987654"]


def test_pubmed_ids_link_to_pubmed():
    (link,) = reference_links(["PMID:123456"])
    assert link.url == "https://pubmed.ncbi.nlm.nih.gov/123456/"


@pytest.mark.parametrize("line", ["javascript:alert(1)", "ftp://x.org/f", "my clinic", "http://"])
def test_it_refuses_anything_else_naming_the_line(line):
    with pytest.raises(BadReference, match="Line 1"):
        parse_references(line)
