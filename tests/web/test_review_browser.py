"""The instructor's review in a real browser (Debian's Chromium, driven by Playwright) over HTTP."""
from __future__ import annotations

import csv
import io

import pytest

from grader.limits import Limits
from grader.sandbox import create
from tests.web.services import AppServer
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture
from web import create_app
from web.instructors import demo
from web.store import db

pytestmark = [pytest.mark.browser, pytest.mark.bwrap]
QUICK = (demo.Variant("correct_vectorized", tasks=(0, 1, 2, 3)),  # numpy tasks only: seconds
         demo.Variant("correct_vectorized", ("wrong_no_shuffle",), tasks=(0, 1, 2, 3)))


@pytest.fixture
def site(tmp_path):
    """A class of three whose submissions were graded for real (bwrap); (base URL, e-mail, password)."""
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "k" * 32})
    with app.app_context():
        email, password = demo.seed(db.session(), create("bwrap", Limits()), students=3,
                                    seed_value=3, variants=QUICK, say=lambda _: None)
        db.session().commit()
    server = AppServer(app)
    yield server.url, email, password
    server.stop()


def test_an_instructor_reviews_grades_task_15_and_exports_the_csv(site, browser, tmp_path):  # noqa: F811
    base, email, password = site
    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(base + "/review/")  # signed out: sent to sign in, then back
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/review/")
    rows = page.locator("#class tbody tr")
    assert rows.count() == 3
    first = page.locator("#class td.who a").first
    student = first.text_content().strip()
    first.click()
    page.wait_for_url(f"{base}/review/submissions/*")
    assert "Files" in page.content() and page.locator("details.task").count() == 15
    page.fill("#grade-form input[name=score]", "3.5")
    page.fill("#grade-form textarea[name=comment]", "examples, but no picture at the top")
    page.click("#grade-form button[type=submit]")
    page.wait_for_selector("text=graded: 3.5")
    assert "no picture at the top" in page.text_content("#manual")
    assert "task 15 graded by hand" in page.text_content("#audit")

    page.click("text=← Class")
    graded_row = page.locator("#class tbody tr", has_text=student)
    assert graded_row.locator("td[data-task='15']").text_content().strip() == "3.5"
    shown = {row.get_attribute("data-student"): float(row.get_attribute("data-total"))
             for row in page.locator("#class tbody tr").all()}
    with page.expect_download() as download:
        page.click("#export")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("gradebook-") and saved.suffix == ".csv"
    lines = list(csv.DictReader(io.StringIO(saved.read_text())))
    assert {line["email"]: float(line["total"]) for line in lines} == shown
    mine = next(line for line in lines if line["name"] == student or line["email"] == student)
    assert mine["task_15_manual"] == "3.5"
    assert mine["task_15_comment"] == "examples, but no picture at the top"
