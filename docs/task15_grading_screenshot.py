"""docs/task15-grading.png: the task-15 grading page of a demo class, taken in Debian's Chromium.

Run from the checkout, in the project's virtualenv (``source scripts/setup.sh``):
``python docs/task15_grading_screenshot.py [--sandbox bwrap]``.  A small demo class is made by
``grader demo seed``'s code (web/instructors/demo.py, numpy tasks only, graded for real) in a
throw-away instance; the first student to grade gets a longer README, the course two reusable
comments; the page is photographed signed in as the demo instructor, half graded.
"""
from __future__ import annotations

import sys
from datetime import datetime

from shots import ROOT, chromium, instance, options, served, sign_in

from checks.scoring import manual_task
from checks.tasks import MANUAL_TASK
from grader.limits import Limits
from grader.sandbox import create
from web.instructors import demo
from web.store import db, task15
from web.store.models import SubmissionFile

VARIANTS = (demo.Variant("correct_vectorized", tasks=(0, 1, 2, 3)),
            demo.Variant("correct_vectorized", ("wrong_no_shuffle",), tasks=(0, 1, 2, 3)))
README = """# Optimization

My blog post on the optimization techniques (feature scaling, batch normalization,
mini-batch gradient descent, momentum, RMSProp, Adam and learning-rate decay):

https://medium.com/@ada.okafor/optimization-techniques-explained-simply-3f2a
Shared on LinkedIn: https://www.linkedin.com/posts/ada-okafor_optimization-activity-7
"""


def _prepare(session) -> None:
    """A richer README for the first student in the queue, and two saved comments."""
    first = task15.next_student(session)
    counted = task15.page(session, first.student.id).submission
    readme = next((f for f in counted.files if f.name == "README.md"), None)
    if readme is None:
        counted.files.append(SubmissionFile(name="README.md", data=README.encode()))
    else:
        readme.data = README.encode()
    outcome = next(o for o in counted.results if o.task == MANUAL_TASK)
    outcome.result = manual_task({"README.md": README}).to_dict()  # as the worker would find it
    task15.save_settings(session, None, None, "Clear and well illustrated.\n"
                                              "Add a picture at the top, as the task asks.")


def main() -> int:
    args = options(__doc__, ROOT / "docs" / "task15-grading.png")
    with instance("task15-") as app:
        with app.app_context():
            # a fixed clock, so the picture does not change with the day it is taken
            email, password = demo.seed(db.session(), create(args.sandbox, Limits()), students=8,
                                        seed_value=4, variants=VARIANTS,
                                        now=datetime(2026, 11, 20, 18, 0), say=lambda _: None)
            db.session().flush()
            _prepare(db.session())
            db.session().commit()
        with served(app) as url:
            shoot(url, email, password, args.out)
    print(f"wrote {args.out}")
    return 0


def shoot(base: str, email: str, password: str, out: str) -> None:
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1,
                                   timezone_id="UTC").new_page()
        sign_in(page, base, email, password)
        page.goto(base + "/review/")
        page.click("#grade-next")
        page.wait_for_url(base + "/review/task15/*")
        page.check("#rubric input[value='0']")
        page.check("#rubric input[value='1']")
        page.check("#reusable input[value='1']")
        page.fill("#comment", "Momentum and RMSProp are explained very well.")
        page.screenshot(path=out, full_page=True)


if __name__ == "__main__":
    sys.exit(main())
