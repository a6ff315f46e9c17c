"""compare_arrays and compare_values: match or explain, and keep hidden values hidden."""
from __future__ import annotations

import numpy as np

from checks.compare import compare_arrays, compare_values, to_array, type_name
from checks.tolerance import EXACT, FLOAT64
from harness.plain import Opaque, Tensor

TF_CLASS = "tensorflow.python.framework.ops.EagerTensor"


# ---------------------------------------------------------------- to_array


def test_to_array_of_a_list_of_numbers():
    assert to_array([1.0, 2, np.float32(3)]).tolist() == [1.0, 2.0, 3.0]


def test_to_array_of_nested_lists_and_arrays_stacks_them():
    assert to_array([np.zeros(2), [1.0, 2.0]]).shape == (2, 2)


def test_to_array_of_mixed_input_is_none():
    assert to_array([1.0, "a"]) is None
    assert to_array([1.0, None]) is None


def test_to_array_of_ragged_input_is_none():
    assert to_array([[1.0, 2.0], [3.0]]) is None


def test_to_array_rejects_non_numeric_arrays_and_objects():
    assert to_array(np.array(["a", "b"])) is None
    assert to_array(Opaque("mod.Foo", "<Foo>")) is None
    assert to_array({"a": 1.0}) is None


def test_to_array_unwraps_a_tensor():
    assert to_array(Tensor(TF_CLASS, np.array([1.0, 2.0]))).tolist() == [1.0, 2.0]


def test_to_array_of_an_empty_list_is_empty():
    assert to_array([]).shape == (0,)


# ---------------------------------------------------------------- compare_arrays


def test_compare_arrays_equal_values_match():
    assert compare_arrays(np.array([1.0, 2.0]), [1.0, 2.0], FLOAT64, "x") is None


def test_compare_arrays_within_tolerance_match():
    assert compare_arrays([1.0 + 1e-10, 2.0], np.array([1.0, 2.0]), FLOAT64, "x") is None


def test_shape_mismatch_names_both_shapes():
    message = compare_arrays(np.zeros((3, 2)), np.zeros((2, 3)), FLOAT64, "the output")
    assert message == "the output: expected shape (2, 3), got shape (3, 2)"


def test_shape_mismatch_against_a_scalar():
    message = compare_arrays(np.zeros(2), 1.5, FLOAT64, "x")
    assert "expected a scalar" in message and "(2,)" in message


def test_value_mismatch_gives_count_index_values_and_errors():
    message = compare_arrays([1.0, 2.5, 3.0], [1.0, 2.0, 3.0], FLOAT64, "the output")
    assert message.startswith("the output: 1 of 3 values differ beyond the tolerance")
    assert "rtol=1e-06, atol=1e-09" in message
    assert "at index (1,)" in message
    assert "expected 2, got 2.5" in message
    assert "abs error 0.5" in message and "rel error 0.25" in message


def test_value_mismatch_reports_the_worst_element():
    message = compare_arrays([[1.1, 2.0], [3.0, 9.0]], [[1.0, 2.0], [3.0, 4.0]], FLOAT64, "x")
    assert "2 of 4 values" in message
    assert "at index (1, 1)" in message and "expected 4, got 9" in message


def test_value_mismatch_of_a_scalar_has_no_index():
    message = compare_arrays(2.0, 1.0, FLOAT64, "x")
    assert "1 of 1 values" in message and "index" not in message
    assert "expected 1, got 2" in message


def test_nan_is_called_nan_and_is_the_worst():
    message = compare_arrays([100.0, np.nan, 3.0], [1.0, 2.0, 3.0], FLOAT64, "x")
    assert "2 of 3 values" in message
    assert "at index (1,) is NaN" in message


def test_hidden_mismatch_reveals_neither_expected_nor_received():
    message = compare_arrays([987.654, 2.0], [123.456, 2.0], FLOAT64, "x", reveal=False)
    assert "1 of 2 values differ" in message
    assert "123.456" not in message and "987.654" not in message
    assert "expected" not in message and "got" not in message


def test_non_numeric_received_value_is_named():
    message = compare_arrays("hello", [1.0], FLOAT64, "x")
    assert message == "x: expected numbers, got a str"


def test_opaque_object_is_reported_by_its_class():
    message = compare_arrays(Opaque("student.Result", "<Result>"), [1.0], FLOAT64, "x")
    assert message == "x: expected numbers, got an object of class student.Result"


def test_tensor_with_unreadable_values_is_named_as_a_tensor():
    message = compare_arrays(Tensor(TF_CLASS, Opaque("x.Y", "?")), [1.0], FLOAT64, "x")
    assert message == "x: expected numbers, got a tensor (EagerTensor)"


def test_type_name_of_an_array_and_none():
    assert type_name(np.zeros((2, 3))) == "a numpy array of shape (2, 3)"
    assert type_name(None) == "None"


# ---------------------------------------------------------------- compare_values


def test_list_is_accepted_where_a_tuple_is_expected():
    expected = (np.array([1.0, 2.0]), 3.0)
    assert compare_values([np.array([1.0, 2.0]), 3.0], expected, FLOAT64, "x") is None


def test_wrong_arity_is_explained():
    message = compare_values((1.0, 2.0, 3.0), (1.0, 2.0), FLOAT64, "the result")
    assert message.startswith("the result: expected 2 values")
    assert "got 3 values" in message


def test_single_value_where_a_tuple_is_expected():
    message = compare_values(1.0, (1.0, 2.0), FLOAT64, "x")
    assert "expected 2 values" in message and "got a float" in message


def test_wrong_item_of_a_tuple_is_located():
    message = compare_values((1.0, 5.0), (1.0, 2.0), FLOAT64, "x")
    assert message.startswith("x, value 2: 1 of 1 values")


def test_nested_tuples_are_compared_item_by_item():
    expected = ((1.0, np.array([2.0, 3.0])), 4.0)
    assert compare_values([[1.0, [2.0, 3.0]], 4.0], expected, FLOAT64, "x") is None
    message = compare_values([[1.0, [2.0, 3.5]], 4.0], expected, FLOAT64, "x")
    assert message.startswith("x, value 1, value 2:")


def test_list_of_numbers_matches_an_array():
    assert compare_values(np.array([1.0, 2.0, 3.0]), [1.0, 2.0, 3.0], FLOAT64, "x") is None
    assert compare_values([1.0, 2.0, 3.5], [1.0, 2.0, 3.0], FLOAT64, "x") is not None


def test_ragged_expected_list_is_compared_item_by_item():
    expected = [np.zeros(2), np.zeros(3)]
    assert compare_values([[0.0, 0.0], [0.0, 0.0, 0.0]], expected, FLOAT64, "x") is None
    message = compare_values([[0.0, 0.0]], expected, FLOAT64, "x")
    assert message == "x: expected 2 values, got 1 value"


def test_dicts_are_compared_key_by_key():
    expected = {"losses": [1.0, 2.0], "lr": 0.5}
    assert compare_values({"losses": [1.0, 2.0], "lr": 0.5, "extra": 1}, expected,
                          FLOAT64, "x") is None
    assert compare_values({"losses": [1.0, 2.0]}, expected, FLOAT64, "x") == "x: lr is missing"
    assert compare_values({"losses": [1.0, 9.0], "lr": 0.5}, expected,
                          FLOAT64, "x").startswith("x, losses: 1 of 2 values")


def test_non_dict_where_a_dict_is_expected():
    assert compare_values([1.0], {"a": 1.0}, FLOAT64, "x") == "x: a is missing"


def test_tensor_values_are_compared_as_arrays():
    tensor = Tensor(TF_CLASS, np.array([1.0, 2.0], dtype=np.float32))
    assert compare_values(tensor, [1.0, 2.0], FLOAT64, "x") is None
    assert "1 of 2 values" in compare_values(tensor, [1.0, 3.0], FLOAT64, "x")


def test_opaque_object_gets_a_clear_message():
    message = compare_values(Opaque("student.MyArray", "<MyArray>"), [1.0, 2.0], FLOAT64, "x")
    assert message == "x: expected numbers, got an object of class student.MyArray"


def test_strings_and_bools_must_be_equal_and_of_the_same_type():
    assert compare_values("relu", "relu", EXACT, "x") is None
    assert compare_values("tanh", "relu", EXACT, "x") == "x: expected 'relu', got 'tanh'"
    assert compare_values(1, True, EXACT, "x") is not None


def test_hidden_string_mismatch_does_not_reveal_the_expected_value():
    message = compare_values("tanh", "relu", EXACT, "x", reveal=False)
    assert message == "x differs"


def test_hidden_nested_mismatch_does_not_reveal_values():
    message = compare_values({"a": (1.0, 987.654)}, {"a": (1.0, 123.456)}, FLOAT64, "x",
                             reveal=False)
    assert message is not None
    assert "123.456" not in message and "987.654" not in message


# ---------------------------------------------------------------- dtypes and the excerpt


def test_dtypes_are_named_when_they_differ():
    message = compare_arrays(np.array([1, 2, 3]), np.array([1.0, 2.5, 3.0]), FLOAT64, "x")
    assert "(got dtype int64, expected float64)" in message
    shape = compare_arrays(np.zeros((3, 2), dtype=np.float32), np.zeros((2, 3)), FLOAT64, "x")
    assert shape == ("x: expected shape (2, 3), got shape (3, 2) "
                     "(got dtype float32, expected float64)")


def test_dtypes_are_not_named_when_they_agree():
    assert "dtype" not in compare_arrays(np.array([1.0, 9.0]), np.array([1.0, 2.0]), FLOAT64, "x")


def test_excerpt_shows_the_values_around_the_worst_one_in_its_row():
    expected = np.arange(40.0).reshape(4, 10)
    received = expected.copy()
    received[2, 8] = -7.5
    lines = compare_arrays(received, expected, FLOAT64, "the result").splitlines()
    assert lines[1] == "around it, values [2, 5:10]:"
    assert lines[2].split() == ["expected", "25", "26", "27", "28", "29"]
    assert lines[3].split() == ["got", "25", "26", "27", "-7.5", "29"]
    assert len(lines) == 4


def test_excerpt_is_clipped_at_the_start_and_columns_line_up():
    lines = compare_arrays([100.25, 2.0, 3.0], [1.0, 2.0, 3.0], FLOAT64, "x").splitlines()
    assert lines[1] == "around it, values [0:3]:"
    assert lines[2] == "  expected      1       2       3"
    assert lines[3] == "  got      100.25       2       3"


def test_excerpt_shows_a_nan():
    message = compare_arrays([1.0, np.nan], [1.0, 2.0], FLOAT64, "x")
    assert message.splitlines()[-1].split() == ["got", "1", "nan"]


def test_a_single_value_has_no_excerpt():
    assert "around it" not in compare_arrays([5.0], [1.0], FLOAT64, "x")
    assert "around it" not in compare_arrays(5.0, 1.0, FLOAT64, "x")


def test_hidden_cases_get_no_excerpt():
    for got in ([9.0, 2.0, 3.0], [np.nan, 2.0, 3.0]):
        message = compare_arrays(got, [1.0, 2.0, 3.0], FLOAT64, "x", reveal=False)
        assert "around it" not in message and "\n" not in message
