"""The lock (uv.lock): every package's version and hashes, and the packages a set of them needs.

uv.lock is written by `scripts/lock.sh` (uv lock) and installed into the checkout's virtualenv
by `scripts/setup.sh` (uv sync); the sandbox image and the students' kit read it here, so that
all of them run the same version of every package, transitive ones (keras, ml_dtypes,
protobuf, h5py...) included.  Markers are evaluated for this machine (Linux, CPython 3.11),
which is the sandbox image's platform too.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


class LockError(RuntimeError):
    """uv.lock is missing or does not hold a package asked for; the message says what to do."""


@dataclass(frozen=True)
class Locked:
    """One locked package: its name, version, the sha256 of each of its files, and its edges
    (name, extras, marker) to the packages it depends on, by extra ('' for the plain ones)."""

    name: str
    version: str
    hashes: tuple[str, ...]
    edges: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]]


def normalize(name: str) -> str:
    """A distribution's name as the lock spells it (PEP 503: lower case, runs of -_. as -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _edges(entries: list[dict]) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    return tuple((e["name"], tuple(e.get("extra", ())), e.get("marker", "")) for e in entries)


def _parse(entry: dict) -> Locked:
    files = [entry["sdist"]] if "sdist" in entry else []
    files += entry.get("wheels", [])
    edges = {"": _edges(entry.get("dependencies", []))}
    for extra, entries in entry.get("optional-dependencies", {}).items():
        edges[extra] = _edges(entries)
    return Locked(entry["name"], entry.get("version", ""),
                  tuple(f["hash"] for f in files if "hash" in f), edges)


def load(path: Path = LOCK) -> dict[str, Locked]:
    """Name -> locked package, for every package in the lock."""
    if not path.exists():
        raise LockError(f"{path} is missing: run scripts/lock.sh in the grader's checkout")
    with open(path, "rb") as handle:
        return {entry["name"]: _parse(entry) for entry in tomllib.load(handle)["package"]}


def _applies(marker: str) -> bool:
    from packaging.markers import Marker  # locked too (keras needs it)
    return not marker or Marker(marker).evaluate()


def closure(roots: Iterable[str], packages: dict[str, Locked] | None = None) -> list[Locked]:
    """The packages roots need on this platform, roots included, sorted by name.
    A root may name extras: "psycopg[binary]"."""
    packages = load() if packages is None else packages
    wanted: dict[str, set[str]] = {}
    todo = []
    for root in roots:
        name, _, extras = root.partition("[")
        todo.append((normalize(name), tuple(e for e in extras.rstrip("]").split(",") if e)))
    while todo:
        name, extras = todo.pop()
        if name not in packages:
            raise LockError(f"{name} is not in uv.lock: re-lock with scripts/lock.sh")
        seen = wanted.setdefault(name, set())
        new = {""} | set(extras)
        if "" in seen and new <= seen:
            continue
        for extra in new - seen:
            todo += [(dep, dep_extras) for dep, dep_extras, marker in packages[name].edges.get(extra, ())
                     if _applies(marker)]
        seen |= new
    return sorted((packages[name] for name in wanted), key=lambda p: p.name)


def requirements(roots: Iterable[str], packages: dict[str, Locked] | None = None) -> str:
    """pip's requirements for roots and all they need, each pinned with its hashes
    (for `pip install --require-hashes`)."""
    lines = []
    for package in closure(roots, packages):
        hashes = "".join(f" \\\n    --hash={h}" for h in package.hashes)
        lines.append(f"{package.name}=={package.version}{hashes}\n")
    return "".join(lines)
