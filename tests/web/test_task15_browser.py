"""Task 15's grading and the release rule in a real browser (Debian's Chromium, driven by
Playwright) over HTTP: "grade next ungraded" walks through the class, a rubric grade reaches the
student's page as the release setting says (tested both ways), and axe-core finds no violation
on the grading and settings pages, at a desktop's width and a phone's."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.conftest import PASSWORD
from tests.web.services import AppServer, sign_in_page
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture
from tests.web.test_student_browser import PHONE, fits
from tests.web.test_task15 import HIDDEN, add
from web import create_app
from web.store import accounts, db
from web.store.models import utcnow

pytestmark = pytest.mark.browser
STUDENTS = {"zed@example.org": "Ada Byron", "bob@example.org": "Bob Chen", "cy@example.org": "Cy Diaz"}


@pytest.fixture
def site(tmp_path):
    """Ada Byron and Bob Chen with graded submissions (hidden checks among them), Cy Diaz with
    none, and prof; (app, base URL, ids by e-mail)."""
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "k" * 32,
                      "SANDBOX": "none", "CELERY": {"broker_url": "memory://"}})
    with app.app_context():
        session = db.session()
        for email, name in {**STUDENTS, "prof@example.org": "Prof"}.items():
            accounts.add_user(session, email, "instructor" if name == "Prof" else "student", name,
                              PASSWORD)
        ids = {email: accounts.find(session, email).id for email in STUDENTS}
        add(session, ids["zed@example.org"], 30)
        add(session, ids["bob@example.org"], 10)
        session.commit()
    server = AppServer(app)
    yield app, server.url, ids
    server.stop()


def signed_in(browser, base: str, email: str, viewport=None):  # noqa: F811
    page = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}).new_page()
    sign_in_page(page, base, email, PASSWORD)
    return page


def test_grade_next_ungraded_walks_through_the_class(site, browser):  # noqa: F811
    app, base, ids = site
    page = signed_in(browser, base, "prof@example.org")
    page.goto(base + "/review/")
    page.click("#grade-next")
    page.wait_for_url(f"{base}/review/task15/{ids['zed@example.org']}")
    assert page.text_content("h1").strip() == "Task 15 · Ada Byron"
    assert page.get_attribute("#blog-urls a", "href") == "https://medium.com/@ada/optimizers-explained"
    page.check("#rubric input[value='0']")
    page.click("#rubric label:has-text('has examples')")  # the label ticks its box
    page.fill("#comment", "Clear; add a picture at the top.")
    page.check("input[name=keep]")
    page.click("#save-next")
    page.wait_for_url(f"{base}/review/task15/{ids['bob@example.org']}")
    assert "Task 15 of Ada Byron graded: 3 / 4." in page.text_content(".flash")
    assert "1 student left to grade" in page.text_content("#waiting")
    # with the keyboard only: the reusable comment saved a moment ago, one item, then Enter
    page.focus("#reusable input[value='0']")
    page.keyboard.press("Space")
    page.focus("#rubric input[value='2']")
    page.keyboard.press("Space")
    page.focus("#save-next")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/review/")
    assert "none is left to grade" in page.text_content("main")
    row = page.locator("#class tbody tr[data-student='bob@example.org'] td[data-task='15']")
    assert row.text_content().strip() == "1.0"
    page.goto(base + "/review/task15/next")
    page.wait_for_url(base + "/review/")  # nobody left: said again, no grading page
    assert "none is left to grade" in page.text_content(".flash")


def _settings(page, base: str, release: str, deadline) -> None:
    page.goto(base + "/review/settings")
    page.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("select[name=release]", release)
    page.click("#settings-form button[type=submit]")
    page.wait_for_selector("text=Saved;")


@pytest.mark.parametrize("release", ["after_deadline", "at_once"])
def test_a_rubric_grade_reaches_the_students_page_as_the_release_setting_says(site, browser, release):  # noqa: F811
    app, base, ids = site
    prof = signed_in(browser, base, "prof@example.org")
    _settings(prof, base, release, utcnow() + timedelta(days=3))
    prof.goto(f"{base}/review/task15/{ids['bob@example.org']}")
    for item in ("0", "1"):
        prof.check(f"#rubric input[value='{item}']")
    prof.fill("#comment", "Momentum explained well; no picture.")
    prof.click("#save")
    prof.wait_for_selector("#current-grade")

    bob = signed_in(browser, base, "bob@example.org", PHONE)
    manual = bob.text_content("#standing-manual")
    if release == "after_deadline":
        assert "released after" in manual and "Momentum" not in manual and "3 / 4" not in manual
        assert "so far" in bob.text_content("#standing-total")
        bob.click("#standing-counted a")
        assert HIDDEN not in bob.content() and "released after" in bob.text_content("#score")
        fits(bob)  # the withheld notes fit a phone, and pass axe
        _settings(prof, base, release, utcnow() - timedelta(hours=1))  # the deadline passes
        bob.goto(base + "/")
        manual = bob.text_content("#standing-manual")
    assert "3 / 4, graded by hand" in manual and "Momentum explained well; no picture." in manual
    given = bob.locator("#standing-rubric li")
    assert given.count() == 3
    assert "0 of 1" in given.nth(2).text_content() and "not given" in given.nth(2).text_content()
    assert "released after" not in bob.text_content("#standing")
    fits(bob)
    bob.click("#standing-counted a")
    assert HIDDEN in bob.content()


def test_the_grading_and_settings_pages_have_no_axe_violation_on_a_desktop_and_a_phone(site, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe
    app, base, ids = site
    desktop = signed_in(browser, base, "prof@example.org")
    phone = signed_in(browser, base, "prof@example.org", PHONE)
    found = {}
    for path in (f"/review/task15/{ids['zed@example.org']}", f"/review/task15/{ids['cy@example.org']}",
                 "/review/settings"):
        desktop.goto(base + path)
        result = Axe().run(desktop)
        found[path] = result.generate_report() if result.violations_count else ""
        phone.goto(base + path)
        fits(phone)
    assert not any(found.values()), found
    desktop.goto(f"{base}/review/task15/{ids['zed@example.org']}")
    desktop.click("#save")  # nothing ticked, no comment: refused, and the refusal passes axe too
    assert "Nothing was saved" in desktop.text_content(".flash")
    result = Axe().run(desktop)
    assert result.violations_count == 0, result.generate_report()
