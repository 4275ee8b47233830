"""Row addresses are the ones reverse() gives, however the name was reversed before."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from consilium.links import RowUrls, row_url


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("web:question", {"pk": 7, "slug": "is-botox-safe"}),
        ("web:question", {"pk": "0012", "slug": "a_b-9"}),
        ("web:topic", {"slug": "dermal-fillers"}),
        ("web:topic", {"slug": "9182736450"}),  # the stand-in itself
        ("web:doctor", {"slug": "dr-ana-ruiz"}),
    ],
)
def test_an_address_is_the_one_reverse_gives(name, values):
    assert row_url(name, **values) == reverse(name, kwargs=values)


def test_values_reverse_would_quote_or_refuse_go_through_reverse():
    assert row_url("web:question", slug="x", pk=3) == reverse("web:question", args=[3, "x"])
    with pytest.raises(NoReverseMatch):
        row_url("web:topic", slug="botox & co")
    with pytest.raises(NoReverseMatch):
        row_url("web:question", pk="seven", slug="x")
    with pytest.raises(NoReverseMatch):
        row_url("web:question", pk=7)


def test_the_script_prefix_in_force_is_the_one_used():
    assert row_url("web:topic", slug="peels") == "/topics/peels/"
    set_script_prefix("/site/")
    try:
        assert row_url("web:topic", slug="peels") == "/site/topics/peels/"
    finally:
        clear_script_prefix()
    assert row_url("web:topic", slug="peels") == "/topics/peels/"


def test_a_name_whose_path_lacks_an_argument_is_refused():
    with pytest.raises(NoReverseMatch):
        RowUrls("web:topic", "slug", "pk")
