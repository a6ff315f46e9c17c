"""docs/code-comments.png: a commented code view, taken in Debian's Chromium.

Run from the checkout, in the project's virtualenv (``source scripts/setup.sh``):
``python docs/code_comments_screenshot.py [--sandbox bwrap]``.  In a throw-away instance a
student's folder (the gallery's correct one, with a create_mini_batches that never shuffles)
is graded by the worker's own code (web/worker/jobs.py), an instructor comments two lines of
3-mini_batch.py (web/store/comments.py, as the page's form does), and the picture is the
instructor's code view of that file with the form open under a third line.  The pages are
served over HTTP on a free port.
"""
from __future__ import annotations

import sys
from pathlib import Path

from shots import ROOT, chromium, instance, options, served, sign_in

from grader.limits import Limits
from grader.sandbox import create
from web.store import accounts, comments, db
from web.store.models import Submission
from web.students import codeview, completion
from web.worker import jobs

GALLERY = ROOT / "tests" / "gallery"
PROF, PASSWORD = "prof@example.org", "a screenshot's password"
FILE = "3-mini_batch.py"
REMARKS = {  # line (a substring of it) -> the instructor's comment
    "__import__": "Good: task 2's own function, imported rather than copied. But it is never called.",
    "for i in range": ("These batches are cut from X and Y in the order they came in. Shuffle "
                       "first, X, Y = shuffle_data(X, Y), as the spec asks; the slicing itself "
                       "is right."),
}
DRAFT = ("X.shape[0]", "Good: m comes from the data, so a last batch shorter than batch_size "
                       "is kept, as the spec wants.")


def _line_of(data: bytes, part: str) -> int:
    lines = data.decode().split("\n")
    return next(i for i, line in enumerate(lines, 1) if part in line and not line.lstrip().startswith("#"))


def seed(app, sandbox_name: str) -> tuple[int, int]:
    """The graded submission's number and the line the open form is under."""
    with app.app_context():
        session = db.session()
        accounts.add_user(session, "ada.lovelace@example.org", "student", "Ada Lovelace",
                          password="unused password")
        accounts.add_user(session, PROF, "instructor", "Demo Instructor", password=PASSWORD)
        session.flush()
        ada, prof = accounts.find(session, "ada.lovelace@example.org"), accounts.find(session, PROF)
        files = {p.name: p.read_bytes() for p in (GALLERY / "correct_vectorized").glob("*.py")}
        files[FILE] = (GALLERY / "wrong_no_shuffle" / FILE).read_bytes()
        made = Submission(user_id=ada.id, notes=[])
        made.files = completion.complete(files, None).files
        session.add(made)
        session.commit()
        assert jobs.grade(session, made.id, "screenshot", create(sandbox_name, Limits()),
                          app.config) == "done"
        data = files[FILE]
        for part, text in REMARKS.items():
            comments.add(session, prof, made, FILE, _line_of(data, part), text,
                         codeview.line_count(data))
        session.commit()
        return made.id, _line_of(data, DRAFT[0])


def shoot(base: str, number: int, line: int, out: Path) -> None:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=1,
                                      timezone_id="Europe/Paris", locale="en-GB")
        page = context.new_page()
        sign_in(page, base, PROF, PASSWORD)
        page.goto(f"{base}/review/submissions/{number}/files/{FILE}?line={line}")
        page.fill("#new-comment-text", DRAFT[1])
        top = page.locator("main").bounding_box()
        code = page.locator("#code").bounding_box()
        page.screenshot(path=out / "code-comments.png", full_page=True, clip={
            "x": top["x"], "y": top["y"], "width": top["width"],
            "height": code["y"] + code["height"] - top["y"] + 8})


def main() -> int:
    args = options(__doc__, ROOT / "docs")
    with instance("code-comments-") as app:
        number, line = seed(app, args.sandbox)
        with served(app) as url:
            shoot(url, number, line, Path(args.out))
    print(f"wrote code-comments.png to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
