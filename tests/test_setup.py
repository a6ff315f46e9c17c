"""The two commands' set-up (scripts/setup.sh): a virtualenv per checkout, no installer when
nothing changed, and a second clone that leaves the first one's code alone."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
GALLERY = ROOT / "tests" / "gallery"


def _imported_from(venv: Path) -> str:
    # from / : `python -c` puts its working folder first on sys.path
    done = subprocess.run([str(venv / "bin" / "python"), "-c", "import grader; print(grader.__file__)"],
                          capture_output=True, text=True, timeout=120, check=True, cwd="/")
    return done.stdout.strip()


def _install_records(venv: Path) -> str:
    """A digest of what points the virtualenv at its checkout: the editable install's files."""
    site = next((venv / "lib").glob("python3*/site-packages"))
    digest = hashlib.sha256()
    for path in sorted(site.glob("*.pth")) + sorted(site.glob("__editable__*")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _copy_checkout(target: Path) -> None:
    """The checkout's files as a fresh clone has them (tracked and new ones; no .venv/)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


needs_own_venv = pytest.mark.skipif(Path(sys.prefix) != VENV,
                                    reason="run from the checkout's .venv (scripts/test.sh)")


@needs_own_venv
def test_nothing_is_installed_when_nothing_changed(tmp_path):
    """With an empty cache folder, any install would first fetch uv into it."""
    environ = {**os.environ, "GRADER_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([str(ROOT / "scripts" / "grader"), "--help"], env=environ,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "usage: grader" in done.stdout, done.stderr
    assert "setup:" not in done.stderr
    assert not any((tmp_path / "cache").glob("uv-*")) and not (tmp_path / "cache" / "setup.log").exists()


@pytest.mark.slow
@needs_own_venv
def test_a_second_clone_leaves_the_first_ones_code_alone(tmp_path):
    clone = tmp_path / "clone"
    _copy_checkout(clone)
    before = (_imported_from(VENV), _install_records(VENV))
    assert Path(before[0]).is_relative_to(ROOT)
    environ = {**os.environ}
    environ.pop("VIRTUAL_ENV", None)
    checked = subprocess.run([str(clone / "scripts" / "grader"), "check", str(GALLERY / "correct_vectorized"),
                              "--tasks", "0", "--sandbox", "none"], env=environ, capture_output=True,
                             text=True, timeout=1800)
    assert checked.returncode == 0, checked.stderr[-3000:]
    assert (_imported_from(VENV), _install_records(VENV)) == before
    assert Path(_imported_from(clone / ".venv")).is_relative_to(clone)

    # a changed lock (here: its stamp) installs again; an unchanged one does not
    (clone / ".venv" / ".grader-stamp").write_text("stale\n")
    again = subprocess.run([str(clone / "scripts" / "grader"), "--help"], env=environ,
                           capture_output=True, text=True, timeout=1800)
    assert again.returncode == 0 and "setup: installing the locked packages" in again.stderr
    quiet = subprocess.run([str(clone / "scripts" / "grader"), "--help"], env=environ,
                           capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and "setup:" not in quiet.stderr
