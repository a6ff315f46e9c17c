"""The plain-data channel: describe never raises, decode accepts only the grammar, values round-trip."""
from __future__ import annotations

import base64
import math

import numpy as np
import pytest

from harness.plain import (ARRAY_DTYPES, MAX_DEPTH, ChannelError, Opaque, Tensor,
                                  decode, describe)


def round_trip(value):
    return decode(describe(value))


def sample(dtype: str) -> np.ndarray:
    """A (2, 3) array of dtype holding extreme values where the dtype has them."""
    if dtype == "bool":
        return np.array([[True, False, True], [False, False, True]])
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        return np.array([[info.min, info.max, 0], [1, 2, 3]], dtype=dtype)
    return np.array([[0.0, -1.5, np.inf], [-np.inf, np.nan, 65504.0]], dtype=dtype)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("value", [None, True, False, 0, -7, 2 ** 62, 1.5, -0.25, "", "héllo"])
def test_simple_values_round_trip_with_their_type(value):
    back = round_trip(value)
    assert back == value and type(back) is type(value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_round_trip(value):
    back = round_trip(value)
    assert type(back) is float
    assert (math.isnan(back) if math.isnan(value) else back == value)


def test_int_beyond_int64_travels_as_a_float():
    assert round_trip(2 ** 70) == float(2 ** 70)


@pytest.mark.parametrize("dtype", sorted(ARRAY_DTYPES))
def test_arrays_of_every_allowed_dtype_round_trip(dtype):
    arr = sample(dtype)
    back = round_trip(arr)
    assert back.dtype == np.dtype(dtype) and back.shape == arr.shape
    np.testing.assert_array_equal(back, arr)


@pytest.mark.parametrize("dtype", sorted(ARRAY_DTYPES))
def test_zero_dimensional_arrays_round_trip(dtype):
    arr = np.array(sample(dtype)[0, 1])
    back = round_trip(arr)
    assert isinstance(back, np.ndarray) and back.shape == () and back.dtype == arr.dtype
    assert back[()] == arr[()]


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 2, 5)])
def test_empty_arrays_round_trip(shape):
    back = round_trip(np.zeros(shape, dtype=np.float32))
    assert back.shape == shape and back.dtype == np.float32


def test_big_endian_and_non_contiguous_arrays_keep_their_values():
    arr = np.arange(12, dtype=">f8").reshape(3, 4)[:, ::2]
    back = round_trip(arr)
    assert back.dtype == np.float64
    np.testing.assert_array_equal(back, arr)


@pytest.mark.parametrize("scalar", [np.float64(1.25), np.float32(-3.5), np.float16(0.5),
                                    np.int8(-8), np.uint64(2 ** 64 - 1), np.bool_(True)])
def test_numpy_scalars_round_trip_with_their_type(scalar):
    back = round_trip(scalar)
    assert type(back) is type(scalar) and back == scalar


def test_decoded_arrays_are_read_only():
    back = round_trip(np.arange(4.0))
    assert not back.flags.writeable
    with pytest.raises(ValueError):
        back[0] = 1.0


def test_lists_tuples_and_dicts_keep_their_kinds():
    back = round_trip({"a": [1, (2.5, "x")], "b": (None, [True])})
    assert back == {"a": [1, (2.5, "x")], "b": (None, [True])}
    assert type(back["a"][1]) is tuple and type(back["b"]) is tuple and type(back["a"]) is list


def test_nested_containers_with_arrays_round_trip():
    back = round_trip([{"w": np.eye(2)}, (np.int32(3), [np.zeros(0)])])
    np.testing.assert_array_equal(back[0]["w"], np.eye(2))
    assert back[1][0] == 3 and back[1][1][0].shape == (0,)


def test_dict_keys_become_strings():
    assert round_trip({1: "a"}) == {"1": "a"}


def test_tensor_re_describes_to_the_same_record():
    record = {"t": "tensor", "cls": "tensorflow.python.framework.ops.EagerTensor",
              "value": describe(np.array([[1.0, 2.0]], dtype=np.float32))}
    tensor = decode(record)
    assert isinstance(tensor, Tensor) and tensor.value.shape == (1, 2)
    assert describe(tensor) == record


def test_opaque_re_describes_to_the_same_record():
    record = {"t": "object", "cls": "student.Thing", "repr": "<Thing 1>"}
    assert decode(record) == Opaque("student.Thing", "<Thing 1>")
    assert describe(decode(record)) == record


# ---------------------------------------------------------------- hostile objects


class BadRepr:
    def __repr__(self):
        raise RuntimeError("no")


class BadArray:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no")


class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return True

    __hash__ = None


def test_object_whose_repr_raises_becomes_an_object_record():
    record = describe(BadRepr())
    assert record["t"] == "object" and record["cls"].endswith("BadRepr")
    assert "repr failed" in record["repr"]


def test_object_whose_array_raises_becomes_an_object_record():
    record = describe(BadArray())
    assert record["t"] == "object" and record["cls"].endswith("BadArray")


def test_fake_tensorflow_value_whose_numpy_raises_becomes_an_object_record():
    fake = type("EagerTensor", (), {"__module__": "tensorflow.fake",
                                    "numpy": lambda self: 1 / 0})()
    record = describe(fake)
    assert record["t"] == "object" and "ZeroDivisionError" in record["repr"]


def test_ndarray_subclass_travels_as_its_raw_values():
    sneaky = np.array([1.0, 2.0, 3.0]).view(AlwaysEqual)
    record = describe(sneaky)
    assert record["t"] == "array"
    back = decode(record)
    assert type(back) is np.ndarray
    assert back.tolist() == [1.0, 2.0, 3.0]


def test_self_referencing_list_is_cut_at_the_depth_limit():
    loop: list = []
    loop.append(loop)
    record = describe(loop)
    depth = 0
    while record["t"] == "list":
        record, depth = record["items"][0], depth + 1
    assert record["t"] == "object" and record["repr"] == "<nested too deeply>"
    assert depth == MAX_DEPTH + 1
    assert isinstance(decode(describe(loop)), list)


def test_self_referencing_dict_does_not_raise():
    loop: dict = {}
    loop["me"] = loop
    assert isinstance(decode(describe(loop)), dict)


def test_huge_int_does_not_raise():
    record = describe(10 ** 400)
    assert record["t"] in ("float", "object")
    decode(record)


def test_object_array_becomes_an_object_record():
    record = describe(np.array([1, "a", None], dtype=object))
    assert record["t"] == "object" and "object" in record["cls"]


def test_complex_array_becomes_an_object_record():
    assert describe(np.zeros(2, dtype=np.complex128))["t"] == "object"


def test_array_over_the_byte_limit_becomes_an_object_record():
    huge = np.broadcast_to(np.zeros(1), (9 << 20,))  # 72 MiB of float64, not allocated
    record = describe(huge)
    assert record["t"] == "object" and "shape" in record["repr"]


def test_subclasses_of_builtin_types_travel_as_objects():
    class MyList(list):
        pass

    assert describe(MyList([1]))["t"] == "object"


# ---------------------------------------------------------------- decode refuses


def array_record(**overrides) -> dict:
    record = {"t": "array", "dtype": "float64", "shape": [2],
              "b64": base64.b64encode(np.zeros(2).tobytes()).decode()}
    record.update(overrides)
    return record


def test_the_valid_array_record_decodes():
    assert decode(array_record()).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("data", [
    {"t": "pickle", "v": "x"},
    {"v": 1},
    [{"t": "none"}],
    "none",
    None,
    {"t": "bool", "v": 1},
    {"t": "int", "v": True},
    {"t": "int", "v": 1.0},
    {"t": "int", "v": 2 ** 63},
    {"t": "str", "v": 3},
    {"t": "float", "v": "1.5"},
    {"t": "float", "v": "NaN"},
    {"t": "float", "v": "Infinity"},
    {"t": "float", "v": True},
    {"t": "list", "items": [{"t": "none"}], "length": 2},
    {"t": "tuple", "items": [], "length": 1},
    {"t": "list", "items": {"t": "none"}, "length": 1},
    {"t": "dict", "items": [1]},
    {"t": "tensor", "cls": 3, "value": {"t": "none"}},
    {"t": "object", "cls": "x"},
    {"t": "scalar", "value": {"t": "array", "dtype": "float64", "shape": [1], "b64": ""}},
], ids=repr)
def test_decode_refuses_values_outside_the_grammar(data):
    with pytest.raises(ChannelError):
        decode(data)


@pytest.mark.parametrize("overrides", [
    {"dtype": "object"},
    {"dtype": "complex128"},
    {"dtype": None},
    {"shape": [3]},
    {"shape": [-2]},
    {"shape": [True, 2]},
    {"shape": "2"},
    {"b64": "not base64!"},
    {"b64": 12},
], ids=repr)
def test_decode_refuses_bad_arrays(overrides):
    with pytest.raises(ChannelError):
        decode(array_record(**overrides))


def test_decode_refuses_an_unhashable_dtype_with_a_channel_error():
    with pytest.raises(ChannelError):
        decode(array_record(dtype=["float64"]))


def test_decode_refuses_a_float_too_large_for_a_float_with_a_channel_error():
    with pytest.raises(ChannelError):
        decode({"t": "float", "v": 10 ** 400})


def test_decode_refuses_too_deep_nesting():
    data: dict = {"t": "none"}
    for _ in range(MAX_DEPTH + 10):
        data = {"t": "list", "items": [data], "length": 1}
    with pytest.raises(ChannelError, match="nested too deeply"):
        decode(data)


def test_decode_accepts_what_describe_produces_at_the_depth_limit():
    value: list = []
    for _ in range(MAX_DEPTH):
        value = [value]
    assert decode(describe(value)) == value
