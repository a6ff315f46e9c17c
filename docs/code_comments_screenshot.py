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

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.limits import Limits  # noqa: E402
from grader.sandbox import create  # noqa: E402
from tests.web.services import AppServer  # noqa: E402
from web import create_app  # noqa: E402
from web.store import accounts, comments, db  # noqa: E402
from web.store.models import Submission  # noqa: E402
from web.students import codeview, completion  # noqa: E402
from web.worker import jobs  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
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
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=1,
                                      timezone_id="Europe/Paris", locale="en-GB")
        page = context.new_page()
        page.goto(base + "/signin")
        page.fill("input[name=email]", PROF)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base}/review/submissions/{number}/files/{FILE}?line={line}")
        page.fill("#new-comment-text", DRAFT[1])
        top = page.locator("main").bounding_box()
        code = page.locator("#code").bounding_box()
        page.screenshot(path=out / "code-comments.png", full_page=True, clip={
            "x": top["x"], "y": top["y"], "width": top["width"],
            "height": code["y"] + code["height"] - top["y"] + 8})
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", default="bwrap")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="code-comments-") as folder:
        app = create_app({"INSTANCE": folder, "SECRET_KEY": "screenshot" * 4})
        number, line = seed(app, args.sandbox)
        server = AppServer(app)
        try:
            shoot(server.url, number, line, Path(args.out))
        finally:
            server.stop()
    print(f"wrote code-comments.png to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
