"""The ``bwrap`` backend: the harness under bubblewrap, for machines without a Docker engine.

Own user, pid, network, ipc, uts and cgroup namespaces (so no network at all), user
nobody, every capability dropped, the system read-only with only what Python, numpy and
TensorFlow need bound in, and fresh size-capped tmpfs for /submission and /tmp that vanish
with the sandbox.  As root, a throw-away cgroup caps its processes and memory; otherwise
each task gets an RLIMIT_NPROC above what the user already runs.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from grader.limits import Limits
from grader.sandbox import cgroup
from grader.sandbox.base import (HARNESS_SOURCE, Sandbox, SandboxError, Session, clean_env,
                                 harness_args, library_paths)
from grader.sandbox.process import ProcessSession

NOBODY = "65534"
HARNESS_DIR = "/opt/grader"
WORKDIR = "/submission"


def _system_binds() -> list[str]:
    """/usr read-only, and the merged-/usr links (/lib -> usr/lib ...) as they are on the host."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    if Path("/etc/ld.so.cache").exists():
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def _python_binds() -> list[str]:
    """The interpreter's prefix and the site-packages with numpy and TensorFlow, read-only."""
    roots = [sys.base_prefix] + library_paths()
    return [arg for root in dict.fromkeys(roots) if not root.startswith("/usr/")
            for arg in ("--ro-bind", root, root)]


def _user_threads() -> int:
    """Threads this user runs now: RLIMIT_NPROC counts them all, not only the sandbox's."""
    uid, count = os.getuid(), 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.stat(entry.path).st_uid == uid:
                    count += len(os.listdir(f"{entry.path}/task"))
            except OSError:
                pass
    return count


class BwrapSandbox(Sandbox):
    name = "bwrap"

    def __init__(self, limits: Limits = Limits()):
        super().__init__(limits)
        if cgroup.available():
            cgroup.sweep()

    def _command(self, tensorflow: bool) -> list[str]:
        binary = shutil.which("bwrap")
        if binary is None:
            raise SandboxError("bubblewrap is not installed: `apt-get install bubblewrap`, "
                               "or choose another sandbox (--sandbox docker)")
        size = str(self.limits.scratch_bytes)
        return ([binary, "--unshare-all", "--unshare-user", "--uid", NOBODY, "--gid", NOBODY,
                 "--hostname", "sandbox", "--die-with-parent", "--new-session",
                 "--cap-drop", "ALL", "--disable-userns",
                 # the harness is pid 1: bwrap's own reaper would hold the result channel,
                 # dumpable, where a task could open it (/proc/1/fd/1)
                 "--as-pid-1",
                 # the writable places first, so no bind below can end up hidden under them
                 "--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", WORKDIR]
                + _system_binds() + _python_binds()
                + ["--ro-bind", str(HARNESS_SOURCE), f"{HARNESS_DIR}/harness",
                   "--proc", "/proc", "--dev", "/dev",
                   "--remount-ro", "/", "--chdir", HARNESS_DIR,
                   "--", os.path.realpath(sys.executable)]
                + harness_args(WORKDIR, library_paths(), tensorflow,
                               lock=("/tmp", "/dev/shm", "/dev")))

    def start(self, tensorflow: bool) -> Session:
        command = self._command(tensorflow)
        group = None
        if cgroup.available():
            group = cgroup.Cgroup(self.limits.sandbox_pids, self.limits.sandbox_memory_bytes)
        return ProcessSession(command, clean_env(WORKDIR), "/",
                              cleanup=group.remove if group else lambda: None,
                              preexec=group.enter if group else None)

    def task_processes(self) -> int | None:
        return None if cgroup.available() else _user_threads() + self.limits.processes

    def check(self) -> None:
        """Raise SandboxError, saying why, if bubblewrap cannot make its namespaces here."""
        command = self._command(False)
        probe = command[:command.index("--") + 1] + ["/bin/true"]
        result = subprocess.run(probe, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise SandboxError(f"bubblewrap cannot create its sandbox here ({result.stderr.strip()});"
                               " user namespaces may be disabled (sysctl "
                               "kernel.unprivileged_userns_clone=1), or use --sandbox docker")
