"""The ``none`` backend: the harness as a plain subprocess.  No security boundary at all.

For a student checking their own code, and for building the expected outputs from the
reference.  Imports of the grader are still blocked (``python -S``, a scratch copy of the
harness only), but the code can read and write anything its user can.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from grader.limits import Limits
from grader.sandbox.base import (HARNESS_SOURCE, Sandbox, Session, clean_env, harness_args,
                                 library_paths, remove_tree)
from grader.sandbox.process import ProcessSession

WARNING = ("warning: --sandbox none runs the code as yourself, with no isolation; "
           "use it only on code you trust (your own)")


class NoneSandbox(Sandbox):
    name = "none"
    secure = False

    def __init__(self, limits: Limits = Limits(), extra_paths: tuple[str, ...] = ()):
        super().__init__(limits)
        self.extra_paths = list(extra_paths)

    def start(self, tensorflow: bool) -> Session:
        scratch = Path(tempfile.mkdtemp(prefix="grader-"))
        shutil.copytree(HARNESS_SOURCE, scratch / "harness",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (scratch / "work").mkdir()
        command = [sys.executable] + harness_args(str(scratch / "work"),
                                                  library_paths() + self.extra_paths, tensorflow,
                                                  filter_optional=True)
        return ProcessSession(command, clean_env(str(scratch / "work")), str(scratch),
                              cleanup=lambda: remove_tree(scratch))

    def task_processes(self) -> int | None:
        return None  # RLIMIT_NPROC counts all of the user's threads: it would break, not protect
