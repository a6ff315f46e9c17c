"""The harness package stands alone: it imports nothing of the grader, the checks or the reference."""
from __future__ import annotations

import ast
from pathlib import Path

import harness

HARNESS = Path(harness.__file__).parent
ALLOWED = {"__future__", "argparse", "base64", "copy", "ctypes", "dataclasses", "errno", "importlib",
           "json", "linecache", "math", "numpy", "os", "random", "resource", "secrets", "selectors",
           "shutil", "signal", "socket", "sys", "tempfile", "tensorflow", "time", "traceback",
           "pyseccomp"}  # the seccomp filters (harness/isolation.py); pinned, in the image


def test_harness_imports_only_the_standard_library_numpy_and_tensorflow():
    for path in HARNESS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module.split(".")[0]]
            else:
                continue
            assert set(names) <= ALLOWED, f"{path.name} imports {names}"
