"""Word-level diffs for the history pages."""

from consilium.qa.diff import DiffPiece, word_diff


def test_a_changed_word_is_removed_then_added():
    assert word_diff("dark spots", "dark patches") == [
        DiffPiece("same", "dark "),
        DiffPiece("removed", "spots"),
        DiffPiece("added", "patches"),
    ]


def test_a_first_version_is_all_added():
    assert word_diff("", "Hello there") == [DiffPiece("added", "Hello there")]
