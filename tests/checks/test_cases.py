"""The split of the cases: public ones in checks.cases, hidden ones in checks.hidden_cases."""
from __future__ import annotations

import pytest

from checks import cases
from checks.tasks import TASKS
from grader.expected import case_digest


def _fingerprint(task, case) -> tuple:
    return (case.id, case.kind, case.public, case.seed, case.tolerance, case.tags, case.driver,
            case_digest(task, case))


@pytest.mark.parametrize("number", sorted(TASKS))
def test_public_cases_are_the_same_with_or_without_the_hidden_module(number):
    """The kit grades with public_cases_for: its inputs must be the server's, digest for digest."""
    task = TASKS[number]
    everything = cases.cases_for(number)
    public_alone = cases.public_cases_for(number)
    assert [_fingerprint(task, c) for c in everything if c.public] == \
        [_fingerprint(task, c) for c in public_alone]
    assert all(c.public for c in public_alone)
    assert any(not c.public for c in everything)


def test_without_the_hidden_module_only_public_cases_exist(monkeypatch):
    """What the kit sees, where checks/hidden_cases.py is left out."""
    monkeypatch.setattr(cases, "_hidden_module", lambda: None)
    assert not cases.has_hidden_cases()
    for number, task in TASKS.items():
        assert [c.id for c in task.cases()] == [c.id for c in cases.public_cases_for(number)]


def test_the_server_has_the_hidden_cases():
    assert cases.has_hidden_cases()
