"""Read a submission (a folder, or a zip of one) into memory, safely and within size limits.

Students upload ``supervised_learning/optimization/`` itself, a folder above it, or a zip of
either; the task files are found wherever they sit.  Nothing is extracted to disk here, symlinks
are never followed, and a zip entry with an absolute path or ``..`` is refused.
"""
from __future__ import annotations

import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 1 << 20       # one file
MAX_TOTAL_BYTES = 20 << 20     # the whole submission
MAX_ENTRIES = 2000
TEXT_SUFFIXES = (".md", ".txt", ".rst", "")  # where a student puts task 15's URLs
# what zipfile raises for a damaged, encrypted or oddly compressed zip or entry: a wrong CRC
# (BadZipFile), the encrypted flag (RuntimeError), an unknown method (NotImplementedError),
# truncated or corrupt compressed data (EOFError, zlib.error, lzma and bz2's OSError, ValueError)
UNREADABLE_ENTRY = (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
                    EOFError, OSError, ValueError, zlib.error)


class SubmissionError(ValueError):
    """The submission cannot be read; the message says what to fix."""


@dataclass(frozen=True)
class Submission:
    """The files of the folder that holds the task files: name -> bytes (no subfolders)."""

    files: dict
    origin: str

    def texts(self) -> dict[str, str]:
        """Files that may hold task 15's URLs, decoded leniently."""
        return {name: data.decode("utf-8", "replace") for name, data in self.files.items()
                if Path(name).suffix.lower() in TEXT_SUFFIXES and not name.startswith(".")}


def _pick_folder(paths: dict[PurePosixPath, object], task_files: set[str]) -> PurePosixPath:
    """The folder holding most task files; ties go to the shallowest."""
    counts: dict[PurePosixPath, int] = {}
    for path in paths:
        if path.name in task_files:
            counts[path.parent] = counts.get(path.parent, 0) + 1
    if not counts:
        return PurePosixPath(".")
    return max(counts, key=lambda folder: (counts[folder], -len(folder.parts)))


def _collect(entries: dict[PurePosixPath, object], read, task_files: set[str], origin: str):
    folder = _pick_folder(entries, task_files)
    files, total = {}, 0
    for path, entry in entries.items():
        if path.parent != folder:
            continue
        data = read(entry)
        if len(data) > MAX_FILE_BYTES:
            raise SubmissionError(f"{path} is larger than {MAX_FILE_BYTES >> 20} MiB; "
                                  "remove it from the submission")
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise SubmissionError(f"the submission is larger than {MAX_TOTAL_BYTES >> 20} MiB")
        files[path.name] = data
    return Submission(files=files, origin=origin)


def _from_folder(root: Path, task_files: set[str]) -> Submission:
    entries: dict[PurePosixPath, Path] = {}
    for dirpath, dirnames, filenames in os.walk(root):  # os.walk does not follow symlinks
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        for name in filenames:
            path = Path(dirpath) / name
            if stat.S_ISREG(path.lstat().st_mode):  # no symlinks, devices or fifos
                entries[PurePosixPath(path.relative_to(root).as_posix())] = path
            if len(entries) > MAX_ENTRIES:
                raise SubmissionError(f"the folder has more than {MAX_ENTRIES} files; "
                                      "upload only supervised_learning/optimization/")
    return _collect(entries, Path.read_bytes, task_files, str(root))


def _why(error: Exception) -> str:
    if isinstance(error, NotImplementedError):
        return "it is compressed with a method zip tools rarely use"
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return "it is encrypted"
    return f"it is damaged: {str(error)[:200] or type(error).__name__}"


def _from_zip(path: Path, task_files: set[str]) -> Submission:
    try:
        archive = zipfile.ZipFile(path)
    except UNREADABLE_ENTRY as exc:
        raise SubmissionError(f"{path.name} is not a readable zip file ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise SubmissionError(f"the zip has more than {MAX_ENTRIES} entries")
        entries = {}
        for info in infos:
            name = PurePosixPath(info.filename)
            if not name.parts:  # an entry named "./" or ""
                continue
            if info.filename.startswith(("/", "\\")) or ".." in name.parts or ":" in name.parts[0]:
                raise SubmissionError(f"the zip entry {info.filename!r} points outside the "
                                      "folder; zip the folder itself")
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue
            if info.file_size > MAX_FILE_BYTES:
                raise SubmissionError(f"{info.filename} is larger than {MAX_FILE_BYTES >> 20} MiB")
            entries[name] = info

        def read(info):  # the declared size can lie: never read more than the cap
            try:
                with archive.open(info) as handle:
                    return handle.read(MAX_FILE_BYTES + 1)
            except UNREADABLE_ENTRY as exc:
                raise SubmissionError(f"{info.filename} cannot be read from the zip "
                                      f"({_why(exc)}); make the zip again from the folder, "
                                      "without a password") from None

        return _collect(entries, read, task_files, str(path))


def load(path: str | os.PathLike, task_files: set[str]) -> Submission:
    """Read the submission at path (a folder or a .zip); raise SubmissionError with a fix."""
    path = Path(path)
    if not path.exists():
        raise SubmissionError(f"{path} does not exist; give the submission folder or a zip of it")
    if path.is_dir():
        return _from_folder(path, task_files)
    if zipfile.is_zipfile(path):
        return _from_zip(path, task_files)
    if path.suffix == ".py":
        return Submission(files={path.name: path.read_bytes()}, origin=str(path))
    raise SubmissionError(f"{path} is neither a folder, a zip file nor a .py file")
