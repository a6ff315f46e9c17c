"""Browser-facing protections set once for the whole app: security headers, the session cookie's
flags, and record numbers in URLs bounded to what the database can hold."""
from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

# Scripts, styles and fetches from this site only; no plugin, no <base>, forms post here only,
# and no other site may frame a page (clickjacking).  Inline style attributes stay allowed (the
# class view draws its bars with them: no script can run from a style attribute), inline
# scripts do not.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'",
    "style-src-attr 'unsafe-inline'", "img-src 'self' data:", "object-src 'none'",
    "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # a submission's URL is never sent to another site
    "X-Frame-Options": "DENY",         # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}
LARGEST_ID = 2 ** 31 - 1  # PostgreSQL's integer; SQLite's is larger, so this bounds both


class RecordNumber(IntegerConverter):
    """``<int:...>`` in every route: a number past any row id is a 404 saying so, where it
    would overflow the database's integer (SQLite's OverflowError, PostgreSQL's DataError)."""

    def to_python(self, value: str) -> int:
        # the length first: int() refuses more than 4300 digits, as a plain (silent) no-match
        if len(value.lstrip("0")) > len(str(LARGEST_ID)) or super().to_python(value) > LARGEST_ID:
            raise NotFound(description=f"There is nothing numbered {value[:40]}"
                           f"{'...' if len(value) > 40 else ''} here: numbers in this site's "
                           f"addresses go up to {LARGEST_ID}.")
        return super().to_python(value)


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        # pages hold a student's results and the CSRF token: after signing out on a shared
        # computer, Back must not show them from the browser's cache (nor a proxy keep them)
        response.headers["Cache-Control"] = "no-store"
    if current_app.config["SESSION_COOKIE_SECURE"]:  # served over HTTPS: never try HTTP again
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: the converter applies to rules added after it."""
    app.url_map.converters["int"] = RecordNumber
    app.config.update(SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"])
    app.after_request(_headers)
