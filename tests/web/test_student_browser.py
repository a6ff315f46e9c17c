"""The students' pages in a real browser (Debian's Chromium, Playwright) against `grader serve`
grading for real (bwrap): at a phone's width, with axe-core on every page a student sees.

One class: ada uploads the gallery's correct folder, then one file again, then a wrong
3-mini_batch.py with a style slip in 0-norm_constants.py; an instructor grades task 15, sets a
deadline and a penalty, and gives ada an extension.  Each test checks one point of issue 11.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.helpers import GALLERY
from tests.web.services import GraderServe, sign_in_page
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture
from web.store.models import utcnow

pytestmark = [pytest.mark.browser, pytest.mark.bwrap, pytest.mark.redis]  # grader serve runs redis-server
PHONE = {"width": 390, "height": 844}
ACCOUNTS = {"ada@example.org": ("ada's long password", "student"),
            "prof@example.org": ("prof's long password", "instructor")}
GRADED = 600_000  # ms: a whole submission, TensorFlow tasks included, on a busy machine
LONG_LINE = "# " + "a comment far longer than the seventy-nine columns pycodestyle allows " * 2 + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    server = GraderServe(tmp_path_factory.mktemp("students"), ACCOUNTS)
    yield server.url
    server.stop()


def signed_in(browser, base: str, email: str, viewport=PHONE):  # noqa: F811
    # a viewer in Paris: times are shown in their zone (UTC+1 in winter), UTC on hover
    page = browser.new_context(viewport=viewport, timezone_id="Europe/Paris").new_page()
    sign_in_page(page, base, email, ACCOUNTS[email][0])
    return page


def fits(page) -> None:
    """Nothing on the page is wider than the phone, and axe-core finds no violation."""
    from axe_playwright_python.sync_playwright import Axe
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    found = Axe().run(page)
    assert found.violations_count == 0, f"{page.url}:\n{found.generate_report()}"


def total(page) -> str:
    return page.text_content("#standing-total").strip()


def wait_graded(page) -> None:
    page.wait_for_selector("#results[data-status=done]", timeout=GRADED)


@pytest.fixture(scope="module")
def ada(site, browser):  # noqa: F811
    return signed_in(browser, site, "ada@example.org")


@pytest.fixture(scope="module")
def first(site, ada, tmp_path_factory):
    """ada's whole folder, graded: (submission number, the results page's first HTML)."""
    folder = tmp_path_factory.mktemp("upload") / "supervised_learning" / "optimization"
    folder.mkdir(parents=True)
    for path in (GALLERY / "correct_vectorized").glob("*.py"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "README.md").write_text("# Optimization\n\nhttps://medium.com/@ada/optimization\n")
    ada.goto(site + "/")
    fits(ada)  # the upload page, before any submission
    ada.set_input_files("#folder", str(folder))
    ada.click("#send")
    ada.wait_for_url(re.compile(r".*/submissions/\d+$"))
    html = ada.content()  # as the server sent it, before the page's script swaps anything
    fits(ada)  # the results page while queued or running
    number = int(ada.url.rsplit("/", 1)[1])
    wait_graded(ada)
    return number, html


def test_grading_shows_every_task_pending_and_announces_the_end(site, ada, first):
    number, html = first
    assert html.count('data-status="pending" class="pending"') == 16  # none had finished
    assert "0 of 16 tasks done" in html and "<title>(0/16) Submission" in html
    assert ada.url.endswith(f"/submissions/{number}")
    ada.wait_for_function("document.getElementById('announce').textContent.length > 0")
    assert "Grading finished. Score: 60.00 / 60.00" in ada.text_content("#announce")
    assert ada.get_attribute("#announce", "aria-live") == "polite"
    assert not ada.title().startswith("(")


def test_the_results_page_leads_with_a_summary_and_shows_the_plots(site, ada, first):
    number, _ = first
    ada.goto(f"{site}/submissions/{number}")
    fits(ada)  # the finished results page
    rows = ada.locator("#summary tbody tr")
    assert rows.count() == 16
    assert rows.nth(9).locator("a").get_attribute("href") == "#task-9"
    assert ada.text_content("#summary-total").strip() == "60.00 / 60.00"
    images = ada.locator("figure.plot img")
    assert images.count() == 6  # tasks 4, 5, 7, 9, 11 and 12, each in its task's section
    assert ada.locator("#task-9 figure.plot img").count() == 1
    for image in images.all():
        image.scroll_into_view_if_needed()
        ada.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert "drawn over the reference's" in image.get_attribute("alt")
    ada.click("#task-9 details.passed summary")
    assert ada.locator("#task-9 details.passed li").count() >= 5


@pytest.fixture(scope="module")
def again(site, ada, first, tmp_path_factory):
    """ada sends only 3-mini_batch.py (unchanged): (submission number, the plan shown)."""
    folder = tmp_path_factory.mktemp("single")
    same = (GALLERY / "correct_vectorized" / "3-mini_batch.py").read_bytes()
    (folder / "3-mini_batch.py").write_bytes(same)
    ada.goto(site + "/")
    counted_before = total(ada)
    ada.set_input_files("#files", str(folder / "3-mini_batch.py"))
    plan = ada.text_content("#plan")
    ada.click("#send")
    ada.wait_for_url(re.compile(r".*/submissions/\d+$"))
    wait_graded(ada)
    return int(ada.url.rsplit("/", 1)[1]), plan, counted_before


def test_a_single_file_upload_keeps_the_counted_total(site, ada, first, again):
    number, plan, before = again
    assert before == "60.00 / 64"
    assert "3-mini_batch.py (sent now)" in plan
    assert f"9-Adam.py (taken from submission {first[0]})" in plan
    assert "README.md" in plan
    taken = ada.locator("#files a.taken")
    assert taken.count() == 15  # 14 task files and README.md
    assert f"Taken from submission {first[0]}:" in ada.text_content("#files")
    assert total(ada) == before
    assert ada.text_content("#standing-counted").strip().startswith(f"submission {number}")
    ada.goto(site + "/")
    assert total(ada) == before  # the upload page says the same
    assert ada.get_attribute("#history tr[data-counted] a", "href") == f"/submissions/{number}"
    fits(ada)  # the history


@pytest.fixture(scope="module")
def wrong(site, ada, again, tmp_path_factory):
    """A create_mini_batches that never shuffles, and a style slip in task 0."""
    folder = tmp_path_factory.mktemp("wrong")
    (folder / "3-mini_batch.py").write_bytes((GALLERY / "wrong_no_shuffle" / "3-mini_batch.py").read_bytes())
    zero = (GALLERY / "correct_vectorized" / "0-norm_constants.py").read_text()
    (folder / "0-norm_constants.py").write_text(zero + LONG_LINE)
    ada.goto(site + "/")
    ada.set_input_files("#files", [str(folder / "3-mini_batch.py"), str(folder / "0-norm_constants.py")])
    ada.click("#send")
    ada.wait_for_url(re.compile(r".*/submissions/\d+$"))
    wait_graded(ada)
    return int(ada.url.rsplit("/", 1)[1])


def test_a_known_mistake_is_said_once_and_a_style_slip_links_to_its_line(site, ada, wrong):
    task = ada.locator("#task-3")
    assert task.get_attribute("data-status") in ("partial", "failed")
    folded = task.locator(".fail[data-mistake=batches-no-shuffle]")
    assert folded.count() == 1
    assert task.locator(".mistake").count() == 1
    assert "the same way" in folded.text_content()
    assert task.text_content().count("hint:") == 1
    assert re.search(r"−\d\.\d\d", task.locator(".lost").first.text_content())
    link = ada.locator("#task-0 a.line-link").first
    line = int(re.search(r"#L-(\d+)$", link.get_attribute("href")).group(1))
    assert line == 16  # the long comment, after the 15 lines of the file
    link.click()
    ada.wait_for_url(re.compile(rf".*/files/0-norm_constants.py\?line={line}#L-{line}$"))
    marked = ada.locator(".code .hll")
    assert marked.count() == 1 and "seventy-nine columns" in marked.text_content()
    assert ada.locator(f"#L-{line}").count() == 1
    fits(ada)  # the code view


def test_the_standing_panel_follows_the_instructors_actions(site, ada, browser, wrong):  # noqa: F811
    ada.goto(site + "/")
    assert "not graded yet" in ada.text_content("#standing-manual")
    before = float(total(ada).split(" /")[0])
    prof = signed_in(browser, site, "prof@example.org", viewport={"width": 1200, "height": 900})
    prof.goto(f"{site}/review/submissions/{wrong}")
    prof.fill("#grade-form input[name=score]", "3.5")
    prof.fill("#grade-form textarea[name=comment]", "clear, with a picture at the top")
    prof.click("#grade-form button[type=submit]")
    prof.wait_for_selector("#manual")
    ada.reload()
    assert "3.5 / 4" in ada.text_content("#standing-manual")
    assert "clear, with a picture at the top" in ada.text_content("#standing-manual")
    assert total(ada) == f"{before + 3.5:.2f} / 64"

    deadline = utcnow() - timedelta(hours=36)  # every submission: 2 started days late
    prof.goto(f"{site}/review/settings")
    prof.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    prof.fill("input[name=penalty_per_day]", "20")
    prof.click("#settings-form button[type=submit]")
    prof.wait_for_load_state()
    ada.reload()
    assert "passed 1 day 12 hours ago" in ada.text_content("#standing-due")
    shown = ada.locator("#standing-due time")
    assert "GMT+1" in shown.text_content()
    assert shown.get_attribute("title") == deadline.strftime("%Y-%m-%d %H:%M UTC")
    assert "2 days late: −40%" in ada.text_content("#standing-automatic")
    assert total(ada) == f"{before * 0.6 + 3.5:.2f} / 64"

    prof.goto(f"{site}/review/extensions")
    row = prof.locator("#extensions tr[data-student='ada@example.org']")
    row.locator("input[name=extension_days]").fill("3")
    row.locator("button[type=submit]").click()
    prof.wait_for_load_state()
    ada.reload()
    assert "an extension of 3 days" in ada.text_content("#standing-terms")
    assert "left" in ada.text_content("#standing-left")
    assert "on time" in ada.text_content("#standing-automatic")
    assert total(ada) == f"{before + 3.5:.2f} / 64"
    fits(ada)


def test_error_pages_keep_the_navigation_and_a_refused_upload_redirects(site, ada, tmp_path):
    for path, code in (("/nowhere", 404), ("/submissions/99999999999999", 404),
                       ("/submissions", 405), ("/review/", 403)):
        response = ada.goto(site + path)
        assert response.status == code
        assert ada.locator("nav[aria-label=Site] >> text=Sign out").count() == 1
        assert ada.locator("#way-back a").count() >= 1
        fits(ada)
    bad = tmp_path / "notes.txt"
    bad.write_text("not a task file")
    ada.goto(site + "/")
    ada.set_input_files("#files", str(bad))
    ada.click("#send")
    ada.wait_for_url(site + "/")  # Post/Redirect/Get: a reload sends nothing again
    assert "no task file was found" in ada.text_content(".flash.error")


def test_a_form_from_a_tab_signed_out_elsewhere_leads_to_sign_in(site, browser):  # noqa: F811
    page = signed_in(browser, site, "ada@example.org")
    other = page.context.new_page()
    other.goto(site + "/")
    other.click("nav >> text=Sign out")
    other.wait_for_url(site + "/signin")
    page.set_input_files("#files", [{"name": "9-Adam.py", "mimeType": "text/x-python",
                                     "buffer": b"#!/usr/bin/env python3\n"}])
    page.click("#send")
    page.wait_for_url(site + "/signin")
    assert "signed out, perhaps in another tab" in page.text_content(".flash.error")
    fits(page)  # the sign-in page
