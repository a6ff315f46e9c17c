"""docs/class-view.png: the class view of a demo class of 30 students, taken in Debian's Chromium.

Run from the checkout, in the project's virtualenv (``source scripts/setup.sh``):
``python docs/class_view_screenshot.py [--sandbox bwrap]``.  The class is made by ``grader demo
seed``'s code (web/instructors/demo.py: the gallery's submissions graded for real) in a throw-away instance,
served over HTTP on a free port, and photographed signed in as the demo instructor.
"""
from __future__ import annotations

import sys
from datetime import datetime

from shots import ROOT, chromium, instance, options, served, sign_in

from grader.limits import Limits
from grader.sandbox import create
from web.instructors import demo
from web.store import db


def main() -> int:
    args = options(__doc__, ROOT / "docs" / "class-view.png")
    with instance("class-view-") as app:
        with app.app_context():
            # a fixed clock, so the picture does not change with the day it is taken
            email, password = demo.seed(db.session(), create(args.sandbox, Limits()),
                                        now=datetime(2026, 11, 20, 18, 0))
            db.session().commit()
        with served(app) as url:
            shoot(url, email, password, args.out)
    print(f"wrote {args.out}")
    return 0


def shoot(base: str, email: str, password: str, out: str) -> None:
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1500, "height": 900},
                                   device_scale_factor=1).new_page()
        sign_in(page, base, email, password)
        page.goto(base + "/review/?sort=total&desc=1")
        page.screenshot(path=out, full_page=True)


if __name__ == "__main__":
    sys.exit(main())
