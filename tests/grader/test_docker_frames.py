"""The docker backend's reading of the attach stream: frames, lines, stderr kept apart."""
from __future__ import annotations

import socket
import struct

from grader.sandbox.docker import _Frames


def _frame(stream: int, payload: bytes) -> bytes:
    return struct.pack(">BxxxL", stream, len(payload)) + payload


def _frames(*chunks: bytes) -> _Frames:
    ours, theirs = socket.socketpair()
    theirs.sendall(b"".join(chunks))
    theirs.close()
    return _Frames(ours)


def test_lines_split_across_frames_and_empty_frames_come_back_whole():
    frames = _frames(_frame(1, b'{"ready": '), _frame(1, b""), _frame(2, b"a warning\n"),
                     _frame(1, b'true}\n{"task"'), _frame(1, b': 0}\n'))
    assert frames.readline(1 << 20) == b'{"ready": true}\n'
    assert frames.readline(1 << 20) == b'{"task": 0}\n'
    assert frames.readline(1 << 20) == b""
    assert bytes(frames.stderr) == b"a warning\n"


def test_a_line_longer_than_the_limit_is_cut_at_the_limit():
    frames = _frames(_frame(1, b"x" * 100 + b"\n"))
    assert frames.readline(10) == b"x" * 10


def test_a_stream_cut_mid_frame_ends_without_error():
    frames = _frames(_frame(1, b"complete\n"), struct.pack(">BxxxL", 1, 50) + b"partial")
    assert frames.readline(1 << 20) == b"complete\n"
    assert frames.readline(1 << 20) == b""
