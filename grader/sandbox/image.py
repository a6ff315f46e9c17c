"""The docker backend's image: named by a digest of what goes in, built offline, cached on disk.

The image installs what the harness imports (HARNESS_PACKAGES) and everything they need, at the
versions and hashes of the lock (grader/lock.py), so the sandbox runs the same keras, ml_dtypes,
protobuf... as the trusted side.  The tag changes whenever the Dockerfile, those locked
packages or the harness change, so a stale image is never used.  Without a registry, the base
is a Debian rootfs made by mmdebstrap and imported; the built image is saved under the cache
folder so a machine whose Docker storage was wiped reloads it instead of rebuilding.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from grader import lock
from grader.sandbox.base import HARNESS_SOURCE, SandboxError

DOCKERFILE = Path(__file__).resolve().parent / "Dockerfile"
REPOSITORY = "optimization-grader-sandbox"
OFFLINE_BASE = "optimization-grader-base:bookworm"
PYTHON = "/opt/venv/bin/python"
SITE_PACKAGES = "/opt/venv/lib/python3.11/site-packages"
HARNESS_DIR = "/opt/grader"


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "optimization-grader"
    return Path(os.environ.get("GRADER_CACHE") or default) / "images"


#: What the harness imports beside the standard library (tensorflow and keras come with
#: tensorflow-cpu; pyseccomp is the seccomp filter's binding to libseccomp).
HARNESS_PACKAGES = ("numpy", "tensorflow-cpu", "pyseccomp")


def requirements() -> str:
    """The image's packages: the harness's and all they need, pinned and hashed as in the lock."""
    try:
        return lock.requirements(HARNESS_PACKAGES)
    except lock.LockError as exc:
        raise SandboxError(str(exc)) from exc


def _harness_files() -> list[Path]:
    return sorted(p for p in HARNESS_SOURCE.rglob("*.py") if "__pycache__" not in p.parts)


def tag() -> str:
    digest = hashlib.sha256(DOCKERFILE.read_bytes() + requirements().encode())
    for path in _harness_files():
        digest.update(str(path.relative_to(HARNESS_SOURCE)).encode() + b"\0" + path.read_bytes())
    return f"{REPOSITORY}:{digest.hexdigest()[:16]}"


def _saved(name: str) -> Path:
    return cache_dir() / (name.replace("/", "_").replace(":", "-") + ".tar")


def _present(engine, name: str) -> bool:
    from docker.errors import ImageNotFound
    try:
        engine.images.get(name)
        return True
    except ImageNotFound:
        return False


def _load_saved(engine, name: str) -> bool:
    saved = _saved(name)
    if not saved.exists():
        return False
    with open(saved, "rb") as handle:
        engine.images.load(handle)
    return _present(engine, name)


def require(engine, name: str) -> None:
    """Make sure the image is in the engine (reloading a saved copy), or say how to build it."""
    if not _present(engine, name) and not _load_saved(engine, name):
        raise SandboxError(f"the sandbox image {name} is missing: build it with "
                           "`grader sandbox build` (about 2 minutes the first time)")


def offline_base(engine, say: Callable[[str], None]) -> str:
    """A Debian bookworm image with python3, made without a registry (mmdebstrap + import);
    also the base of docker compose's offline images (grader/compose.py)."""
    if _present(engine, OFFLINE_BASE):
        return OFFLINE_BASE
    rootfs = _saved(OFFLINE_BASE)
    if not rootfs.exists():
        if shutil.which("mmdebstrap") is None:
            raise SandboxError("mmdebstrap is needed to build the base image offline "
                               "(`apt-get install mmdebstrap`), or pass --base python:3.11-slim")
        say("building a Debian base image with mmdebstrap (about 30 s)")
        rootfs.parent.mkdir(parents=True, exist_ok=True)
        partial = rootfs.with_suffix(".partial")
        _run(["mmdebstrap", "--variant=apt", "--format=tar", "--include=python3,python3-venv,ca-certificates",
              "bookworm", str(partial)])
        partial.rename(rootfs)
    repository, _, version = OFFLINE_BASE.partition(":")
    engine.api.import_image_from_file(str(rootfs), repository=repository, tag=version)
    return OFFLINE_BASE


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SandboxError(f"{' '.join(command[:3])} ... failed:\n{result.stderr[-3000:]}")


def _context(directory: Path) -> None:
    """Dockerfile, requirements.txt, wheels/ (from the host's pip cache) and harness/."""
    shutil.copy(DOCKERFILE, directory / "Dockerfile")
    (directory / "requirements.txt").write_text(requirements())
    shutil.copytree(HARNESS_SOURCE, directory / "harness", ignore=shutil.ignore_patterns("__pycache__"))
    (directory / "wheels").mkdir()
    # The host runs the same CPython 3.11 on the same platform as the image: its wheels fit.
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary", ":all:",
          "--require-hashes", "-d", str(directory / "wheels"),
          "-r", str(directory / "requirements.txt")])


def build(engine, base: str | None = None, say: Callable[[str], None] = print) -> str:
    """Build the sandbox image (if its tag is not there already) and save it to the cache."""
    name = tag()
    if _present(engine, name) or _load_saved(engine, name):
        say(f"the sandbox image {name} is up to date")
        return name
    base = base or offline_base(engine, say)
    with tempfile.TemporaryDirectory(prefix="grader-image-") as directory:
        say("fetching the locked wheels (from pip's cache when it has them)")
        _context(Path(directory))
        say(f"building {name} from {base}")
        for event in engine.api.build(path=directory, tag=name, buildargs={"BASE": base},
                                      network_mode="host", rm=True, forcerm=True, decode=True):
            if "error" in event:
                raise SandboxError(f"the image build failed: {event['error']}")
    _save(engine, name, say)
    return name


def _save(engine, name: str, say: Callable[[str], None]) -> None:
    """Keep a copy on disk (one per repository: older tags are dropped)."""
    save(engine, name, _saved(name), f"{REPOSITORY}-*.tar", say)


def save(engine, name: str, saved: Path, older: str, say: Callable[[str], None]) -> None:
    """Write image name to saved, whole or not at all, after removing the copies in its
    folder that match the glob older (copies of stale versions)."""
    saved.parent.mkdir(parents=True, exist_ok=True)
    for old in saved.parent.glob(older):
        old.unlink()
    say(f"saving {name} to {saved}")
    partial = saved.with_suffix(".partial")
    with open(partial, "wb") as handle:
        for chunk in engine.images.get(name).save(named=True):
            handle.write(chunk)
    partial.rename(saved)
