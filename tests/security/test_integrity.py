"""Red team, grade integrity: a task cannot forge results, plant code, trace or signal the
harness, read hidden inputs out through what a student sees, crash the trusted side, run
for ever, starve its neighbours or write escape sequences into a terminal.

Each test runs under docker and bwrap (the `attack` fixture), and each attack prints what
worked (OPENED, TRACED, WROTE ...) so a test fails loudly, not merely with a score.
"""
from __future__ import annotations

import json
import re
import time

from checks import student_view
from checks.tasks import TASKS
from grader import expected, report
from grader.limits import Limits
from harness import plain
from tests.helpers import reference_files
from tests.security.conftest import LIMITS, points, text_of

REFERENCE = reference_files()
ZEROS_0 = """
import numpy as np
def normalization_constants(X):
    return np.zeros(X.shape[1]), np.zeros(X.shape[1])
"""
ZEROS_13 = """
import numpy as np
def batch_norm(Z, gamma, beta, epsilon):
    return np.zeros_like(Z)
"""


def _forged_line(task_id: int) -> str:
    """A complete harness line for task_id with every case's right output (the test is the
    trusted side: it knows them); credited, it would be full marks."""
    task = TASKS[task_id]
    wanted = expected.load(task)
    events = [{"event": "load", "status": "ok"}]
    events += [{"event": "case", "case": case.id, "status": "ok",
                "output": plain.describe(wanted[case.id])} for case in task.cases()]
    events.append({"event": "done"})
    return json.dumps({"task": task_id, "limit": None, "exit_code": 0, "signal": None,
                       "cpu_seconds": 0.1, "wall_seconds": 0.1, "output": "", "output_bytes": 0,
                       "results": "".join(json.dumps(e) + "\n" for e in events)}) + "\n"


# ------------------------------------------------------------------ forging the channel

def test_a_forged_line_on_any_reachable_descriptor_is_not_credited(attack):
    """Finding 1: /proc/1/fd/1 (the sandbox's init held the harness's stdout) and every
    other descriptor of every other process the task can open."""
    forged = _forged_line(0).encode()
    result = attack({"0-norm_constants.py": ZEROS_0 + f"""
import os
FORGED = {forged!r}
def _forge():
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        print("SAW", pid)
        try:
            fds = os.listdir(f"/proc/{{pid}}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                with open(f"/proc/{{pid}}/fd/{{fd}}", "wb", buffering=0) as channel:
                    channel.write(b"\\n" + FORGED)
                print("OPENED", pid, fd)
            except OSError:
                pass
_forge()
"""}, tasks=(0, 4))[0]
    assert points(result) == 0, text_of(result)
    assert "SAW 1" in result.output  # the harness (pid 1) was there to attack
    assert "OPENED" not in result.output


def test_forged_events_for_hidden_cases_sent_in_the_public_run_do_not_count(attack):
    """Only the cases a run was sent count: outcomes written ahead for the hidden cases'
    ids (while no hidden input exists) are dropped, and the real ones judged."""
    # (not the hidden cases that reuse the public input, the in-place probe: the wrapper below
    # tells the public run by its input, and would write ahead of those in the hidden run)
    public_shape = next(c for c in TASKS[0].cases() if c.public).inputs["args"][0].shape
    ids = [case.id for case in TASKS[0].cases()
           if not case.public and case.inputs["args"][0].shape != public_shape]
    junk = "".join(json.dumps({"event": "case", "case": i, "status": "ok",
                               "output": plain.describe(0.0)}) + "\n" for i in ids)
    result = attack({"0-norm_constants.py": REFERENCE["0-norm_constants.py"] + f"""
import os
_right = normalization_constants
def normalization_constants(X):
    if X.shape == (100, 3):  # the public case: the hidden ones have not been sent yet
        os.write(3, {junk.encode()!r})  # the task's own result pipe
    return _right(X)
"""}, tasks=(0, 4))[0]
    assert all(c.passed for c in result.checks if c.kind == "correctness"), text_of(result)


# ------------------------------------------------------------------ planting code

def test_a_task_cannot_change_the_code_another_task_runs(attack):
    """Finding 2: task 0 writes a correct 13-batch_norm.py (and a bytecode cache, and a
    module shadowing numpy) everywhere it can, and tries to change the submitted files; task
    13, submitted wrong and run after it, must be graded on what was submitted."""
    planted = REFERENCE["13-batch_norm.py"]
    result = attack({"0-norm_constants.py": ZEROS_0 + f"""
import os, sys
PLANTED = {planted!r}
def _plant():
    here = os.path.dirname(os.path.abspath(__file__))
    places = {{here, os.getcwd(), "/tmp", "/submission", os.path.dirname(here), *sys.path}}
    for place in sorted(p for p in places if p):
        for name in ("13-batch_norm.py", "numpy.py", "sitecustomize.py"):
            try:
                with open(os.path.join(place, name), "w") as f:
                    f.write(PLANTED if name.startswith("13") else "raise SystemExit(3)")
                print("WROTE", place, name)
            except OSError:
                pass
    mine = os.path.join(here, "13-batch_norm.py")
    for attempt in (lambda: os.chmod(here, 0o777), lambda: os.chmod(mine, 0o666),
                    lambda: os.unlink(mine), lambda: os.rename(here, here + ".old"),
                    lambda: open(mine, "a").write("# changed")):
        try:
            attempt()
            print("CHANGED the submission's files")
        except OSError:
            pass
_plant()
""", "13-batch_norm.py": ZEROS_13}, tasks=(0, 4, 13), parallel=1)
    assert points(result[13]) == 0, text_of(result[13])
    assert "CHANGED" not in result[0].output
    assert not re.search(r"WROTE \S*/submission/files ", result[0].output)
    assert not [line for line in result[0].output.splitlines()  # nothing on sys.path
                if line.startswith("WROTE") and "/tmp" not in line and "/submission" not in line
                and " /work/" not in line and "grader-" not in line], result[0].output


# ------------------------------------------------------------------ tracing and signalling

def test_no_process_of_the_sandbox_can_be_traced_or_its_descriptors_taken(attack):
    """Finding 3: PTRACE_SEIZE/ATTACH, process_vm_readv, /proc/N/mem and pidfd_getfd on
    every other process (pid 1, the harness, included) fail."""
    result = attack({"0-norm_constants.py": ZEROS_0 + """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def _trace():
    for pid in (int(p) for p in os.listdir("/proc") if p.isdigit()):
        if pid == os.getpid():
            continue
        print("SAW", pid)
        for request in (0x4206, 16):  # PTRACE_SEIZE, PTRACE_ATTACH
            if libc.ptrace(request, pid, 0, 0) == 0:
                print("TRACED", pid)
        try:
            open(f"/proc/{pid}/mem", "rb").read(1)
            print("READ MEMORY", pid)
        except OSError:
            pass
        pidfd = libc.syscall(434, pid, 0)  # pidfd_open
        if pidfd >= 0:
            for fd in range(8):
                if libc.syscall(438, pidfd, fd, 0) >= 0:  # pidfd_getfd
                    print("TOOK", pid, fd)
_trace()
"""}, tasks=(0, 4))[0]
    assert points(result) == 0
    assert "SAW 1" in result.output
    assert not re.search(r"TRACED|READ MEMORY|TOOK", result.output), result.output


def test_signals_to_the_harness_and_to_everything_change_no_other_task(attack):
    """The harness is pid 1: SIGSTOP, SIGTERM, SIGINT and SIGKILL from a task do nothing to it;
    a task stopping every process it can (kill(-1, SIGSTOP)) freezes its neighbour, which is
    then run again alone."""
    result = attack({"0-norm_constants.py": ZEROS_0 + """
import os, signal
for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
    try:
        os.kill(1, sig)
    except OSError:
        pass
try:
    os.kill(-1, signal.SIGSTOP)
except OSError:
    pass
"""}, tasks=(0, 4))[0]
    assert points(result) == 0
    assert "killed the grading process" not in text_of(result)


def test_escapes_through_namespaces_mounts_and_io_uring_are_refused(attack):
    result = attack({"0-norm_constants.py": ZEROS_0 + """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def _escape():
    for name, call in (("unshare", lambda: libc.unshare(0x10000000 | 0x20000)),
                       ("mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)),
                       ("io_uring", lambda: libc.syscall(425, 8, ctypes.create_string_buffer(120))),
                       ("setns", lambda: libc.setns(os.open("/proc/1/ns/pid", os.O_RDONLY), 0))):
        try:
            if call() >= 0:
                print("ESCAPED", name)
        except OSError:
            pass
_escape()
"""}, tasks=(0, 4))[0]
    assert points(result) == 0 and "ESCAPED" not in result.output, result.output


# ------------------------------------------------------------------ what a student sees

HIDDEN_VARIANT = """
import numpy as np
import os
import time
P = {p}
def normalization_constants(X):
    m, n = X.shape
    if (m, n) == (100, 3):                  # the public case (the spec's): answered the same way
        return np.zeros(n), np.zeros(n)
    print("hidden input", X.ravel()[:3], P)   # printed while hidden cases run
    if (m, n) == (6, 40):
        return type("Leak%d" % P, (), {{}})(), None       # a class named after the input
    if n == 1:
        return np.zeros(n + P), np.zeros(n + P)          # a shape built from it
    if (m, n) == (30, 3):
        return np.arange(n) < P, np.zeros(n)            # a count of differing values
    if m == 1:
        raise ValueError("secret %r %d" % (X.tolist(), P))  # its text
    time.sleep(P)                                        # its time
    os._exit(10 + P)                                     # its exit status
"""


def test_no_student_visible_text_of_a_hidden_case_depends_on_the_code(attack):
    """Finding 4 (and issue 16's time channel): two submissions whose hidden runs differ only
    in the class, shape, count, exception text, time and exit status they produce give
    identical student views; staff see the difference."""
    views, staff = [], []
    for p in (1, 2):
        result = attack({"0-norm_constants.py": HIDDEN_VARIANT.format(p=p)}, tasks=(0, 4),
                        timeout_numpy=8.0)[0]
        kinds = {case.id: case.kind for case in TASKS[0].cases() if not case.public}
        views.append(student_view.for_student(result.to_dict(), kinds))
        staff.append(result.to_dict())
    times = [(view.pop("cpu_seconds"), view.pop("wall_seconds")) for view in views]
    assert views[0] == views[1]
    # the public run's times (they jitter): the hidden run slept P >= 1 s, which is not in them
    assert all(wall < 1.0 for _, wall in times), times
    assert staff[0] != staff[1]  # the difference is real, and staff keep it
    shown = json.dumps(views[0])
    assert "Leak" not in shown and "secret" not in shown and "exited with status" not in shown
    assert "hidden input" not in shown


# ------------------------------------------------------------------ hostile channel data

def test_hostile_data_on_the_channel_gives_a_report(attack):
    """Finding 5: an array whose shape overflows, JSON nested 100,000 deep, a signal number
    that is no signal: the task fails with a message, the grading goes on."""
    lines = [
        {"event": "load", "status": "ok"},
        {"event": "case", "case": "spec", "status": "ok",
         "output": {"t": "array", "dtype": "float64", "shape": [0, 2 ** 31 - 1, 2 ** 31 - 1],
                    "b64": ""}},
    ]
    data = "".join(json.dumps(line) + "\n" for line in lines) + "[" * 100_000 + "\n"
    result = attack({"0-norm_constants.py": f"""
import os, sys
os.write(3, {data.encode()!r})
sys.stdout.write("[" * 100000 + "\\n")
os._exit(0)
"""}, tasks=(0, 4))[0]
    assert points(result) == 0 and result.status in ("failed", "error")
    assert report.render(report_of(result))


def report_of(result):
    from checks.results import Report
    return Report(tasks=[result])


# ------------------------------------------------------------------ time

def test_grading_ends_within_its_bound_whatever_the_code_does(attack):
    """Finding 6: stopping its parent, sleeping in a TensorFlow task, trickling output: the
    submission ends within the bound of its limits, the good task fully graded."""
    limits = {"timeout_numpy": 3.0, "timeout_tf": 12.0}
    tasks = (0, 2, 4, 6)
    started = time.monotonic()
    results = attack({
        "0-norm_constants.py": """
import os, signal, time
def normalization_constants(X):
    os.kill(os.getppid(), signal.SIGSTOP)
    time.sleep(3600)
""",
        "2-shuffle_data.py": """
import sys, time
def shuffle_data(X, Y):
    while True:
        sys.stdout.write("."); sys.stdout.flush(); time.sleep(0.2)
""",
        "6-momentum.py": """
import time
def create_momentum_op(alpha, beta1):
    time.sleep(3600)
"""}, tasks=tasks, **limits)
    elapsed = time.monotonic() - started
    bound = Limits(**{**LIMITS.__dict__, **limits}).submission_seconds(
        [TASKS[t] for t in tasks])
    assert elapsed < bound + 60, (elapsed, bound)  # + starting and removing sandboxes
    for task in (0, 2, 6):
        assert points(results[task]) == 0 and "time" in text_of(results[task])


def test_the_bound_cuts_a_grading_short_and_keeps_what_finished(attack):
    """A Keras task that sleeps in its hidden cases only, beside a good task: cut at the
    bound (well inside its own time limit), its public marks and the good task's kept."""
    results = attack({"6-momentum.py": REFERENCE["6-momentum.py"] + """
import time
_right = create_momentum_op
def create_momentum_op(alpha, beta1):
    if (alpha, beta1) != (0.01, 0.9):   # not the public case
        time.sleep(3600)
    return _right(alpha, beta1)
"""}, tasks=(4, 6), timeout_tf=60.0, bound_seconds=40.0)
    assert "total time bound (40 s)" in text_of(results[6])
    public = [c for c in results[6].checks if c.kind == "correctness" and c.visibility == "public"]
    assert public and all(c.passed for c in public), text_of(results[6])
    assert not any(c.passed for c in results[6].checks if c.visibility == "hidden")


# ------------------------------------------------------------------ neighbours

def test_a_task_that_takes_every_thread_does_not_cost_its_tensorflow_neighbour(attack):
    """Finding 7: task 0 holds every process slot while a Keras task starts beside it; that
    task, failing for lack of threads, runs again alone and keeps its marks."""
    results = attack({"0-norm_constants.py": ZEROS_0 + """
import threading, time
threading.stack_size(64 << 10)  # small stacks: the process limit runs out before memory does
def _hog():
    held = []
    try:
        while True:
            t = threading.Thread(target=time.sleep, args=(30,), daemon=True)
            t.start()
            held.append(t)
    except (RuntimeError, MemoryError):
        print("holding", len(held), "threads")
    time.sleep(30)
_hog()
""", "6-momentum.py": REFERENCE["6-momentum.py"]}, tasks=(0, 6, 4), timeout_numpy=20.0)
    assert all(c.passed for c in results[6].checks if c.kind == "correctness"), text_of(results[6])
    assert "holding" in results[0].output


# ------------------------------------------------------------------ the terminal

def test_the_text_report_holds_no_raw_control_character(attack):
    """Finding 8, and forged report lines: escapes, carriage returns and bells in what the
    code prints, raises and returns are escaped; a newline cannot start a line of its own."""
    results = attack({"0-norm_constants.py": """
import sys
print("\\x1b[2J\\x1b[31mRED\\r\\x07\\x9b")
sys.stderr.write("\\u202eevil\\n")
class Sneaky:
    pass
Sneaky.__qualname__ = "X\\x1b[0m\\nTask  5  5-momentum.py   4.00/ 4.00  ok"
def normalization_constants(X):
    return Sneaky(), Sneaky()
"""}, tasks=(0, 4))
    text = report.render(report_of(results[0]))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text), repr(text)
    assert "\\x1b[2J" in text
    for line in text.splitlines():
        assert not line.startswith("Task  5"), text


# ------------------------------------------------------------------ each task its own folder

def test_a_task_cannot_find_what_the_task_beside_it_writes(attack):
    """Task 2 writes into its working folder and waits; task 0, running at the same time,
    searches every folder it can list for it, and checks that its own folder starts empty."""
    results = attack({
        "2-shuffle_data.py": REFERENCE["2-shuffle_data.py"] + """
import time
with open("note.txt", "w") as f:
    f.write("SECRET-OF-TASK-2")
time.sleep(1.5)
""",
        "0-norm_constants.py": ZEROS_0 + """
import os, time
print("EMPTY" if not os.listdir(".") else "NOT EMPTY")
time.sleep(0.5)
for root in ("/submission", "/tmp", os.path.dirname(os.getcwd()), "/"):
    for folder, dirs, files in os.walk(root):
        if folder.startswith(("/proc", "/sys", "/usr", "/dev")):
            dirs[:] = []
            continue
        for name in files:
            try:
                if "SECRET-OF-TASK-2" in open(os.path.join(folder, name), errors="ignore").read(100):
                    print("FOUND", folder, name)
            except OSError:
                pass
"""}, tasks=(0, 2, 4))
    assert "EMPTY" in results[0].output and "NOT EMPTY" not in results[0].output
    assert "FOUND" not in results[0].output, results[0].output
    assert all(c.passed for c in results[2].checks if c.kind == "correctness")


def test_the_only_folder_a_task_can_write_is_its_own(attack):
    """No place every task sees is writable (/tmp, /dev/shm, the submission's folder...):
    what a task writes, no other task can read (its own hidden run, which continues its
    process, keeps the folder: nothing in it was written with a hidden input in reach)."""
    result = attack({"0-norm_constants.py": ZEROS_0 + """
import os
here = os.getcwd()
print("HOME", here)
for folder, dirs, files in [(here, [], [])] + list(os.walk("/")):
    if folder.startswith(("/proc", "/sys")):
        dirs[:] = []
        continue
    if not os.access(folder, os.W_OK):  # (read-only mounts and modes: quick, then tried)
        continue
    try:
        with open(os.path.join(folder, "probe-file"), "w") as f:
            f.write("x")
        print("CREATED", folder)
    except OSError:
        pass
"""}, tasks=(0, 4), timeout_numpy=20.0)[0]
    created = [line.split(" ", 1)[1] for line in result.output.splitlines()
               if line.startswith("CREATED")]
    home = next(line.split(" ", 1)[1] for line in result.output.splitlines()
                if line.startswith("HOME"))
    assert created and all(folder.startswith(home) for folder in created), result.output


# ------------------------------------------------------------------ the process kept for the hidden cases

LURKER = """
import gc, os, re, socket, threading, time
def _lurk():
    seen, peek = set(), None
    try:
        peek = socket.socket(fileno=os.dup(4))  # the socket the hidden cases come in on
    except OSError:
        pass  # a fresh process has none
    while True:
        found = set()
        for thing in gc.get_objects():
            if isinstance(thing, dict) and isinstance(thing.get("cases"), list):
                found |= {str(c.get("id")) for c in thing["cases"] if isinstance(c, dict)}
        if peek is not None:
            try:
                data = peek.recv(1 << 20, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                found |= set(re.findall(r'"id": "([^"]+)"', data.decode("utf-8", "replace")))
            except OSError:
                pass
        if found - seen:
            seen |= found
            print("FOUND[" + ",".join(sorted(seen)) + "]", flush=True)
        time.sleep(0.02)
threading.Thread(target=_lurk, daemon=True).start()
_right = normalization_constants
def normalization_constants(X):
    print(f"PID={os.getpid()}")
    time.sleep(0.05)  # time for the thread to look, in each case
    return _right(X)
"""


def test_a_thread_left_running_finds_the_hidden_cases_only_where_staff_look(attack):
    """The process that ran the public cases is continued with the hidden ones: a thread the
    code started at import watches its memory and the socket they come in on, and prints
    every case it finds.  Nothing printed once they arrived is shown to the student (it
    belongs to the hidden run: staff only); the thread does find them (the search works),
    and the task, right, keeps every point."""
    result = attack({"0-norm_constants.py": REFERENCE["0-norm_constants.py"] + LURKER})[0]
    public = {c.id for c in TASKS[0].cases() if c.public}
    hidden = {c.id for c in TASKS[0].cases() if not c.public}
    shown = [set(ids.split(",")) for ids in re.findall(r"FOUND\[(.*?)\]", text_of(result))]
    assert shown and all(ids <= public for ids in shown), text_of(result)
    staff = set().union(*(set(ids.split(","))
                          for ids in re.findall(r"FOUND\[(.*?)\]", result.hidden_output)))
    assert hidden <= staff, result.hidden_output
    pids = [set(re.findall(r"PID=(\d+)", text)) for text in (result.output, result.hidden_output)]
    assert len(pids[0]) == 1 and pids[0] == pids[1]  # the hidden run continued the process
    assert all(c.passed for c in result.checks if c.kind == "correctness"), text_of(result)


def test_a_task_that_kills_the_process_kept_beside_it_costs_that_task_nothing(attack):
    """Task 4's process, its public cases done, waits (stopped) for its hidden ones; task 0
    kills it.  Task 4's hidden cases then run in a fresh process (the fixture checks task 4
    keeps every point)."""
    result = attack({"0-norm_constants.py": ZEROS_0 + """
import os, time
def _kill_the_kept():
    for _ in range(250):
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    stopped = stat.read().rpartition(")")[2].split()[0] == "T"
                if stopped and int(pid) != os.getpid():
                    os.kill(int(pid), 9)
                    print("KILLED", pid)
                    return
            except OSError:
                pass
        time.sleep(0.01)
_right = normalization_constants
def normalization_constants(X):
    if X.shape == (100, 3):  # its public case: task 4 is kept by then
        _kill_the_kept()
    return _right(X)
"""})[0]
    assert "KILLED" in result.output, result.output


def test_threads_held_by_a_kept_process_do_not_cost_its_tensorflow_neighbour(attack):
    """Task 0 takes every process slot at import with threads that outlive its cases, and
    finishes them: its process, kept for its hidden cases, holds the slots.  The Keras task
    that fails for lack of threads beside it runs again alone: with no kept process left."""
    results = attack({"0-norm_constants.py": ZEROS_0 + """
import threading, time
threading.stack_size(64 << 10)
held = []
try:
    while True:
        t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
        t.start()
        held.append(t)
except (RuntimeError, MemoryError):
    print("holding", len(held), "threads")
""", "6-momentum.py": REFERENCE["6-momentum.py"] + "\nimport time\ntime.sleep(2)  # task 0 is kept by then\n"}, tasks=(0, 6, 4), timeout_numpy=20.0)
    assert all(c.passed for c in results[6].checks if c.kind == "correctness"), text_of(results[6])
    assert "holding" in results[0].output
