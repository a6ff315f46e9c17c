"""Issue 12, items 3 and 6, in a real browser (Debian's Chromium, Playwright) over HTTP: an
instructor comments a line and the student sees it; the staff submission page updates itself
during a regrade; times in the browser's zone to the minute, UTC in the title; axe-core on
the class view, the staff submission view and the staff code view.

Submissions are graded for real by the worker's own code (web/worker/jobs.py, bwrap); the
queue is Celery's in-memory broker, and the test grades the regrade itself, so it can watch
the page while nothing has happened yet and then while it does."""
from __future__ import annotations

import re
import threading
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from grader.limits import Limits
from grader.sandbox import create
from tests.helpers import GALLERY
from tests.web.services import AppServer, sign_in_page
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture
from tests.web.test_student_browser import PHONE, fits
from web import create_app
from web.store import accounts, db
from web.store.models import Submission
from web.students import completion
from web.worker import jobs

pytestmark = [pytest.mark.browser, pytest.mark.bwrap]
ZONE = "America/New_York"
ACCOUNTS = {"ada@example.org": ("ada's long password", "student"),
            "bob@example.org": ("bob's long password", "student"),
            "prof@example.org": ("prof's long password", "instructor")}
FILES = ("0-norm_constants.py", "1-normalize.py", "2-shuffle_data.py")
COMMENT = "Shuffle first: <b>X, Y = shuffle_data(X, Y)</b>, then slice."
DESKTOP = {"width": 1280, "height": 900}


def _files(wrong: bool) -> dict[str, bytes]:
    files = {name: (GALLERY / "correct_vectorized" / name).read_bytes() for name in FILES}
    folder = "wrong_no_shuffle" if wrong else "correct_vectorized"
    files["3-mini_batch.py"] = (GALLERY / folder / "3-mini_batch.py").read_bytes()
    return files


def _graded(app, email: str, files: dict[str, bytes]) -> int:
    with app.app_context():
        session = db.session()
        made = Submission(user_id=accounts.find(session, email).id, notes=[])
        made.files = completion.complete(files, None).files
        session.add(made)
        session.commit()
        assert jobs.grade(session, made.id, f"first-{made.id}", create("bwrap", Limits()),
                          app.config) == "done"
        return made.id


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, the app, ada's submission number): ada and bob graded, no broker's worker."""
    folder = tmp_path_factory.mktemp("comments")
    app = create_app({"INSTANCE": str(folder / "instance"), "SECRET_KEY": "k" * 32,
                      "CELERY": {"broker_url": "memory://"}})
    with app.app_context():
        for email, (password, role) in ACCOUNTS.items():
            accounts.add_user(db.session(), email, role, password=password)
        db.session().commit()
    number = _graded(app, "ada@example.org", _files(wrong=True))
    _graded(app, "bob@example.org", _files(wrong=False))
    server = AppServer(app)
    yield server.url, app, number
    server.stop()


def signed_in(browser, base: str, email: str, viewport=DESKTOP):  # noqa: F811
    context = browser.new_context(viewport=viewport, timezone_id=ZONE, locale="en-US")
    page = context.new_page()
    sign_in_page(page, base, email, ACCOUNTS[email][0])
    return page


def axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe
    found = Axe().run(page)
    assert found.violations_count == 0, f"{page.url}:\n{found.generate_report()}"


def shown_in_zone(stamp: str, short: bool = False) -> str:
    """What Chromium (en-US) shows for the UTC time `stamp` in ZONE, to the minute."""
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    local = moment.astimezone(ZoneInfo(ZONE))
    if short:
        return f"{local:%b} {local.day}, {local:%I:%M %p}"
    return f"{local:%b} {local.day}, {local.year}, {local:%I:%M %p} {local.tzname()}"


def test_an_instructor_comments_a_line_and_the_student_sees_it(site, browser):  # noqa: F811
    base, _, number = site
    prof = signed_in(browser, base, "prof@example.org")
    prof.goto(f"{base}/review/submissions/{number}")
    axe_clean(prof)  # the staff submission view, graded
    prof.click("#files a:text-is('3-mini_batch.py')")
    prof.wait_for_url(re.compile(r".*/review/submissions/\d+/files/3-mini_batch.py$"))
    axe_clean(prof)  # the staff code view, no comment yet
    prof.click("#L-12 a.ln")  # a line number opens the form under that line, scrolled to
    prof.wait_for_url(re.compile(r".*\?line=12#new-comment$"))
    assert prof.locator("#L-12").is_visible() and prof.locator("#L-12").bounding_box()["y"] >= 0
    prof.keyboard.press("Tab")  # from the form, the first Tab is its text box
    assert prof.evaluate("document.activeElement.id") == "new-comment-text"
    prof.keyboard.type(COMMENT)  # by keyboard alone: type, Tab to the button, Enter
    prof.keyboard.press("Tab")
    prof.keyboard.press("Enter")
    prof.wait_for_selector(".flash:has-text('Comment added on line 12')")
    box = prof.locator(".comments[data-line='12'] .comment")
    assert box.count() == 1 and box.locator(".text").text_content() == COMMENT  # text, not HTML
    assert prof.locator(".comments b").count() == 0
    axe_clean(prof)  # the staff code view with a comment and its edit form

    ada = signed_in(browser, base, "ada@example.org", viewport=PHONE)
    ada.goto(f"{base}/submissions/{number}")
    assert "(1 comment)" in ada.text_content("#files")
    ada.click("#files a:text-is('3-mini_batch.py')")
    ada.wait_for_url(re.compile(r".*/submissions/\d+/files/3-mini_batch.py$"))
    seen = ada.locator(".comments[data-line='12'] .comment")
    assert seen.count() == 1 and seen.locator(".text").text_content() == COMMENT
    assert "prof@example.org" in seen.text_content()
    assert ada.locator(".comments form, .comment-form").count() == 0  # read-only for her
    fits(ada)  # 390 px wide at most, and axe-core finds nothing
    bob = signed_in(browser, base, "bob@example.org", viewport=PHONE)
    assert bob.goto(f"{base}/submissions/{number}/files/3-mini_batch.py").status == 404

    phone = prof.context.browser.new_context(viewport=PHONE, timezone_id=ZONE).new_page()
    phone.context.add_cookies(prof.context.cookies())
    phone.goto(f"{base}/review/submissions/{number}/files/3-mini_batch.py?line=3#L-3")
    fits(phone)  # the staff code view on a phone: comment, edit form and the new form


def test_times_show_in_the_browsers_zone_to_the_minute_with_utc_in_the_title(site, browser):  # noqa: F811
    base, _, number = site
    prof = signed_in(browser, base, "prof@example.org")
    prof.goto(f"{base}/review/submissions/{number}")
    uploaded = prof.locator("#results time").first
    stamp = uploaded.get_attribute("datetime")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp)
    assert uploaded.text_content() == shown_in_zone(stamp)  # e.g. "Dec 2, 2026, 03:13 AM EST"
    assert uploaded.get_attribute("title") == f"{stamp[:10]} {stamp[11:16]} UTC"
    prof.goto(f"{base}/review/")
    submitted = prof.locator("#class tbody time").first
    assert submitted.text_content() == shown_in_zone(submitted.get_attribute("datetime"), short=True)
    assert submitted.get_attribute("title").endswith(" UTC")
    axe_clean(prof)  # the class view
    ada = signed_in(browser, base, "ada@example.org")
    for path in ("/", f"/submissions/{number}"):
        ada.goto(base + path)
        for shown in ada.locator("main time").all():
            assert shown.text_content() == shown_in_zone(shown.get_attribute("datetime")), path


def test_the_staff_page_updates_itself_during_a_regrade(site, browser):  # noqa: F811
    base, app, number = site
    prof = signed_in(browser, base, "prof@example.org")
    prof.goto(f"{base}/review/submissions/{number}")
    before = prof.locator("details.task").count()
    prof.click("#regrade")
    prof.wait_for_selector("#results[data-status=queued]")
    waiting = prof.text_content("#progress")
    assert "Waiting in the queue again, as prof@example.org asked" in waiting
    assert "the tasks below are the last grading's" in waiting and prof.title().startswith("(0/16)")
    assert prof.locator("details.task").count() == 15  # the last grading's, until the worker claims it
    axe_clean(prof)  # the staff submission view while it waits
    prof.evaluate("window.notReloaded = true")

    def regrade():
        with app.app_context():
            jobs.grade(db.session(), number, "regrade-1", create("bwrap", Limits()), app.config)

    worker = threading.Thread(target=regrade)
    worker.start()
    prof.wait_for_selector("#results[data-status=done]", timeout=300_000)
    worker.join(60)
    assert prof.evaluate("window.notReloaded") is True  # the page swapped its parts in itself
    assert prof.locator("details.task").count() == before == 15
    assert prof.locator("#audit tr[data-kind=regrade]").count() == 1
    prof.wait_for_function("document.getElementById('announce').textContent.length > 0")
    assert prof.text_content("#announce").startswith("Grading finished. Automatic score:")
    assert not prof.title().startswith("(")
    assert prof.locator("#results time").first.text_content().endswith(("EST", "EDT"))  # localised again


def _release_after(app, deadline) -> None:
    from web.store.models import CourseSettings
    with app.app_context():
        course = db.session().get(CourseSettings, 1) or CourseSettings(id=1)
        course.deadline, course.release = deadline, "after_deadline"
        db.session().add(course)
        db.session().commit()


def test_a_line_comment_waits_for_the_release_like_the_manual_grade(site, browser):  # noqa: F811
    from datetime import timedelta

    from web.store import comments
    from web.store.models import utcnow
    base, app, number = site
    note = "Release rule: this comment waits for the deadline."
    with app.app_context():
        session = db.session()
        found = session.get(Submission, number)
        comments.add(session, accounts.find(session, "prof@example.org"), found, "1-normalize.py",
                     1, note, 5)
        session.commit()
    ada = signed_in(browser, base, "ada@example.org", viewport=PHONE)
    code = f"{base}/submissions/{number}/files/1-normalize.py"
    try:
        _release_after(app, utcnow() + timedelta(days=2))
        ada.goto(code)
        assert note not in ada.content() and ada.locator("#comments-wait").is_visible()
        ada.goto(f"{base}/submissions/{number}")
        assert "comment" not in ada.text_content("#files")
        _release_after(app, utcnow() - timedelta(hours=1))
        ada.goto(code)
        assert ada.locator(".comments[data-line='1'] .text").text_content() == note
        assert ada.locator("#comments-wait").count() == 0
    finally:
        _release_after(app, None)
