"""The students' kit: a wheel of the checks, the harness, the ``grader`` command and the pytest
plugin, with the public cases' expected outputs, and nothing of the reference or the hidden cases.

The wheel is written directly with zipfile (a wheel is a zip with a ``.dist-info`` folder), so
building it needs no build backend and no network, and the same sources give the same bytes.
What goes in is chosen by inclusion: the ``harness``, ``checks`` and ``grader`` packages minus
``checks/hidden_cases.py``, and each task's expected outputs cut down to its public cases.
``reference/``, ``data/`` and the tests are never read.  The wheel requires every package it
needs at the lock's version (uv.lock, grader/lock.py), transitive ones included, so a student's
Keras is the one the expected outputs were made with.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tomllib
import zipfile
from pathlib import Path

from checks.cases import has_hidden_cases, public_cases_for
from checks.tasks import TASKS
from grader import expected, lock

NAME = "optimization-grader-kit"
PACKAGES = ("harness", "checks", "grader")
#: Never in the kit: the hidden cases (their inputs, seeds and ids live only there).
LEFT_OUT = frozenset({"checks/hidden_cases.py"})
KIT_DATA = "grader/" + expected.KIT_DIR.name
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed file times, so that a rebuild gives the same bytes

DESCRIPTION = """\
Local checks for the Optimization assignment: the public cases only (the server also runs
hidden ones).  From any folder:

    pytest --submission path/to/supervised_learning/optimization
    grader check path/to/supervised_learning/optimization
"""


class KitError(RuntimeError):
    """The kit cannot be built here: this is not the grader's own checkout."""


def default_sandbox() -> str | None:
    """The sandbox to use when none is asked for: in the kit, ``none`` (students run their own
    code on their own machine, where neither Docker nor bubblewrap can be assumed) unless
    GRADER_SANDBOX names one; elsewhere None, the configured default."""
    if has_hidden_cases() or os.environ.get("GRADER_SANDBOX", "").strip():
        return None
    return "none"


def _project() -> dict:
    with open(expected.REPO_ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def package_files() -> dict[str, bytes]:
    """Archive path -> bytes of every packaged source file that goes in the kit."""
    files = {}
    for package in PACKAGES:
        for path in sorted((expected.REPO_ROOT / package).rglob("*")):
            name = path.relative_to(expected.REPO_ROOT).as_posix()
            if (path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
                    and name not in LEFT_OUT and not name.startswith(KIT_DATA + "/")):
                files[name] = path.read_bytes()
    return files


def public_expected() -> dict[str, bytes]:
    """Archive path -> bytes of each task's expected outputs, for its public cases only."""
    files = {}
    for task in TASKS.values():
        expected.load(task, public_only=True)  # stale data must not ship: this raises first
        public = {case.id for case in public_cases_for(task.id)}
        path = expected.file_for(task, expected.data_dir())
        document = json.loads(path.read_text(encoding="utf-8"))
        document["cases"] = {key: entry for key, entry in document["cases"].items()
                             if key in public}
        text = json.dumps(document, indent=1, sort_keys=True) + "\n"
        files[f"{KIT_DATA}/{path.name}"] = text.encode()
    return files


def _requirements(project: dict) -> list[str]:
    """The project's dependencies and pytest (for the plugin), with all they need on Linux,
    each at its locked version."""
    roots = [re.split(r"[<>=!~;\[ ]", r)[0] for r in project["dependencies"]] + ["pytest"]
    return [f"{package.name}=={package.version}" for package in lock.closure(roots)]


def _metadata(project: dict) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {NAME}", f"Version: {project['version']}",
             "Summary: Local checks (public cases) for the 'Optimization' assignment",
             f"Requires-Python: {project['requires-python']}"]
    lines += [f"Requires-Dist: {requirement}" for requirement in _requirements(project)]
    return "\n".join(lines) + "\nDescription-Content-Type: text/plain\n\n" + DESCRIPTION


def _entry_points(project: dict) -> str:
    groups = {"console_scripts": project.get("scripts", {}), **project.get("entry-points", {})}
    sections = []
    for group, entries in groups.items():
        sections.append(f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in entries.items()))
    return "\n".join(sections)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def contents() -> dict[str, bytes]:
    """Archive path -> bytes of the whole wheel, dist-info included."""
    if not has_hidden_cases():
        raise KitError("the kit is built from the grader's own checkout (this one has no "
                       "hidden cases: it is a kit already)")
    project = _project()
    info = f"{NAME.replace('-', '_')}-{project['version']}.dist-info"
    files = {**package_files(), **public_expected()}
    files[f"{info}/METADATA"] = _metadata(project).encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: grader kit build\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{info}/entry_points.txt"] = _entry_points(project).encode()
    files[f"{info}/top_level.txt"] = "".join(f"{p}\n" for p in PACKAGES).encode()
    record = [_record_line(name, data) for name, data in sorted(files.items())]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    return files


def build(out_dir: str | Path) -> Path:
    """Write the kit's wheel into out_dir; return its path."""
    files = contents()  # first: it says why the kit cannot be built here, if it cannot
    project = _project()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{NAME.replace('-', '_')}-{project['version']}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items(), key=lambda i: (i[0].endswith("/RECORD"), i[0])):
            entry = zipfile.ZipInfo(name, _EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return wheel
