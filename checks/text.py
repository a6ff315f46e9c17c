"""Text the student's code can fill, made safe to print and show: control characters escaped.

A terminal obeys escape sequences (``\\x1b[2J`` clears an instructor's screen, ``\\r``
overwrites a line, ``\\x07`` rings), and bidirectional overrides make text read differently
from what it is.  Every string that came from the sandbox goes through ``printable`` once,
on the trusted side, before it is stored, reported or shown.
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional formatting marks.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """text with every control character but newline and tab written as an escape."""
    return _CONTROL.sub(_escape, text)


def printable_tree(value):
    """printable() applied to every string in a tree of dicts and lists (keys included)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_tree(k): printable_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable_tree(v) for v in value)
    return value
