"""check_shuffle and check_batches: a shuffle of the data, with X and Y kept aligned."""
from __future__ import annotations

import numpy as np

from checks.shuffle import check_batches, check_shuffle

M = 10
X = (np.arange(M * 3).reshape(M, 3) + 1).astype(np.float64)
Y = -(np.arange(M * 2).reshape(M, 2) + 1).astype(np.float64)
PERM = np.array([3, 0, 7, 1, 9, 5, 2, 8, 6, 4])
OTHER = np.array([0, 3, 7, 1, 9, 5, 2, 8, 6, 4])


def batches(perm, sizes, x=X, y=Y):
    """Cut X[perm], Y[perm] into consecutive batches of the given sizes."""
    out, start = [], 0
    for size in sizes:
        rows = perm[start:start + size]
        out.append((x[rows], y[rows]))
        start += size
    return out


# ---------------------------------------------------------------- check_shuffle


def test_one_permutation_applied_to_both_passes():
    assert check_shuffle((X[PERM], Y[PERM]), X, Y) is None


def test_a_list_of_two_lists_passes():
    assert check_shuffle([X[PERM].tolist(), Y[PERM].tolist()], X, Y) is None


def test_two_different_permutations_fail():
    message = check_shuffle((X[PERM], Y[OTHER]), X, Y)
    assert message.startswith("X and Y were not shuffled the same way: row 0")


def test_a_duplicated_row_fails():
    perm = PERM.copy()
    perm[1] = perm[0]
    message = check_shuffle((X[perm], Y[perm]), X, Y)
    assert "every data point must appear exactly once" in message
    assert f"{M} rows with {M - 1} different ones" in message


def test_a_row_not_from_x_fails():
    shuffled = X[PERM].copy()
    shuffled[4, 1] += 0.5
    message = check_shuffle((shuffled, Y[PERM]), X, Y)
    assert message == "row 4 of X is not a row of the original X"


def test_a_row_not_from_y_fails():
    shuffled = Y[PERM].copy()
    shuffled[2] *= 100
    assert check_shuffle((X[PERM], shuffled), X, Y) == "row 2 of Y is not a row of the original Y"


def test_unshuffled_data_fails_when_there_are_six_points_or_more():
    message = check_shuffle((X.copy(), Y.copy()), X, Y)
    assert message == "the rows are in their original order: nothing was shuffled"


def test_unshuffled_data_is_accepted_for_fewer_than_six_points():
    assert check_shuffle((X[:5], Y[:5]), X[:5], Y[:5]) is None


def test_wrong_arity_fails():
    message = check_shuffle((X[PERM], Y[PERM], PERM), X, Y)
    assert message == "expected 2 values (the shuffled X and Y), got 3 values"


def test_a_single_array_fails():
    assert "expected 2 values" in check_shuffle(X[PERM], X, Y)


def test_rows_of_the_wrong_width_fail():
    message = check_shuffle((X[PERM][:, :2], Y[PERM]), X, Y)
    assert message.startswith("X should have rows of 3 values")


def test_fewer_y_rows_fail():
    message = check_shuffle((X[PERM], Y[PERM][:-1]), X, Y)
    assert message == f"the shuffled Y has {M - 1} rows, X has {M}"


# ---------------------------------------------------------------- check_batches


def test_correct_batches_with_a_smaller_final_batch_pass():
    assert check_batches(batches(PERM, [4, 4, 2]), X, Y, 4) is None


def test_correct_batches_of_equal_size_pass():
    assert check_batches(batches(PERM, [5, 5]), X, Y, 5) is None


def test_batch_size_larger_than_m_gives_one_batch():
    assert check_batches(batches(PERM, [M]), X, Y, 32) is None


def test_batches_as_lists_pass():
    as_lists = [[bx.tolist(), by.tolist()] for bx, by in batches(PERM, [4, 4, 2])]
    assert check_batches(as_lists, X, Y, 4) is None


def test_dropped_final_batch_gets_the_hint():
    message = check_batches(batches(PERM, [4, 4]), X, Y, 4)
    assert "the smaller final batch is missing" in message
    assert "expected 3 batches, the last one of 2 data points, got 2 batches" in message


def test_one_batch_too_few_without_a_smaller_last_has_no_hint():
    message = check_batches(batches(PERM, [5]), X, Y, 5)
    assert message == "expected 2 batches, got 1 batch"


def test_an_empty_extra_batch_fails():
    message = check_batches(batches(PERM, [4, 4, 2, 0]), X, Y, 4)
    assert message == "expected 3 batches, the last one of 2 data points, got 4 batches"


def test_wrong_batch_sizes_fail():
    message = check_batches(batches(PERM, [3, 3, 4]), X, Y, 4)
    assert message.startswith("batch 0 has 3 data points, expected 4")


def test_a_repeated_data_point_fails():
    perm = PERM.copy()
    perm[5] = perm[0]
    message = check_batches(batches(perm, [4, 4, 2]), X, Y, 4)
    assert message == "the batches do not hold every data point exactly once"


def test_a_missing_data_point_fails():
    perm = PERM.copy()
    perm[9] = perm[8]
    message = check_batches(batches(perm, [4, 4, 2]), X, Y, 4)
    assert message == "the batches do not hold every data point exactly once"


def test_x_and_y_misaligned_across_batches_fail():
    cut = [(bx, by) for (bx, _), (_, by) in zip(batches(PERM, [4, 4, 2]),
                                                batches(OTHER, [4, 4, 2]))]
    message = check_batches(cut, X, Y, 4)
    assert message.startswith("X and Y were not shuffled the same way")


def test_a_batch_that_is_not_a_pair_fails():
    cut = batches(PERM, [4, 4, 2])
    cut[1] = cut[1][0]
    assert check_batches(cut, X, Y, 4).startswith("batch 1: expected 2 values")


def test_a_batch_with_rows_not_from_y_fails():
    cut = batches(PERM, [4, 4, 2])
    cut[2] = (cut[2][0], cut[2][1] + 0.5)
    assert check_batches(cut, X, Y, 4) == "row 0 of Y_batch 2 is not a row of the original Y_batch 2"


def test_a_non_list_return_fails():
    assert (check_batches({"X": X}, X, Y, 4)
            == "expected a list of (X_batch, Y_batch) tuples, got a dict")
    assert check_batches(X, X, Y, 4).startswith("expected a list of (X_batch, Y_batch) tuples, "
                                                "got a numpy array")
