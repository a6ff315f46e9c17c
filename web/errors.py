"""Error pages in the site's layout: the navigation, what went wrong (the error's own
description, which says what to fix), and a way back.  A form sent from a tab whose session
ended (signed out elsewhere) goes back to sign-in with a message instead of a dead end."""
from __future__ import annotations

from flask import Flask, flash, g, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from web.auth import load_user

BACK = {404: "The page may have moved, or the number is not one of yours."}


def _user() -> None:
    if "user" not in g:  # the error came before the request's user was loaded
        load_user()


def page(error: HTTPException):
    """The error rendered in the layout, with its status code (and its headers, e.g. Allow);
    the JSON API answers in JSON, as its scripts expect."""
    if request.path.startswith("/api/"):
        response = jsonify({"error": error.description})
        response.status_code = error.code or 500
        return response
    _user()
    body = render_template("error.html", error=error, hint=BACK.get(error.code, ""),
                           back=request.referrer if _same_site(request.referrer) else None)
    response = error.get_response()
    response.set_data(body)
    response.content_type = "text/html; charset=utf-8"
    return response


def _same_site(target: str | None) -> bool:
    return bool(target) and target.startswith(request.host_url)


def stale_form(error: CSRFError):
    """A CSRF failure: after signing out in another tab, back to sign-in; else the error page."""
    _user()
    # signed out, yet the form carried a token: the session it belonged to has ended since the
    # page was opened (a form with no token at all is no page of ours: a plain 400)
    if g.user is None and request.form.get("csrf_token"):
        flash("Your session had ended (signed out, perhaps in another tab), so nothing was "
              "sent. Sign in, then try again.", "error")
        return redirect(url_for("auth.signin"), 303)
    error.description = ("The form was out of date (its page was opened before you last signed "
                         "in), so nothing was sent. Open the page again and resend it.")
    return page(error)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, stale_form)
    app.register_error_handler(HTTPException, page)
