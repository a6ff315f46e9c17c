"""The packages' imports run one way: web -> grader -> checks -> harness (reference stands alone)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: package -> the project's packages it must never import
FORBIDDEN = {
    "harness": {"grader", "checks", "web", "reference"},
    "checks": {"grader", "web", "reference"},
    "grader": {"web"},
    "reference": {"harness", "grader", "checks", "web"},
}
#: the one arrow still running up: `grader serve` and friends come from the web package, when installed
ALLOWED_UP = {("grader/cli.py", "web")}


def _imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_above_it(package):
    offences = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for name in _imported_packages(path) & FORBIDDEN[package]:
            if (relative, name) not in ALLOWED_UP:
                offences.append(f"{relative} imports {name}")
    assert not offences
