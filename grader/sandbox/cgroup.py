"""A throw-away cgroup (v1 or v2) capping a sandbox's processes and memory; needs root."""
from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


def prefix() -> str:
    """Names start with the creating process's pid, so each grader knows its own cgroups."""
    return f"grader-{os.getpid()}-"


def _v2() -> bool:
    return (ROOT / "cgroup.controllers").exists()


class Cgroup:
    """pids and memory limits for one sandbox; everything in it is killed on remove()."""

    def __init__(self, pids: int, memory_bytes: int):
        name = f"{prefix()}{uuid.uuid4().hex[:8]}"
        if _v2():
            self.dirs = [ROOT / name]
            settings = {"pids.max": pids, "memory.max": memory_bytes, "memory.swap.max": 0}
        else:
            self.dirs = [ROOT / "pids" / name, ROOT / "memory" / name]
            settings = {"pids.max": pids, "memory.limit_in_bytes": memory_bytes}
        try:
            for directory in self.dirs:
                directory.mkdir()
            for key, value in settings.items():
                target = next((d / key for d in self.dirs if (d / key).exists()), None)
                if target is not None:
                    target.write_text(str(value))
        except OSError:
            self.remove()
            raise

    def enter(self) -> None:
        """Move the calling process in (called in the child between fork and exec)."""
        for directory in self.dirs:
            (directory / "cgroup.procs").write_text(str(os.getpid()))

    def remove(self) -> None:
        for directory in self.dirs:
            for _ in range(50):
                try:
                    pids = (directory / "cgroup.procs").read_text().split()
                except OSError:
                    pids = []
                for pid in pids:
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except (ProcessLookupError, ValueError):
                        pass
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # processes still exiting
                    time.sleep(0.02)


def sweep() -> list[str]:
    """Remove the cgroups of graders that died without cleaning up (SIGKILL, power loss)."""
    removed = []
    for directory in list(ROOT.glob("grader-*")) + list(ROOT.glob("*/grader-*")):
        owner = directory.name.split("-")[1]
        if owner.isdigit() and Path(f"/proc/{owner}").exists():
            continue  # a live grader's (or a reused pid's: its cgroup is left alone)
        try:
            if not (directory / "cgroup.procs").read_text().split():
                directory.rmdir()
                removed.append(str(directory))
        except OSError:
            pass
    return removed


def available() -> bool:
    """True when this process may create cgroups with a pids limit."""
    base = ROOT if _v2() else ROOT / "pids"
    return os.geteuid() == 0 and os.access(base, os.W_OK)
