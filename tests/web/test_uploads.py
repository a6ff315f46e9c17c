"""Checking uploads: what is kept, what is ignored with a note, and what is refused (pure, no app)."""
from __future__ import annotations

import io
import stat
import zipfile

import pytest

from web.students.uploads import Limits, UploadError, check

LIMITS = Limits(max_bytes=1 << 20, max_files=50, zip_max_ratio=100)
TASK = b"#!/usr/bin/env python3\n\"\"\"task\"\"\"\n"


def zipped(entries: dict, links: tuple = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_a_folder_keeps_the_task_files_of_the_folder_holding_them():
    parts = [("optimization/0-norm_constants.py", TASK), ("optimization/9-Adam.py", TASK),
             ("optimization/README.md", b"# x\nhttps://example.org/post\n"),
             ("optimization/0-main.py", b"print(1)"), ("optimization/data/MNIST.npz", b"\x00\x01"),
             ("optimization/.git/config", b"[core]")]
    accepted = check(parts, LIMITS)
    assert sorted(accepted.files) == ["0-norm_constants.py", "9-Adam.py", "README.md"]
    assert accepted.kind == "folder" and accepted.files["9-Adam.py"] == TASK
    assert len(accepted.notes) == 1 and "ignored 3 other files" in accepted.notes[0]
    assert "0-main.py" in accepted.notes[0] and "MNIST.npz" in accepted.notes[0]


def test_single_files_and_a_zip_are_read_alike():
    assert check([("9-Adam.py", TASK)], LIMITS).kind == "files"
    data = zipped({"supervised_learning/optimization/9-Adam.py": TASK,
                   "supervised_learning/optimization/9-main.py": b"x"})
    accepted = check([("work.zip", data)], LIMITS)
    assert accepted.kind == "zip" and list(accepted.files) == ["9-Adam.py"]
    assert "9-main.py" in accepted.notes[0]


@pytest.mark.parametrize("parts, says", [
    ([], "no file was chosen"),
    ([("", b"")], "no file was chosen"),
    ([("../9-Adam.py", TASK)], "not a plain path"),
    ([("/etc/9-Adam.py", TASK)], "not a plain path"),
    ([("a\\..\\..\\9-Adam.py", TASK)], "not a plain path"),
    ([("C:/9-Adam.py", TASK)], "not a plain path"),
    ([("notes.txt", b"hello")], "no task file"),
    ([("9-Adam.py", b"\xff\xfe\x00bad")], "not UTF-8"),
    ([(f"{n}.py", b"x") for n in range(51)], "51 files were sent"),
    ([("9-Adam.py", b"#" * ((1 << 20) + 1))], "at most 1.0 MiB"),
    ([("w.zip", b"PK\x03\x04 not really")], "cannot be read"),
    ([("w.zip", zipped({"../9-Adam.py": TASK}))], "points outside"),
    ([("w.zip", zipped({"9-Adam.py": TASK}, links=("0-norm_constants.py",)))], "symbolic link"),
    ([("w.zip", zipped({"9-Adam.py": b"#" * (900 << 10)}))], "zip bomb"),
    ([("w.zip", zipped({f"{n}.py": b"" for n in range(51)}))], "51 entries"),
])
def test_bad_uploads_are_refused_with_a_reason(parts, says):
    with pytest.raises(UploadError, match=says):
        check(parts, LIMITS)


def test_a_zip_entry_whose_declared_size_lies_is_cut_at_the_cap():
    # a 2 MiB entry (over grader/submission.py's 1 MiB per file), compressed small enough
    # to pass the ratio check with a generous ratio: refused by the reading rules
    with pytest.raises(UploadError, match="larger than 1 MiB"):
        check([("w.zip", zipped({"9-Adam.py": b"#" * (2 << 20)}))],
              Limits(max_bytes=1 << 20, max_files=50, zip_max_ratio=10 ** 6))
