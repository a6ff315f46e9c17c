"""docs/results-desktop.png, docs/results-phone.png and docs/code-view.png: a student's pages
after a real grading, taken in Debian's Chromium.

Run from the checkout, in the project's virtualenv (``source scripts/setup.sh``):
``python docs/student_pages_screenshot.py [--sandbox bwrap]``.  In a throw-away instance a
student uploads the gallery's correct folder, then only two files again (a
create_mini_batches that never shuffles, and an Adam with a style slip): the second upload is
completed from the first, exactly as the portal does (web/students/completion.py), and both
are graded by the worker's own code (web/worker/jobs.py: the sandbox, the results, the
plots).  An instructor grades task 15 and comments the line of the style slip.  The pages
are served over HTTP on a free port.
"""
from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from shots import ROOT, chromium, instance, options, served, sign_in

from grader.limits import Limits
from grader.sandbox import create
from web.store import accounts, comments, db, review_data
from web.store.models import CourseSettings, Submission, utcnow
from web.students import codeview, completion
from web.worker import jobs

GALLERY = ROOT / "tests" / "gallery"
EMAIL, PASSWORD = "ada.lovelace@example.org", "a screenshot's password"
README = b"# Optimization\n\nhttps://medium.com/@ada/optimization-in-deep-learning\n"


def _files(folder: str, *names: str) -> dict[str, bytes]:
    paths = [GALLERY / folder / name for name in names] if names else (GALLERY / folder).glob("*.py")
    return {path.name: path.read_bytes() for path in paths}


def _submit(session, user, files: dict[str, bytes], sandbox, config) -> int:
    """Stored as the portal stores an upload, then graded as a worker grades it."""
    completed = completion.complete(files, completion.previous(session, user.id))
    made = Submission(user_id=user.id, notes=[])
    made.files = completed.files
    session.add(made)
    session.commit()
    assert jobs.grade(session, made.id, f"screenshot-{made.id}", sandbox, config) == "done"
    return made.id


def seed(app, sandbox_name: str) -> int:
    with app.app_context():
        session = db.session()
        accounts.add_user(session, EMAIL, "student", "Ada Lovelace", password=PASSWORD)
        prof = accounts.add_user(session, "prof@example.org", "instructor", "Demo Instructor")
        session.add(CourseSettings(id=1, deadline=utcnow() + timedelta(days=2, hours=5),
                                   penalty_per_day=10.0, grace_days=1, counted="latest"))
        session.commit()
        user, sandbox = accounts.find(session, EMAIL), create(sandbox_name, Limits())
        _submit(session, user, {**_files("correct_vectorized"), "README.md": README}, sandbox,
                app.config)
        adam = _files("wrong_adam_exponent", "9-Adam.py")["9-Adam.py"]
        adam = adam.replace(b"import numpy as np\n", b"import numpy as np\nimport os\n", 1)
        number = _submit(session, user, {**_files("wrong_no_shuffle", "3-mini_batch.py"),
                                         "9-Adam.py": adam}, sandbox, app.config)
        instructor, graded = accounts.find(session, prof.email), session.get(Submission, number)
        review_data.grade_manual(session, instructor, graded, 3.5,
                                 "Clear and well illustrated; say why bias correction matters.")
        comments.add(session, instructor, graded, "9-Adam.py", 4,  # the student sees it there
                     "Only numpy may be imported: os is not needed here.",
                     codeview.line_count(adam))
        session.commit()
        return number


def shoot(base: str, number: int, out: Path) -> None:
    with chromium() as browser:
        for name, viewport in (("results-desktop", {"width": 1280, "height": 900}),
                               ("results-phone", {"width": 390, "height": 844})):
            context = browser.new_context(viewport=viewport, device_scale_factor=1,
                                          timezone_id="Europe/Paris")
            page = context.new_page()
            sign_in(page, base, EMAIL, PASSWORD)
            page.goto(f"{base}/submissions/{number}")
            page.wait_for_function("[...document.images].every(i => i.complete)")
            page.screenshot(path=out / f"{name}.png", full_page=True)
            if name == "results-desktop":
                page.click("#task-9 a.line-link")
                page.wait_for_load_state()
                page.screenshot(path=out / "code-view.png", full_page=True)
            context.close()


def main() -> int:
    args = options(__doc__, ROOT / "docs")
    with instance("student-pages-") as app:
        number = seed(app, args.sandbox)
        with served(app) as url:
            shoot(url, number, Path(args.out))
    print(f"wrote results-desktop.png, results-phone.png and code-view.png to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
