"""Accounts and the class regrade in a real browser (Debian's Chromium, driven by Playwright) over
HTTP: a password change, a reset link used once (refused again, and one refused once expired),
regrade-all's confirmation and live progress."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tests.web.conftest import PASSWORD
from tests.web.services import AppServer, sign_in_page
from tests.web.test_browser import browser  # noqa: F401 - the Chromium fixture
from web import create_app
from web.store import accounts, db
from web.store.models import Submission, utcnow

pytestmark = pytest.mark.browser
NEW = "a brand new passphrase"


@pytest.fixture
def site(tmp_path):
    """ada (a student with three graded submissions) and prof; (app, base URL)."""
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "k" * 32,
                      "SANDBOX": "none", "CELERY": {"broker_url": "memory://"}})
    with app.app_context():
        for email, role in (("ada@example.org", "student"), ("prof@example.org", "instructor")):
            accounts.add_user(db.session(), email, role, "Ada" if role == "student" else "", PASSWORD)
        ada = accounts.find(db.session(), "ada@example.org").id
        for days in (3, 2, 1):
            db.session().add(Submission(user_id=ada, status="done", score=1.0, max_score=4.0,
                                        created_at=utcnow() - timedelta(days=days)))
        db.session().commit()
    server = AppServer(app)
    yield app, server.url
    server.stop()


def _sign_in(page, base: str, email: str, password: str) -> None:
    sign_in_page(page, base, email, password, then=None)


def test_a_password_change_and_a_reset_link_used_once_then_refused_and_one_expired(site, browser):  # noqa: F811
    app, base = site
    other = browser.new_context().new_page()  # ada, signed in elsewhere
    _sign_in(other, base, "ada@example.org", PASSWORD)
    other.wait_for_url(base + "/")
    page = browser.new_context().new_page()
    _sign_in(page, base, "ada@example.org", PASSWORD)
    page.wait_for_url(base + "/")
    page.goto(base + "/accounts/password")
    page.fill("input[name=current]", PASSWORD)
    page.fill("input[name=new]", NEW)
    page.fill("input[name=again]", NEW)
    page.click("#password-form button[type=submit]")
    page.wait_for_selector("text=Password changed")
    other.goto(base + "/")
    assert "/signin" in other.url  # the other session ended

    prof = browser.new_context().new_page()
    _sign_in(prof, base, "prof@example.org", PASSWORD)
    prof.wait_for_url(base + "/")
    prof.goto(base + "/accounts/")
    prof.click("#accounts a:text('ada@example.org')")
    prof.click("#make-reset-link")
    link = prof.text_content("#reset-link code").strip()
    assert "/accounts/reset/" in link

    fresh = browser.new_context().new_page()
    fresh.goto(link)
    assert "ada@example.org" in fresh.text_content("main, body")
    fresh.fill("input[name=new]", "reset by the link, long")
    fresh.fill("input[name=again]", "reset by the link, long")
    fresh.click("#reset-form button[type=submit]")
    fresh.wait_for_selector("text=Your password is set")
    _sign_in(fresh, base, "ada@example.org", "reset by the link, long")
    fresh.wait_for_url(base + "/")
    again = browser.new_context().new_page()
    response = again.goto(link)
    assert response.status == 400 and "used already" in again.text_content("body")
    assert again.locator("#reset-form").count() == 0

    # a link left unused too long: the app's lifetime made one second, the page says expired
    app.config["RESET_LINK_SECONDS"] = 1
    prof.reload()
    prof.click("#make-reset-link")
    late_link = prof.text_content("#reset-link code").strip()
    time.sleep(2.2)  # itsdangerous timestamps are whole seconds
    late = browser.new_context().new_page()
    response = late.goto(late_link)
    assert response.status == 400 and "expired" in late.text_content("body")
    assert late.locator("#reset-form").count() == 0


def test_regrade_all_asks_to_confirm_and_shows_progress_without_a_reload(site, browser):  # noqa: F811
    app, base = site
    page = browser.new_context().new_page()
    _sign_in(page, base, "prof@example.org", PASSWORD)
    page.wait_for_url(base + "/")
    page.goto(base + "/review/")
    page.click("#regrade-all")
    page.wait_for_url(base + "/review/regrade*")
    assert "3 submissions will be graded again" in page.text_content("#regrade-count")
    page.click("#regrade-confirm")
    page.wait_for_url(base + "/review/")
    assert page.text_content("#regrade-done").strip() == "0"
    assert page.text_content("#regrade-total").strip() == "3"
    with app.app_context():  # a worker stores one regrade
        first = db.session().get(Submission, 1)
        first.status, first.regrade = "done", None
        db.session().commit()
    from playwright.sync_api import expect
    expect(page.locator("#regrade-done")).to_have_text("1", timeout=30000)  # no reload
    assert page.url.endswith("/review/")


def test_the_new_pages_have_no_axe_violation(site, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe
    app, base = site
    page = browser.new_context().new_page()
    _sign_in(page, base, "prof@example.org", PASSWORD)
    page.wait_for_url(base + "/")
    page.goto(base + "/accounts/1")
    page.click("#make-reset-link")
    link = page.text_content("#reset-link code").strip()
    found = {}
    for path in ("/review/regrade", "/accounts/1", "/accounts/password", link):
        page.goto(path if path.startswith("http") else base + path)
        result = Axe().run(page)
        found[path] = result.generate_report() if result.violations_count else ""
    assert not any(found.values()), found
