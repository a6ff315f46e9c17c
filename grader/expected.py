"""Expected outputs: computed from the reference on the seeded cases, stored as JSON under data/.

``grader data build`` runs the reference through the harness itself, exactly as a student's
code runs (same process set-up, environment and drivers), and writes one file per task;
grading only reads those files, so no reference code runs at grading time.  ``grader data
verify --sandbox docker`` runs the reference inside the sandbox image instead (its modules sent
as the job's files, as a submission's are), so the stored outputs, the trusted side's packages
and the image's (all from the lock) are shown to agree.  Each stored case
carries a digest of its inputs: if a case changes and the data is not rebuilt, loading fails
loudly instead of grading against stale values.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from checks.compare import compare_values
from checks.tasks import Task
from checks.tolerance import Tolerance
from grader import runner
from grader import sandbox as sandboxes
from harness import plain
from grader.limits import Limits
from grader.sandbox.none import NoneSandbox

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO_ROOT / "data" / "expected"
#: Where the students' kit (``grader kit build``) puts the public cases' expected outputs.
KIT_DIR = Path(__file__).resolve().parent / "kit_expected"


class ExpectedOutputsError(RuntimeError):
    """The stored expected outputs are missing or stale: a grader fault, never the student's."""


def data_dir() -> Path:
    """GRADER_EXPECTED_DIR if set, else the kit's own data when installed as the kit, else data/."""
    if os.environ.get("GRADER_EXPECTED_DIR"):
        return Path(os.environ["GRADER_EXPECTED_DIR"])
    return KIT_DIR if KIT_DIR.is_dir() else DEFAULT_DIR


def case_digest(task: Task, case) -> str:
    """A fingerprint of everything that determines a case's expected output."""
    key = {"function": task.function, "driver": task.driver_for(case), "seed": case.seed,
           "inputs": plain.describe(case.inputs)}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def file_for(task: Task, directory: Path) -> Path:
    """The file holding task's expected outputs in directory."""
    return directory / f"task_{task.id:02d}.json"


def load(task: Task, directory: Path | None = None, public_only: bool = False) -> dict:
    """Case id -> expected output for task; raise ExpectedOutputsError if missing or stale.

    With public_only, only the public cases are needed (the kit's data has no others)."""
    path = file_for(task, directory or data_dir())
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))["cases"]
    except (OSError, ValueError, KeyError) as exc:
        raise ExpectedOutputsError(f"expected outputs for task {task.id} cannot be read from "
                                   f"{path} ({exc}); run `grader data build`") from exc
    expected = {}
    for case in (c for c in task.cases() if c.public or not public_only):
        entry = stored.get(case.id)
        if entry is None or entry.get("digest") != case_digest(task, case):
            raise ExpectedOutputsError(f"expected outputs for task {task.id}, case {case.id} "
                                       f"are stale or missing in {path}; run `grader data build`")
        expected[case.id] = plain.decode(entry["expected"])
    return expected


def _shim(task: Task) -> bytes:
    """A task file that hands the harness the reference function instead of a student's."""
    return (f"from reference import FUNCTIONS\n{task.function} = FUNCTIONS[{task.id}]\n").encode()


def _sandboxed_files(tasks: list[Task]) -> dict[str, bytes]:
    """The reference's modules as flat files (a job's files have no folders), and for each task
    a file that takes its function from them; the reference imports numpy and TensorFlow only."""
    from reference import FUNCTIONS
    files = {}
    for task in tasks:
        function = FUNCTIONS[task.id]
        module = "reference_" + function.__module__.rpartition(".")[2]
        source = REPO_ROOT / "reference" / (module.removeprefix("reference_") + ".py")
        files[module + ".py"] = source.read_bytes()
        files[task.file] = f"from {module} import {function.__name__} as {task.function}\n".encode()
    return files


def compute(tasks: list[Task], sandbox: str | None = None) -> dict[int, dict]:
    """Run the reference on every case through the harness, exactly as a student's code runs
    (same process set-up, environment and drivers); task id -> case id -> stored entry.
    sandbox None: in a plain process of this virtualenv; else in that sandbox."""
    limits = Limits(timeout_numpy=120, timeout_tf=300)
    if sandbox is None:
        # The reference is trusted code, and must be importable in the harness: no sandbox needed.
        files = {task.file: _shim(task) for task in tasks}
        box = NoneSandbox(limits, extra_paths=(str(REPO_ROOT),))
    else:
        files, box = _sandboxed_files(tasks), sandboxes.create(sandbox, limits)
    runs = runner.run(box, files, tasks, limits)
    computed = {}
    for task in tasks:
        run, entries = runs[task.id], {}
        for case in task.cases():
            outcome = run.cases.get(case.id)
            if outcome is None or outcome.status != "ok":
                raise ExpectedOutputsError(
                    f"the reference failed on task {task.id}, case {case.id}: "
                    f"{outcome.error if outcome else run.stopped or run.load_error}")
            entries[case.id] = {"digest": case_digest(task, case),
                                "expected": plain.describe(outcome.output)}
        computed[task.id] = entries
    return computed


def build(tasks: list[Task], directory: Path | None = None) -> list[Path]:
    """Compute and write the expected outputs of tasks; return the files written."""
    directory = directory or data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    computed = compute(tasks)
    for task in tasks:
        path = file_for(task, directory)
        document = {"task": task.id, "function": task.function, "cases": computed[task.id]}
        path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def verify(tasks: list[Task], directory: Path | None = None,
           sandbox: str | None = None) -> list[str]:
    """Where the stored expected outputs differ from what the reference computes now (in
    sandbox, when given: see compute).

    Within a tenth of each task's tolerance, so that a change of the last bits is not noise."""
    computed = compute(tasks, sandbox)
    problems = []
    for task in tasks:
        stored = load(task, directory)
        strict = Tolerance(task.tolerance.rtol / 10, task.tolerance.atol / 10)
        for case_id, entry in computed[task.id].items():
            problem = compare_values(plain.decode(entry["expected"]), stored[case_id], strict,
                                     f"task {task.id}, case {case_id}")
            if problem:
                problems.append(problem)
    return problems
