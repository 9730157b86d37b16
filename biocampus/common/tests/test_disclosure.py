"""Small-cell suppression: a public count of 1 to 4 people is withheld, and a total is
withheld when it would give the hidden cells away."""

from biocampus.common.disclosure import cell, column_total


def test_counts_of_one_to_four_are_withheld():
    assert [cell(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


def test_a_total_is_withheld_when_the_hidden_cells_add_up_to_fewer_than_five():
    assert column_total([20, 3]) is None  # 23 - 20 would reveal the 3
    assert column_total([20, 3, 4]) == 27  # hidden cells add up to 7: no single one shows
    assert column_total([20, 30]) == 50
    assert column_total([2, 1]) is None
    assert column_total([0, 0]) == 0
