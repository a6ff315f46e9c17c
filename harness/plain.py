"""Plain data across the sandbox boundary: describe any value as JSON-safe data, and read it back strictly.

``describe`` runs next to student code and never raises: whatever a student's function
returns becomes a tree of tagged dicts (numbers, strings, containers, arrays as base64
bytes with a whitelisted dtype, and an opaque record for anything else).  ``decode`` runs
on the trusted side: it accepts only that grammar, within size limits, and builds plain
Python and numpy values from it.  Nothing is ever unpickled, evaluated or imported.

This module imports nothing but the standard library and numpy, so it can be copied
into a sandbox on its own.
"""
from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import numpy as np

#: dtypes an array may have on the wire; anything else travels as an opaque object.
ARRAY_DTYPES = frozenset({
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
})
MAX_DEPTH = 20
MAX_ITEMS = 100_000          # elements of one list, tuple or dict
MAX_ARRAY_BYTES = 64 << 20   # raw bytes of one array
MAX_TEXT = 2_000             # characters kept of a string or a repr
_TF_MODULES = ("tensorflow", "keras", "tf_keras")


class ChannelError(ValueError):
    """Data from the sandbox does not follow the plain-data grammar."""


@dataclass(frozen=True)
class Tensor:
    """A TensorFlow tensor or variable, seen through its class name and its values."""

    cls: str
    value: object  # np.ndarray, or an Opaque when the values could not be read


@dataclass(frozen=True)
class Opaque:
    """Any other object: only its class name and a shortened repr cross the boundary."""

    cls: str
    text: str


# ---------------------------------------------------------------- harness side


def class_name(obj) -> str:
    """Return 'module.QualName' of obj's class, or a placeholder if the class lies about itself."""
    try:
        cls = type(obj)
        return f"{cls.__module__}.{cls.__qualname__}"[:200]
    except Exception:  # a hostile metaclass
        return "<unknown class>"


def _short_repr(obj) -> str:
    try:
        text = repr(obj)
    except BaseException as exc:  # noqa: BLE001 - student objects may raise anything
        return f"<repr failed: {type(exc).__name__}>"
    text = text if isinstance(text, str) else "<repr returned a non-string>"
    return text[:MAX_TEXT]


def _float(x: float) -> dict:
    if math.isnan(x) or math.isinf(x):
        return {"t": "float", "v": repr(x)}  # 'nan', 'inf', '-inf': JSON has no such numbers
    return {"t": "float", "v": x}


def _array(arr: np.ndarray) -> dict:
    if arr.dtype.name not in ARRAY_DTYPES or arr.nbytes > MAX_ARRAY_BYTES:
        return {"t": "object", "cls": f"numpy.ndarray[{arr.dtype.name}]",
                "repr": f"array of shape {arr.shape}, dtype {arr.dtype.name}"}
    data = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    return {"t": "array", "dtype": arr.dtype.name, "shape": list(arr.shape),
            "b64": base64.b64encode(data).decode("ascii")}


def _is_tf_value(obj) -> bool:
    module = getattr(type(obj), "__module__", "") or ""
    return module.startswith(_TF_MODULES) and callable(getattr(obj, "numpy", None))


def describe(obj, depth: int = 0) -> dict:
    """Describe obj as plain data; never raises, whatever obj does."""
    try:
        return _describe(obj, depth)
    except BaseException as exc:  # noqa: BLE001 - __array__, __len__ ... may raise anything
        return {"t": "object", "cls": class_name(obj),
                "repr": f"<could not be read: {type(exc).__name__}>"}


def _describe(obj, depth: int) -> dict:
    if depth > MAX_DEPTH:
        return {"t": "object", "cls": class_name(obj), "repr": "<nested too deeply>"}
    kind = type(obj)
    if obj is None:
        return {"t": "none"}
    if kind is bool:
        return {"t": "bool", "v": obj}
    if kind is int:
        return {"t": "int", "v": obj} if abs(obj) < 2 ** 63 else _float(float(obj))
    if kind is float:
        return _float(obj)
    if kind is str:
        return {"t": "str", "v": obj[:MAX_TEXT]}
    if isinstance(obj, np.ndarray):
        return _array(np.asarray(obj).view(np.ndarray))
    if isinstance(obj, np.generic):
        return {"t": "scalar", "value": _array(np.asarray(obj))}
    if kind in (list, tuple):
        items = [describe(item, depth + 1) for item in obj[:MAX_ITEMS]]
        return {"t": kind.__name__, "items": items, "length": len(obj)}
    if kind is dict:
        return {"t": "dict", "items": {str(k)[:MAX_TEXT]: describe(v, depth + 1)
                                       for k, v in list(obj.items())[:MAX_ITEMS]}}
    if kind is Tensor:  # decoded values described again (stored expected outputs)
        return {"t": "tensor", "cls": obj.cls, "value": describe(obj.value, depth + 1)}
    if kind is Opaque:
        return {"t": "object", "cls": obj.cls, "repr": obj.text}
    if _is_tf_value(obj):
        return {"t": "tensor", "cls": class_name(obj), "value": describe(np.asarray(obj.numpy()),
                                                                          depth + 1)}
    return {"t": "object", "cls": class_name(obj), "repr": _short_repr(obj)}


# ---------------------------------------------------------------- trusted side


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise ChannelError(what)


def _decode_float(v) -> float:
    if isinstance(v, str):
        _need(v in ("nan", "inf", "-inf"), "bad float literal")
        return float(v)
    _need(type(v) in (int, float), "float value is not a number")
    try:
        return float(v)
    except OverflowError as exc:  # a 400-digit integer written into the channel
        raise ChannelError("float value out of range") from exc


def _decode_array(data: dict) -> np.ndarray:
    dtype, shape, b64 = data.get("dtype"), data.get("shape"), data.get("b64")
    _need(isinstance(dtype, str) and dtype in ARRAY_DTYPES, f"array dtype {dtype!r} is not allowed")
    _need(isinstance(shape, list) and len(shape) <= 32
          and all(type(n) is int and 0 <= n < 2 ** 31 for n in shape), "bad array shape")
    # Checked before numpy sees the shape: zero-sized arrays whose other sides overflow
    # (numpy's "array is too big") included.
    _need(math.prod(max(n, 1) for n in shape) <= MAX_ARRAY_BYTES, "array shape too large")
    _need(isinstance(b64, str) and len(b64) <= MAX_ARRAY_BYTES * 4 // 3 + 4, "array too large")
    try:
        raw = base64.b64decode(b64, validate=True)
    except ValueError as exc:
        raise ChannelError("array bytes are not base64") from exc
    kind = np.dtype(dtype).newbyteorder("<")
    _need(len(raw) == math.prod(shape) * kind.itemsize, "array bytes do not match its shape")
    try:
        arr = np.frombuffer(raw, dtype=kind).reshape(shape).astype(np.dtype(dtype))
    except (ValueError, TypeError, MemoryError) as exc:
        raise ChannelError(f"array could not be built: {type(exc).__name__}") from exc
    arr.flags.writeable = False
    return arr


def decode(data, depth: int = 0):
    """Build the value described by data; raise ChannelError on anything outside the grammar,
    and nothing else, whatever data is."""
    try:
        return _decode(data, depth)
    except ChannelError:
        raise
    except Exception as exc:  # noqa: BLE001 - total: a bug here must not crash the grader
        raise ChannelError(f"unreadable value ({type(exc).__name__})") from exc


def _decode(data, depth: int):
    _need(depth <= MAX_DEPTH + 2, "value nested too deeply")
    _need(isinstance(data, dict), "a value must be an object")
    tag = data.get("t")
    if tag == "none":
        return None
    if tag == "bool":
        _need(type(data.get("v")) is bool, "bad bool")
        return data["v"]
    if tag == "int":
        _need(type(data.get("v")) is int and abs(data["v"]) < 2 ** 63, "bad int")
        return data["v"]
    if tag == "float":
        return _decode_float(data.get("v"))
    if tag == "str":
        _need(isinstance(data.get("v"), str), "bad str")
        return data["v"][:MAX_TEXT]
    if tag == "array":
        return _decode_array(data)
    if tag == "scalar":
        value = data.get("value")
        _need(isinstance(value, dict) and value.get("shape") == [], "bad scalar")
        return _decode_array(value)[()]
    if tag in ("list", "tuple"):
        items = data.get("items")
        _need(isinstance(items, list) and len(items) <= MAX_ITEMS, "bad sequence")
        _need(data.get("length") == len(items), "sequence was too long to send")
        values = [decode(item, depth + 1) for item in items]
        return values if tag == "list" else tuple(values)
    if tag == "dict":
        items = data.get("items")
        _need(isinstance(items, dict) and len(items) <= MAX_ITEMS, "bad dict")
        return {str(k): decode(v, depth + 1) for k, v in items.items()}
    if tag == "tensor":
        _need(isinstance(data.get("cls"), str), "bad tensor")
        return Tensor(data["cls"][:200], decode(data.get("value"), depth + 1))
    if tag == "object":
        cls, text = data.get("cls"), data.get("repr")
        _need(isinstance(cls, str) and isinstance(text, str), "bad object")
        return Opaque(cls[:200], text[:MAX_TEXT])
    raise ChannelError(f"unknown value tag {tag!r}")
