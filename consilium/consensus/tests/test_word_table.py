"""The compact word table the fitted models read their numbers from."""

from __future__ import annotations

import numpy as np

from consilium.consensus.word_table import WordTable

TABLE = {"worth": [1.0, 2.0], "not worth": [3.0, 4.0], "safe": [5.0, 6.0], "à la": [7.0, 8.0]}


def test_it_gives_the_rows_of_known_words_in_the_order_asked() -> None:
    rows = WordTable(TABLE, 2).rows(["safe", "worth", "not worth"])

    assert rows.tolist() == [[5.0, 6.0], [1.0, 2.0], [3.0, 4.0]]


def test_it_leaves_out_words_it_does_not_have() -> None:
    table = WordTable(TABLE, 2)

    assert table.rows(["unsafe", "safer", "saf", "", "zzz", "aaa"]).shape == (0, 2)


def test_a_word_longer_than_any_it_has_does_not_match_its_beginning() -> None:
    table = WordTable(TABLE, 2)

    assert table.rows(["not worth it at all"]).shape == (0, 2)


def test_it_reads_words_beyond_plain_letters() -> None:
    assert WordTable(TABLE, 2).rows(["à la"]).tolist() == [[7.0, 8.0]]


def test_an_empty_table_or_query_gives_no_rows() -> None:
    assert WordTable({}, 3).rows(["safe"]).shape == (0, 3)
    assert WordTable(TABLE, 2).rows([]).shape == (0, 2)


def test_its_rows_sum_as_a_dict_of_lists_would() -> None:
    words = ["worth", "safe", "missing"]
    expected = np.sum([TABLE[w] for w in words if w in TABLE], axis=0)

    assert WordTable(TABLE, 2).rows(words).sum(axis=0).tolist() == expected.tolist()
