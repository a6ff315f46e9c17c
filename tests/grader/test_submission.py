"""Reading a submission: folders, zips and single files, found wherever the task files sit, safely."""
from __future__ import annotations

import os
import zipfile

import pytest

from checks.tasks import TASKS
from grader.submission import MAX_FILE_BYTES, SubmissionError, load

TASK_FILES = {t.file for t in TASKS.values()}
NAMES = sorted(TASK_FILES)


def write_tasks(folder, names, tag: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(f"# {tag}{name}\n")


def write_zip(path, entries: dict) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def test_folder_with_task_files_at_the_top(tmp_path):
    write_tasks(tmp_path, NAMES)
    (tmp_path / "README.md").write_text("hi")
    submission = load(tmp_path, TASK_FILES)
    assert set(submission.files) == TASK_FILES | {"README.md"}
    assert submission.files["4-moving_average.py"] == b"# 4-moving_average.py\n"
    assert submission.origin == str(tmp_path)


def test_subfolders_are_not_included(tmp_path):
    write_tasks(tmp_path, NAMES)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.txt").write_text("x")
    assert "notes.txt" not in load(tmp_path, TASK_FILES).files


def test_folder_with_task_files_deeper_picks_the_folder_with_most(tmp_path):
    deep = tmp_path / "repo" / "supervised_learning" / "optimization"
    write_tasks(deep, NAMES[:6], tag="deep ")
    write_tasks(tmp_path, NAMES[:2], tag="top ")
    write_tasks(tmp_path / "repo" / "old", NAMES[:4], tag="old ")
    submission = load(tmp_path, TASK_FILES)
    assert set(submission.files) == set(NAMES[:6])
    assert all(data.startswith(b"# deep ") for data in submission.files.values())


def test_zip_of_a_nested_folder(tmp_path):
    prefix = "repo/supervised_learning/optimization/"
    entries = {prefix + name: f"# {name}\n" for name in NAMES}
    entries[prefix + "README.md"] = "https://blog.example/post"
    entries["repo/README.md"] = "top readme"
    entries["repo/other/0-norm_constants.py"] = "# stray copy"
    path = tmp_path / "submission.zip"
    write_zip(path, entries)
    submission = load(path, TASK_FILES)
    assert set(submission.files) == TASK_FILES | {"README.md"}
    assert submission.files["README.md"] == b"https://blog.example/post"
    assert submission.files["0-norm_constants.py"] == b"# 0-norm_constants.py\n"


def test_zip_without_a_py_suffix_is_still_read_as_a_zip(tmp_path):
    path = tmp_path / "upload.bin"
    write_zip(path, {"4-moving_average.py": "x = 1\n"})
    assert load(path, TASK_FILES).files == {"4-moving_average.py": b"x = 1\n"}


def test_single_py_file(tmp_path):
    path = tmp_path / "4-moving_average.py"
    path.write_text("def moving_average(d, b): pass\n")
    submission = load(path, TASK_FILES)
    assert submission.files == {"4-moving_average.py": b"def moving_average(d, b): pass\n"}


def test_non_existent_path_says_what_to_give(tmp_path):
    with pytest.raises(SubmissionError, match="does not exist; give the submission folder or a zip"):
        load(tmp_path / "nowhere", TASK_FILES)


def test_text_file_that_is_neither_zip_nor_py_is_refused(tmp_path):
    path = tmp_path / "answers.txt"
    path.write_text("not a submission")
    with pytest.raises(SubmissionError, match="neither a folder, a zip file nor a .py file"):
        load(path, TASK_FILES)


@pytest.mark.parametrize("name", ["../evil.py", "sub/../../evil.py", "/etc/evil.py",
                                  "\\evil.py", "C:/evil.py"])
def test_zip_entry_pointing_outside_is_refused(tmp_path, name):
    path = tmp_path / "bad.zip"
    write_zip(path, {"0-norm_constants.py": "x", name: "y"})
    with pytest.raises(SubmissionError, match="points outside the folder"):
        load(path, TASK_FILES)


def test_zip_with_a_dot_directory_entry_is_handled(tmp_path):
    path = tmp_path / "dot.zip"
    write_zip(path, {"./": "", "./0-norm_constants.py": "x = 1\n"})
    try:
        submission = load(path, TASK_FILES)
    except SubmissionError:
        return
    assert submission.files == {"0-norm_constants.py": b"x = 1\n"}


def test_symlink_to_a_file_outside_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    folder = tmp_path / "sub"
    write_tasks(folder, NAMES)
    os.symlink(secret, folder / "README.md")
    submission = load(folder, TASK_FILES)
    assert "README.md" not in submission.files
    assert b"password" not in b"".join(submission.files.values())


def test_symlinked_task_file_is_not_read(tmp_path):
    outside = tmp_path / "elsewhere.py"
    outside.write_text("stolen")
    folder = tmp_path / "sub"
    write_tasks(folder, NAMES[:3])
    os.symlink(outside, folder / NAMES[5])
    assert NAMES[5] not in load(folder, TASK_FILES).files


def test_file_over_the_size_limit_in_a_folder_is_named(tmp_path):
    write_tasks(tmp_path, NAMES)
    (tmp_path / "big.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(SubmissionError, match="big.txt is larger than"):
        load(tmp_path, TASK_FILES)


def test_file_at_the_size_limit_is_accepted(tmp_path):
    write_tasks(tmp_path, NAMES[:1])
    (tmp_path / "big.txt").write_bytes(b"x" * MAX_FILE_BYTES)
    assert len(load(tmp_path, TASK_FILES).files["big.txt"]) == MAX_FILE_BYTES


def test_file_over_the_size_limit_in_a_zip_is_named(tmp_path):
    path = tmp_path / "big.zip"
    write_zip(path, {"0-norm_constants.py": "x", "data/big.bin": b"\0" * (MAX_FILE_BYTES + 1)})
    with pytest.raises(SubmissionError, match="big.bin is larger than"):
        load(path, TASK_FILES)


def test_texts_returns_readme_and_skips_py_files(tmp_path):
    write_tasks(tmp_path, NAMES[:2])
    (tmp_path / NAMES[0]).write_text("# https://in-code.example\n")
    (tmp_path / "README.md").write_text("Blog: https://medium.com/@me/post\n")
    (tmp_path / "notes.txt").write_bytes(b"caf\xe9 https://x.example\n")
    texts = load(tmp_path, TASK_FILES).texts()
    assert texts["README.md"] == "Blog: https://medium.com/@me/post\n"
    assert "https://x.example" in texts["notes.txt"]
    assert not any(name.endswith(".py") for name in texts)


def test_texts_skips_hidden_files(tmp_path):
    write_tasks(tmp_path, NAMES[:1])
    (tmp_path / ".env").write_text("https://hidden.example")
    assert ".env" not in load(tmp_path, TASK_FILES).texts()
