"""docs/class-view.png: the class view of a demo class of 30 students, taken in Debian's Chromium.

Run from the checkout, in the project's virtualenv (``source scripts/setup.sh``):
``python docs/class_view_screenshot.py [--sandbox bwrap]``.  The class is made by ``grader demo
seed``'s code (web/instructors/demo.py: the gallery's submissions graded for real) in a throw-away instance,
served over HTTP on a free port, and photographed signed in as the demo instructor.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.limits import Limits  # noqa: E402
from grader.sandbox import create  # noqa: E402
from tests.web.services import AppServer  # noqa: E402
from web import create_app  # noqa: E402
from web.instructors import demo
from web.store import db

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sandbox", default="bwrap")
    parser.add_argument("--out", default=str(ROOT / "docs" / "class-view.png"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="class-view-") as folder:
        app = create_app({"INSTANCE": folder, "SECRET_KEY": "screenshot" * 4})
        with app.app_context():
            # a fixed clock, so the picture does not change with the day it is taken
            email, password = demo.seed(db.session(), create(args.sandbox, Limits()),
                                        now=datetime(2026, 11, 20, 18, 0))
            db.session().commit()
        server = AppServer(app)
        try:
            shoot(server.url, email, password, args.out)
        finally:
            server.stop()
    print(f"wrote {args.out}")
    return 0


def shoot(base: str, email: str, password: str, out: str) -> None:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1500, "height": 900},
                                   device_scale_factor=1).new_page()
        page.goto(base + "/signin")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.goto(base + "/review/?sort=total&desc=1")
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
