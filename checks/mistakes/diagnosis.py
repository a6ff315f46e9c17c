"""The diagnosis of a task's failed checks by the catalogue: which known mistake, if exactly one."""
from __future__ import annotations

from dataclasses import dataclass

from checks.mistakes.evidence import Evidence, Finding, Mistake


@dataclass(frozen=True)
class Diagnosed:
    """A catalogued mistake as found on one case, with the concrete slip when it names one."""

    mistake: Mistake
    finding: Finding | None = None

    @property
    def id(self) -> str:
        return self.mistake.id

    def explanation(self) -> str:
        return self.mistake.explanation(self.finding)


class Diagnosis:
    """Names the known mistake behind a task's failed checks, computing each case's once."""

    def __init__(self, task, run, expected: dict, source: str, mistakes: tuple[Mistake, ...]):
        self._task, self._run, self._expected, self._source = task, run, expected, source
        self._mistakes = mistakes
        self._seen: dict[tuple[str, str], tuple[Finding, ...]] = {}

    def _evidence(self, case) -> Evidence:
        outcome = self._run.cases.get(case.id)
        returned = outcome is not None and outcome.status == "ok"
        return Evidence(case=case, driver=self._task.driver_for(case),
                        expected=self._expected.get(case.id),
                        tolerance=case.tolerance or self._task.tolerance,
                        output=outcome.output if returned else None, has_output=returned,
                        source=self._source, task=self._task.id,
                        error="" if returned or outcome is None else outcome.error)

    def _findings(self, mistake: Mistake, case) -> tuple[Finding, ...]:
        key = (mistake.id, case.id)
        if key not in self._seen:
            self._seen[key] = mistake.findings(self._evidence(case))
        return self._seen[key]

    def of(self, check_name: str, case) -> Diagnosed | None:
        """The catalogued mistake that explains this failed check of this case, if exactly one
        slip does: first among those seen in the output (task-specific entries and families
        alike), then among those seen in the code or the error.  Two slips that give the same
        output on a case leave it undiagnosed (it cannot tell)."""
        if self._run.load == "missing_file":
            return None
        for in_source in (False, True):
            found = [(m, f) for m in self._mistakes if m.in_source == in_source
                     and m.explains(check_name) for f in self._findings(m, case)]
            if found:
                return Diagnosed(*found[0]) if len(found) == 1 else None
        return None
