"""The ``grader`` command: grade a submission, or build and verify the expected outputs."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from checks import style
from checks.compare import plural
from checks.cases import has_hidden_cases
from checks.tasks import TASKS
from grader import expected, gradescope, grading, report, runner, sandbox, submission
from grader import kit
from grader.sandbox.none import WARNING as NO_SANDBOX_WARNING

EXIT_USAGE, EXIT_GRADER_FAULT = 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="grade a submission folder, zip or file")
    check.add_argument("path", help="the submission: supervised_learning/optimization/, "
                                    "a folder above it, a zip of either, or one task file")
    check.add_argument("--json", metavar="FILE", help="also write the JSON result to FILE "
                                                      "('-' prints only the JSON, to stdout)")
    check.add_argument("--tasks", metavar="LIST", type=_tasks,
                       help="tasks to grade, e.g. 0,9 or 0-3 (default: all)")
    check.add_argument("--public-only", action="store_true",
                       help="run only the public cases (those students can run locally)")
    check.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="wall-time limit per task (default: 10 numpy, 60 TensorFlow)")
    check.add_argument("-v", "--verbose", action="store_true", help="list passed checks too")
    check.add_argument("--format", choices=["grader", "gradescope"], default="grader",
                       help="what --json writes: grader, the JSON of DESIGN.md (default), or "
                            "gradescope, Gradescope's results.json (to results.json unless "
                            "--json says where)")
    check.add_argument("--artifacts", metavar="DIR",
                       help="draw the plots (moving average, cost curves, learning-rate "
                            "schedules) and write them to DIR as PNG files")
    check.add_argument("--style-share", type=_share, default=style.DEFAULT_SHARE,
                       metavar="FRACTION", help="share of each task's points given to the "
                       f"style checks (default {style.DEFAULT_SHARE}; 0 turns them off)")
    check.add_argument("--sandbox", choices=sandbox.BACKENDS,
                       help="where the code runs: docker, bwrap, or none (no isolation: only for "
                            "your own code); default: $GRADER_SANDBOX, else docker where a Docker "
                            "engine answers, else bwrap")

    data = commands.add_parser("data", help="the expected outputs under data/")
    data.add_argument("action", choices=["build", "verify"],
                      help="build: recompute them from the reference; verify: check that the "
                           "stored ones still match what the reference computes")
    data.add_argument("--tasks", metavar="LIST", type=_tasks)
    data.add_argument("--sandbox", choices=sandbox.BACKENDS,
                      help="verify: run the reference in this sandbox (docker: in the sandbox "
                           "image) instead of a plain process of this virtualenv")

    kit = commands.add_parser("kit", help="the package students install to run the public "
                                          "checks locally")
    kit.add_argument("action", choices=["build"],
                     help="build: write the kit's wheel (no reference, no hidden case)")
    kit.add_argument("--out", metavar="DIR", default="dist",
                     help="folder to write the wheel to (default: dist)")

    box = commands.add_parser("sandbox", help="the docker backend's image")
    box.add_argument("action", choices=["build", "check"],
                     help="build: build the sandbox image unless it is up to date; check: start "
                          "the configured sandbox once and report")
    box.add_argument("--base", metavar="IMAGE",
                     help="base image with python3.11 (e.g. python:3.11-slim from a registry); "
                          "default: a Debian base built offline with mmdebstrap")
    _compose_commands(commands)
    _service_commands(commands)
    return parser


def _compose_commands(commands) -> None:
    """`grader compose offline-build`, in the grader's checkout (not in the students' kit)."""
    from grader import compose
    if not compose.OFFLINE.is_dir():
        return
    parser = commands.add_parser("compose", help="docker compose on a machine without a registry")
    parser.add_argument("action", choices=["offline-build"],
                        help="offline-build: build (or reload) the images "
                             "docker-compose.offline.yml names, from a Debian base made offline")


def _service_commands(commands) -> None:
    """The web service's commands (db, user, serve), where it is installed: not in the kit."""
    try:
        from web import commands as service
    except ImportError:  # the students' kit has no web/, a plain install no Flask
        return
    service.add(commands)


def _tasks(text: str) -> tuple[int, ...]:
    try:
        return grading.parse_task_list(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 <= share < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a fraction from 0 up to (not "
                                         "including) 1, e.g. 0.1")
    return share


def _write_artifacts(plots: dict[str, bytes], folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, png in plots.items():  # names are the grader's own (grader/plots.py)
        (target / name).write_bytes(png)
    print(f"wrote {plural(len(plots), 'plot', 'plots')} to {target}", file=sys.stderr)


def _check(args) -> int:
    if not args.public_only and not has_hidden_cases():
        print("grader: this is the students' kit, with the public cases only (the server also "
              "runs hidden ones): grading those", file=sys.stderr)
        args.public_only = True
    limits = runner.Limits()
    if args.timeout:
        limits = dataclasses.replace(limits, timeout_numpy=args.timeout, timeout_tf=args.timeout)
    chosen = sandbox.create(args.sandbox or kit.default_sandbox(), limits)
    if not chosen.secure:
        print(NO_SANDBOX_WARNING, file=sys.stderr)
    options = grading.Options(public_only=args.public_only, limits=limits, sandbox=chosen,
                              style_share=args.style_share, plots=bool(args.artifacts),
                              **({"tasks": args.tasks} if args.tasks else {}))
    result = grading.grade(args.path, options)
    if args.artifacts:
        _write_artifacts(result.plots, args.artifacts)
    gradescope_format = args.format == "gradescope"
    document = gradescope.results(result) if gradescope_format else result.to_dict()
    target = args.json or ("results.json" if gradescope_format else None)
    if target == "-":
        json.dump(document, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=1)
    sys.stdout.write(report.render(result, args.path, args.verbose))
    return 0


def _kit(args) -> int:
    try:
        print(f"wrote {kit.build(args.out)}")
    except kit.KitError as exc:
        print(f"grader kit: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _data(args) -> int:
    if not has_hidden_cases():
        print("grader data: not available in the students' kit (it has no reference and no "
              "hidden cases)", file=sys.stderr)
        return EXIT_USAGE
    tasks = [TASKS[n] for n in (args.tasks or sorted(TASKS)) if n in TASKS]
    if args.action == "build":
        for path in expected.build(tasks):
            print(f"wrote {path}")
        return 0
    problems = expected.verify(tasks, sandbox=args.sandbox)
    for problem in problems:
        print(problem)
    if problems:
        print("the stored expected outputs are stale: run `grader data build`")
        return 1
    where = f" run in the {args.sandbox} sandbox" if args.sandbox else ""
    print(f"the expected outputs of {len(tasks)} tasks match the reference{where}")
    return 0


def _sandbox(args) -> int:
    if args.action == "build":
        from grader.sandbox import docker, image
        image.build(docker.client(), args.base, say=lambda text: print(text, file=sys.stderr))
        return 0
    print(f"the {sandbox.check()} sandbox works")
    return 0


def _compose(_args) -> int:
    from grader import compose
    try:
        compose.build_all(say=lambda text: print(text, file=sys.stderr))
    except compose.ComposeBuildError as exc:
        print(f"grader compose: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if hasattr(args, "service_run"):
            return args.service_run(args)
        if args.command == "sandbox":
            return _sandbox(args)
        if args.command == "kit":
            return _kit(args)
        if args.command == "compose":
            return _compose(args)
        return _check(args) if args.command == "check" else _data(args)
    except submission.SubmissionError as exc:
        print(f"grader: cannot read the submission: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (expected.ExpectedOutputsError, runner.HarnessError, sandbox.SandboxError) as exc:
        print(f"grader: internal problem, not your code's fault: {exc}", file=sys.stderr)
        return EXIT_GRADER_FAULT


if __name__ == "__main__":
    sys.exit(main())
