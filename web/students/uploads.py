"""Checking an upload (a folder from the browser, a zip, or single files) before anything is stored.

The folder and zip rules are grader/submission.py's own (the folder holding most task files is
the submission; no ``..`` or absolute zip entries; sizes capped while reading): the upload is
written to a private temporary folder, exactly as a student's folder or zip would sit on disk,
and read back with ``submission.load``.  On top of those: the count and size caps of the
settings, names checked before anything is written, symlinks and zip bombs refused, only the
expected names kept (the others ignored with a note), and text that decodes as UTF-8.
"""
from __future__ import annotations

import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath

from checks.tasks import TASKS
from grader import submission

TASK_FILES = frozenset(task.file for task in TASKS.values())
KEPT_FILES = TASK_FILES | {"README.md"}  # README.md may hold task 15's URLs
MAX_NAME_PARTS = 12
SMALL_ENTRY = 64 << 10  # entries below this are too small for their ratio to matter


class UploadError(ValueError):
    """The upload is refused; the message says what to fix.  Nothing of it is stored."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_files: int
    zip_max_ratio: int

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(config["UPLOAD_MAX_BYTES"], config["UPLOAD_MAX_FILES"], config["ZIP_MAX_RATIO"])


@dataclass
class Accepted:
    files: dict[str, bytes]  # name -> content, expected names only
    notes: list[str] = field(default_factory=list)
    kind: str = "files"      # folder | zip | files


def _safe_name(raw: str) -> PurePosixPath:
    """The relative path a browser sent, or UploadError if it could point outside the folder."""
    name = raw.replace("\\", "/")
    path = PurePosixPath(name)
    if (not name or "\x00" in name or name.startswith("/") or ".." in path.parts
            or ":" in path.parts[0] or len(path.parts) > MAX_NAME_PARTS
            or any(len(part.encode()) > 255 for part in path.parts)):
        raise UploadError(f"the file name {raw[:200]!r} is not a plain path inside the folder; "
                          "upload the folder itself")
    return path


def _check_zip(data: bytes, limits: Limits) -> list[str]:
    """Refuse symlinks, too many entries and zip bombs before the zip is read; its file names."""
    try:
        infos = zipfile.ZipFile(BytesIO(data)).infolist()
    except submission.UNREADABLE_ENTRY as exc:
        raise UploadError(f"the zip cannot be read ({exc}); make it again from the folder") from None
    if len(infos) > limits.max_files:
        raise UploadError(f"the zip has {len(infos)} entries; at most {limits.max_files} are "
                          "accepted: zip only supervised_learning/optimization/")
    for info in infos:
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UploadError(f"the zip holds a symbolic link ({info.filename}); zip the files "
                              "themselves")
        if (info.file_size > SMALL_ENTRY
                and info.file_size > limits.zip_max_ratio * max(info.compress_size, 1)):
            raise UploadError(f"{info.filename} expands {info.file_size // max(info.compress_size, 1)}"
                              " times: refused as a zip bomb")
    return [info.filename for info in infos if not info.is_dir()]


def _write(folder: Path, parts: list[tuple[str, bytes]]) -> None:
    for raw, data in parts:
        target = folder.joinpath(*_safe_name(raw).parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError:  # a file and a folder of the same name (a/b and a), or a name too long
            raise UploadError(f"{raw[:200]!r} cannot sit beside the other files (a file and a "
                              "folder share its name); upload the folder itself") from None


def _kept(files: dict[str, bytes], sent: list[str]) -> Accepted:
    """The expected files among those read, with a note naming what was sent but not kept."""
    kept = {name: data for name, data in files.items() if name in KEPT_FILES}
    ignored = sorted(sent, key=lambda name: (name.count("/"), name))
    for name in kept:  # each kept file was sent once at least: take one copy off the list
        ignored.remove(next(n for n in ignored if PurePosixPath(n).name == name))
    notes = []
    if ignored:
        shown = ", ".join(ignored[:8]) + (", ..." if len(ignored) > 8 else "")
        notes.append(f"ignored {len(ignored)} other file{'s' * (len(ignored) != 1)} ({shown}): "
                     "only the task files and README.md of the folder holding them are graded")
    for name, data in sorted(kept.items()):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UploadError(f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 "
                              "and upload again") from None
    if not set(kept) & TASK_FILES:
        raise UploadError("no task file was found (0-norm_constants.py, ..., 14-batch_norm.py); "
                          "upload the folder supervised_learning/optimization/ or its files")
    return Accepted(files=kept, notes=notes)


def check(parts: list[tuple[str, bytes]], limits: Limits) -> Accepted:
    """Check an upload: (name as the browser sent it, content) for each file part."""
    parts = [(name, data) for name, data in parts if name]  # an empty file input sends one unnamed part
    if not parts:
        raise UploadError("no file was chosen")
    if len(parts) > limits.max_files:
        raise UploadError(f"{len(parts)} files were sent; at most {limits.max_files} are accepted: "
                          "upload only supervised_learning/optimization/")
    total = sum(len(data) for _, data in parts)
    if total > limits.max_bytes:
        raise UploadError(f"the upload is {total / 2**20:.1f} MiB; at most "
                          f"{limits.max_bytes / 2**20:.1f} MiB is accepted")
    names = [_safe_name(name) for name, _ in parts]
    is_zip = len(parts) == 1 and names[0].suffix.lower() == ".zip"
    sent = [str(name) for name in names]
    if is_zip:
        sent = _check_zip(parts[0][1], limits)
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        root = Path(folder)
        _write(root, [("upload.zip", parts[0][1])] if is_zip else parts)
        try:
            read = submission.load(root / "upload.zip" if is_zip else root, set(TASK_FILES))
        except submission.SubmissionError as exc:
            raise UploadError(str(exc).replace(folder, "the upload")) from None
    accepted = _kept(read.files, sent)
    accepted.kind = "zip" if is_zip else "folder" if any(len(n.parts) > 1 for n in names) else "files"
    return accepted
