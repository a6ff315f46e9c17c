"""The portal in a real browser (Debian's Chromium, driven by Playwright) against `grader serve`."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request

import pytest

from tests.helpers import reference_files
from tests.web.services import NOT_YET, ROOT, free_port, sign_in_page, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.redis]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STUDENTS = {"ada@example.org": "ada's long password", "bob@example.org": "bob's long password"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`grader serve` on a free port, with two students; its base URL."""
    folder = tmp_path_factory.mktemp("serve")
    environ = {**os.environ, "GRADER_INSTANCE": str(folder / "instance"), "GRADER_SANDBOX": "bwrap",
               "GRADER_SANDBOX_POOL": "0", "GRADER_BROKER_URL": ""}
    grader = [sys.executable, "-m", "grader.cli"]
    for email, password in STUDENTS.items():
        subprocess.run(grader + ["user", "add", email, "--password-stdin"], env=environ, cwd=ROOT,
                       input=password + "\n", text=True, check=True, capture_output=True)
    port = free_port()
    log = open(folder / "serve.log", "wb")
    process = subprocess.Popen(grader + ["serve", "--port", str(port)], env=environ, cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def answers():
        assert process.poll() is None, (folder / "serve.log").read_text()
        with urllib.request.urlopen(base + "/signin", timeout=30) as response:
            return response.status == 200

    wait_for(answers, 180, "grader serve", every=0.5, not_yet=NOT_YET)
    yield base
    process.send_signal(signal.SIGTERM)
    process.wait(60)
    log.close()


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), "Chromium is missing: scripts/test.sh installs it (apt-get)"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def signed_in(browser, base: str, email: str):
    page = browser.new_context().new_page()
    sign_in_page(page, base, email, STUDENTS[email])
    return page


def test_a_student_uploads_a_folder_and_sees_results_task_by_task(server, browser, tmp_path):
    folder = tmp_path / "supervised_learning" / "optimization"
    folder.mkdir(parents=True)
    reference = reference_files()
    for name in ("0-norm_constants.py", "1-normalize.py"):
        (folder / name).write_text(reference[name])
    (folder / "0-main.py").write_text("print('a main file')\n")
    page = signed_in(browser, server, "ada@example.org")
    assert "You have 5 of 5 submissions left" in page.text_content("#quota")
    page.set_input_files("#folder", str(folder))  # the directory picker
    page.click("text=Upload and grade")
    page.wait_for_url(f"{server}/submissions/*")
    assert "ignored 1 other file (optimization/0-main.py)" in page.content()  # as the browser sent it
    page.wait_for_selector("#task-0:not(.pending)", timeout=120_000)  # filled in, without reloading
    page.wait_for_selector("#status[data-status=done]", timeout=120_000)
    assert page.get_attribute("#task-1", "data-status") in ("passed", "partial")
    assert page.get_attribute("#task-9", "data-status") == "missing"
    assert "Score:" in page.text_content("#score")
    page.goto(server + "/")
    assert "You have 4 of 5 submissions left" in page.text_content("#quota")


def test_a_student_cannot_open_another_students_submission(server, browser):
    ada = signed_in(browser, server, "ada@example.org")
    links = ada.locator("#history a")
    assert links.count() >= 1
    mine = links.first.get_attribute("href")
    bob = signed_in(browser, server, "bob@example.org")
    response = bob.goto(server + mine)
    assert response.status == 404
    assert bob.goto(server + mine + ".json").status == 404
    assert bob.locator("#history").count() == 0  # bob has none, and sees none of ada's
    bob.goto(server + "/")
    assert mine not in bob.content()
