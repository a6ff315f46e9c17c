"""Signing in and out: sessions, CSRF on every form, the limit on failed sign-ins."""
from __future__ import annotations

from tests.web.conftest import PASSWORD, csrf_token, sign_in


def test_pages_need_signing_in(app):
    response = app.test_client().get("/")
    assert response.status_code == 302 and response.location.startswith("/signin")


def test_sign_in_and_out(app, make_user):
    make_user("ada@example.org")
    client = app.test_client()
    response = sign_in(client, "Ada@example.org")
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "ada@example.org" in page
    client.post("/signout", data={"csrf_token": csrf_token(page)})
    assert client.get("/").status_code == 302


def test_wrong_password_or_unknown_address_is_refused_alike(app, make_user):
    make_user("ada@example.org")
    client = app.test_client()
    wrong = sign_in(client, "ada@example.org", "not the password")
    unknown = sign_in(client, "eve@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong e-mail address or password" in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_forms_without_the_csrf_token_are_refused(app, make_user):
    make_user("ada@example.org")
    client = app.test_client()
    client.get("/signin")
    response = client.post("/signin", data={"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert sign_in(client, "ada@example.org").status_code == 302
    # signing out (a POST) needs the token too
    assert client.post("/signout").status_code == 400
    assert client.get("/").status_code == 200


def test_failed_sign_ins_are_limited_per_address(app, make_user):
    make_user("ada@example.org")
    client = app.test_client()
    for _ in range(app.config["SIGNIN_FAILURES"]):
        assert sign_in(client, "ada@example.org", "guess").status_code == 401
    # now even the right password waits, so guessing cannot go on
    limited = sign_in(client, "ada@example.org")
    assert limited.status_code == 429 and "Too many failed sign-ins" in limited.get_data(as_text=True)
    # another account is not locked by them
    make_user("bob@example.org")
    assert sign_in(app.test_client(), "bob@example.org").status_code == 302


def test_next_never_leaves_the_site(app, make_user):
    make_user("ada@example.org")
    client = app.test_client()
    token = csrf_token(client.get("/signin").get_data(as_text=True))
    response = client.post("/signin", data={"email": "ada@example.org", "password": PASSWORD,
                                            "csrf_token": token, "next": "//evil.example/"})
    assert response.location == "/"
