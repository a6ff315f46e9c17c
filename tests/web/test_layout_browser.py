"""The shared layout on the instructors' pages (Debian's Chromium, Playwright): at a phone's
width nothing is wider than the screen (wide tables scroll in their own box), the navigation
keeps Sign out on screen, and axe-core finds no violation."""
from __future__ import annotations

import pytest

from tests.web.services import sign_in_page
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture
from tests.web.test_review_browser import site  # noqa: F401 - a demo class graded for real
from tests.web.test_student_browser import PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.bwrap]
PAGES = ("/review/", "/review/settings", "/review/extensions", "/accounts/", "/api/tokens",
         "/review/?sort=total&desc=1")


def test_the_instructors_pages_fit_a_phone_and_pass_axe(site, browser):  # noqa: F811
    base, email, password = site
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(base + "/signin")
    fits(page)
    sign_in_page(page, base, email, password)
    for path in PAGES:
        page.goto(base + path)
        fits(page)
        sign_out = page.locator("nav >> text=Sign out").bounding_box()
        assert sign_out["x"] + sign_out["width"] <= PHONE["width"], path
    page.goto(base + "/review/")
    page.locator("#class td.who a").first.click()
    page.wait_for_url(f"{base}/review/submissions/*")
    fits(page)
    number = page.url.rsplit("/", 1)[1]
    page.goto(f"{base}/submissions/{number}")  # staff see the student's own view too
    fits(page)
    page.goto(f"{base}/submissions/{number}/files/0-norm_constants.py")
    assert page.locator("#L-1").count() == 1
    fits(page)
