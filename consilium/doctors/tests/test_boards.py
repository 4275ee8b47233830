"""The licence lookup a moderator is sent to, from where the licence was issued."""

import pytest

from consilium.doctors.boards import licence_lookup


@pytest.mark.parametrize(
    ("jurisdiction", "board"),
    [
        ("Ontario, Canada", "College of Physicians and Surgeons of Ontario"),
        ("British Columbia, Canada", "College of Physicians and Surgeons of British Columbia"),
        ("New York, US", "New York State Education Department"),
        ("Texas, USA", "DocInfo (Federation of State Medical Boards)"),
        ("Scotland", "General Medical Council"),
    ],
)
def test_it_names_the_board_for_the_jurisdiction(jurisdiction, board):
    found = licence_lookup(jurisdiction)
    assert found is not None
    assert found.board == board
    assert found.url.startswith("https://")


def test_it_knows_nothing_of_an_unknown_place():
    assert licence_lookup("Atlantis") is None
