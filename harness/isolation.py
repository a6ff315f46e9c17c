"""Keeping tasks apart inside one sandbox: seccomp filters, the files served from memory, scratch.

Every task of a submission runs as the same user, in the same sandbox, beside the harness
that holds the result channel.  What keeps a task from forging another task's results or
planting code for it:

- the harness is non-dumpable and, in the real sandboxes, pid 1 of the sandbox's pid
  namespace (no other process holds the channel); a seccomp filter on the harness, inherited
  by every task, denies the ptrace family, process_vm_readv/writev, pidfd_getfd and the like,
  so no process of the sandbox can read or write another's memory or take its descriptors;
- a second filter on each task denies changing a file's mode or ACLs, so the submission's
  files, written read-only by the harness, stay read-only;
- the submission's modules are imported from the job's bytes in memory, never from the disk,
  so nothing a task writes anywhere can become code another task runs; no writable folder is
  on ``sys.path``;
- each task works in a fresh, empty folder of its own with an unguessable name, in a folder
  no task can list, removed when the task ends.
"""
from __future__ import annotations

import errno
import importlib.abc
import importlib.util
import linecache
import os
import secrets
import shutil
import sys

#: Denied to every process of the sandbox, the harness included.
SANDBOX_DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "pidfd_open", "kcmp",
    "userfaultfd", "perf_event_open", "bpf", "keyctl", "add_key", "request_key", "setns",
    "unshare", "mount", "umount2", "pivot_root", "chroot", "open_by_handle_at",
    "name_to_handle_at", "fanotify_init", "kexec_load",
    # io_uring runs operations (setxattr among them) that no seccomp filter sees
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    # message queues would be a place to write that every task sees
    "mq_open", "msgget",
)
#: Denied to each task on top: the read-only files stay read-only.
TASK_DENIED = (
    "chmod", "fchmod", "fchmodat", "fchmodat2", "setxattr", "lsetxattr", "fsetxattr",
    "removexattr", "lremovexattr", "fremovexattr",
)


FILTERED = True  # False only where the none sandbox runs without seccomp (a student's own machine)


class IsolationError(RuntimeError):
    """A filter could not be installed: the harness must not run student code then."""


def deny(syscalls: tuple[str, ...]) -> None:
    """Install a seccomp filter that makes each of syscalls fail with EPERM, for this process
    and every process it starts (filters stack and cannot be removed)."""
    try:
        import pyseccomp as seccomp
    except ImportError as exc:
        raise IsolationError("pyseccomp is not installed in the sandbox") from exc
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for name in syscalls:
            try:
                rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
            except (RuntimeError, ValueError, OSError):
                pass  # a system call this kernel or libseccomp does not know: nothing to deny
        rules.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise IsolationError(f"the seccomp filter could not be installed: {exc}") from exc


class SubmissionFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the submission's modules (``__import__('2-shuffle_data')``) from the job's
    bytes, as they were submitted, whatever is on the disk now."""

    def __init__(self, files: dict[str, bytes], folder: str):
        self.files, self.folder = files, folder

    def find_spec(self, name, path=None, target=None):
        if path is None and f"{name}.py" in self.files:
            origin = os.path.join(self.folder, f"{name}.py")
            return importlib.util.spec_from_loader(name, self, origin=origin)
        return None

    def create_module(self, spec):
        return None  # the default module object

    def exec_module(self, module):
        name = module.__spec__.name
        source = self.files[f"{name}.py"]
        origin = module.__spec__.origin
        module.__file__ = origin
        # tracebacks quote the submitted lines, not whatever a task left at that path
        text = source.decode("utf-8", "replace")
        linecache.cache[origin] = (len(text), None, text.splitlines(True), origin)
        exec(compile(source, origin, "exec", dont_inherit=True), module.__dict__)


def serve_submission(files: dict[str, bytes], folder: str) -> None:
    """Make the submission's modules importable from memory only (first on the meta path)."""
    sys.meta_path.insert(0, SubmissionFinder(files, folder))


class Scratch:
    """The unlistable folder the tasks' private working folders are made in."""

    def __init__(self, parent: str):
        self.root = os.path.join(parent, "tasks-" + secrets.token_hex(16))
        os.mkdir(self.root, 0o700)

    def new(self) -> str:
        """A fresh, empty folder with an unguessable name; then the root is left unlistable
        (write and search only: a task can neither list it nor, filtered, change that)."""
        os.chmod(self.root, 0o700)
        path = os.path.join(self.root, secrets.token_hex(16))
        os.mkdir(path, 0o700)
        os.chmod(self.root, 0o300)
        return path

    def clear(self, keep: set[str] = frozenset()) -> None:
        """Remove whatever tasks left in the root itself (they can create entries there, not
        list them), so no earlier job's leftovers fill the sandbox's space; the folders of
        keep, tasks kept for more cases, stay."""
        os.chmod(self.root, 0o700)
        for entry in os.scandir(self.root):
            if entry.path in keep:
                continue
            make_removable(entry.path)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        os.chmod(self.root, 0o300)

    def remove(self, path: str) -> None:
        os.chmod(self.root, 0o700)
        make_removable(path)
        shutil.rmtree(path, ignore_errors=True)
        os.chmod(self.root, 0o300)


def make_removable(path: str) -> None:
    """A task may have left folders it could not enter: open them again for the harness."""
    for root, dirs, _ in os.walk(path, onerror=None):
        for name in dirs:
            try:
                os.chmod(os.path.join(root, name), 0o700, follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass


def lock(folders: list[str]) -> None:
    """Make the sandbox's shared writable folders (/tmp, /dev/shm) read-only, and every folder
    in them down to the mount points bound there (bwrap makes the folders above a bind under
    /tmp, such as a checkout's .venv, in that tmpfs), so that the only places a task can write
    are its own folder (a task cannot chmod them back)."""
    for folder in folders:
        for root, dirs, _ in os.walk(folder):
            dirs[:] = [d for d in dirs if not os.path.ismount(os.path.join(root, d))]
            try:
                os.chmod(root, 0o555)
            except OSError:
                pass  # not ours to lock (tests/security asserts what a task can write)


def write_read_only(files: dict[str, bytes], folder: str) -> None:
    """Empty folder (an earlier job's code may have changed it), write the files read-only,
    then the folder itself and its parent, so it cannot be renamed away either (a task
    cannot change any of them back: chmod is filtered)."""
    parent = os.path.dirname(folder)
    os.chmod(parent, 0o755)
    if os.path.isdir(folder):
        os.chmod(folder, 0o700)
        make_removable(folder)
        shutil.rmtree(folder)
    os.mkdir(folder, 0o700)
    for name, data in files.items():
        if os.sep in name or name.startswith(".") or not name:
            raise ValueError(f"bad file name in the job: {name!r}")
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        os.chmod(path, 0o444)
    os.chmod(folder, 0o555)
    os.chmod(parent, 0o555)
