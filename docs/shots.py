"""What the screenshot scripts share: their options, a throw-away instance served over HTTP, and
Debian's Chromium signed in to it."""
from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.web.services import AppServer, sign_in_page  # noqa: E402
from web import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"  # Debian's: Playwright's own download does not work here


def options(doc: str, out: Path) -> argparse.Namespace:
    """--sandbox (bwrap by default: the gradings are real) and --out, defaulting to out."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--sandbox", default="bwrap")
    parser.add_argument("--out", default=str(out))
    return parser.parse_args()


@contextmanager
def instance(prefix: str):
    """A fresh app whose database and files live in a folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield create_app({"INSTANCE": folder, "SECRET_KEY": "screenshot" * 4})


@contextmanager
def served(app):
    """The app's URL while it is served on a free port."""
    server = AppServer(app)
    try:
        yield server.url
    finally:
        server.stop()


@contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base: str, email: str, password: str) -> None:
    sign_in_page(page, base, email, password, then=None)
