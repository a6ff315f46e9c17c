"""Hostile requests over real HTTP against the app on a real SQLite file: redirects after signing
in, old session cookies, lock-outs, security headers, hostile uploads and absurd numbers."""
from __future__ import annotations

import http.client
import io
import re
import urllib.parse
import uuid
import zipfile

import pytest

from tests.web.conftest import PASSWORD
from tests.web.services import AppServer, sign_in_page
from web import create_app
from web.store import accounts, db
from web.store.models import Submission, User

TASK0 = (b'#!/usr/bin/env python3\n"""Task 0."""\n\n\ndef normalization_constants(X):\n'
         b'    """m, s."""\n    return X.mean(0), X.std(0)\n')


class Client:
    """One HTTP client: its own cookies (as a browser keeps them), raw requests over a socket,
    from a loopback address of its own if given (the whole of 127.0.0.0/8 is this machine), so
    the server sees different clients."""

    def __init__(self, port: int, cookies: dict | None = None, source: str = "127.0.0.1"):
        self.port, self.cookies, self.source = port, dict(cookies or {}), source

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                source_address=(self.source, 0))
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.putrequest(method, path, skip_accept_encoding=True)  # path sent as is
        for name, value in {**sent, "Content-Length": str(len(body))}.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Expires=Thu, 01 Jan 1970" in header or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        connection.close()
        return response, text

    def get(self, path: str):
        return self.request("GET", path)

    def token(self, path: str = "/signin") -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.get(path)[1]).group(1)

    def post_form(self, path: str, fields: dict):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def sign_in(self, email: str, password: str = PASSWORD, next_: str | None = None):
        fields = {"email": email, "password": password, "csrf_token": self.token()}
        if next_ is not None:
            fields["next"] = next_
        return self.post_form("/signin", fields)

    def upload(self, files: list[tuple[str, bytes]]):
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
                 f'{self.token("/")}\r\n'.encode()]
        for name, data in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                         f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                         .encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", "/submissions", body,
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture
def site(tmp_path):
    """(app, port): the app served over HTTP on loopback, with a student and an instructor."""
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "s" * 32,
                      "SANDBOX": "none", "CELERY": {"broker_url": "memory://"}})
    with app.app_context():
        accounts.add_user(db.session(), "ada@example.org", password=PASSWORD)
        accounts.add_user(db.session(), "ian@example.org", "instructor", password=PASSWORD)
        db.session().commit()
    server = AppServer(app)
    yield app, server.port
    server.stop()


def _location(response) -> str:
    return response.getheader("Location") or ""


def _stays_on_site(location: str) -> bool:
    """What a browser would do with the Location: drop tabs and newlines, read \\ as /."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
    parts = urllib.parse.urlsplit(cleaned)
    return parts.scheme == "" and parts.netloc == "" and cleaned.startswith("/") \
        and not cleaned.startswith("//")


REDIRECTS = [
    "/\t/evil.example", "/%09/evil.example", "/\r\n//evil.example", "/\n/evil.example",
    "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "//evil.example",
    "///evil.example", "https://evil.example/", "javascript:alert(1)", "http:evil.example",
    "/ /evil.example", "\x00//evil.example", "/\x7f/evil.example", "%2F%2Fevil.example",
    "/%2F/evil.example", "//%65vil.example", "\u3000//evil.example", "／/evil.example"]


def test_next_after_signing_in_always_stays_on_the_site(site):
    _, port = site
    client = Client(port)  # one client: signing in again is allowed while signed in
    for target in REDIRECTS:
        response, _ = client.sign_in("ada@example.org", next_=target)
        location = _location(response)
        assert response.status == 302 and _stays_on_site(location), (target, location)
        assert "evil" not in location or location.startswith("/%"), (target, location)


def test_next_keeps_a_plain_path_of_the_site(site):
    _, port = site
    response, _ = Client(port).sign_in("ada@example.org", next_="/submissions/1?x=1")
    assert _location(response) == "/submissions/1?x=1"


def test_the_sign_in_page_carries_a_hostile_next_without_a_500(site):
    _, port = site
    response, _ = Client(port).get("/signin?next=/%0D%0A//evil.example")
    assert response.status == 200


def _signed_in(port: int, email: str = "ada@example.org") -> Client:
    client = Client(port)
    response, _ = client.sign_in(email)
    assert response.status == 302 and "session" in client.cookies
    assert client.get("/")[0].status == 200
    return client


def test_a_copy_of_the_cookie_is_refused_after_signing_out(site):
    _, port = site
    browser = _signed_in(port)
    stolen = Client(port, browser.cookies)  # taken before signing out
    other_device = _signed_in(port)
    browser.post_form("/signout", {"csrf_token": browser.token("/")})
    response, _ = stolen.get("/")
    assert response.status == 302 and "/signin" in _location(response)
    assert other_device.get("/")[0].status == 302  # every session of the user ended
    assert _signed_in(port).get("/")[0].status == 200  # signing in again works


def test_a_new_password_ends_every_earlier_session(site):
    app, port = site
    before = _signed_in(port)
    with app.app_context():
        user = accounts.find(db.session(), "ada@example.org")
        accounts.set_password(user, "a brand new password")
        db.session().commit()
    response, _ = before.get("/submissions/1.json")
    assert response.status == 302 and "/signin" in _location(response)
    assert _signed_in_with(port, "a brand new password")


def _signed_in_with(port: int, password: str) -> bool:
    client = Client(port)
    client.sign_in("ada@example.org", password)
    return client.get("/")[0].status == 200


def test_a_lock_out_from_another_client_leaves_the_student_able_to_sign_in(site):
    app, port = site
    attacker = Client(port, source="127.0.0.2")
    for _ in range(app.config["SIGNIN_FAILURES"]):
        assert attacker.sign_in("ada@example.org", "guess")[0].status == 401
    limited, text = attacker.sign_in("ada@example.org", "guess")
    assert limited.status == 429
    assert re.search(r"Try again in 1[45] minutes", text), text
    assert 800 < int(limited.getheader("Retry-After")) <= 900
    assert attacker.sign_in("ada@example.org")[0].status == 429  # even the right one, there
    student = Client(port, source="127.0.0.3")
    assert student.sign_in("ada@example.org")[0].status == 302
    assert student.get("/")[0].status == 200


def test_many_clients_together_reach_the_slower_budget_per_address(site):
    app, port = site
    app.config.update(SIGNIN_ACCOUNT_FAILURES=6)
    for number in range(6):
        client = Client(port, source=f"127.0.1.{number + 1}")
        assert client.sign_in("ada@example.org", "guess")[0].status == 401
    assert Client(port, source="127.0.2.1").sign_in("ada@example.org")[0].status == 429
    assert Client(port, source="127.0.2.1").sign_in("bob@example.org")[0].status == 401


PAGES = ["/signin", "/", "/submissions/1", "/submissions/1.json", "/review/", "/accounts/",
         "/api/v1/gradebook", "/static/style.css", "/no-such-page", "/submissions/99999999999999999999"]


def test_every_response_carries_the_security_headers(site):
    _, port = site
    for client, path in [(client, path) for client in (Client(port), _signed_in(port, "ian@example.org"))
                         for path in PAGES]:
        response, _ = client.get(path)
        policy = response.getheader("Content-Security-Policy") or ""
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, path
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
            "style-src-attr")[0]
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Referrer-Policy") == "same-origin"
        assert response.getheader("Strict-Transport-Security") is None  # plain HTTP here
        if not path.startswith("/static/"):  # Back after signing out shows nothing cached
            assert response.getheader("Cache-Control") == "no-store"


def test_the_session_cookie_is_secure_when_the_setting_says_https(tmp_path):
    app = create_app({"INSTANCE": str(tmp_path / "i"), "SECRET_KEY": "s" * 32,
                      "SANDBOX": "none", "SECURE_COOKIES": True})
    with app.app_context():
        accounts.add_user(db.session(), "ada@example.org", password=PASSWORD)
        db.session().commit()
    client = app.test_client()
    from tests.web.conftest import sign_in
    response = sign_in(client, "ada@example.org")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def _zip(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _corrupt_crc(data: bytes) -> bytes:
    """The stored CRC-32 of the first entry changed, in its local header and the directory."""
    crc = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].CRC.to_bytes(4, "little")
    return data.replace(crc, bytes(b ^ 0xFF for b in crc))


def _flag_encrypted(data: bytes) -> bytes:
    """Bit 0 of the general-purpose flags set (local header at 6, directory entry at 8)."""
    data = bytearray(data)
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 1
    data[central + 8] |= 1
    return bytes(data)


def _unknown_method(data: bytes) -> bytes:
    data = bytearray(data)
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 8:local + 10] = (99).to_bytes(2, "little")
    data[central + 10:central + 12] = (99).to_bytes(2, "little")
    return bytes(data)


def _truncated_stream(data: bytes) -> bytes:
    """The compressed bytes of the entry replaced by garbage of the same length."""
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode())
    return data[:start] + b"\xff" * info.compress_size + data[start + info.compress_size:]


BIG_TASK = TASK0 + b"# padding\n" * 200  # long enough that deflate makes a real stream

HOSTILE_UPLOADS = {
    "wrong CRC": ([("up.zip", _corrupt_crc(_zip({"optimization/0-norm_constants.py": BIG_TASK})))],
                  "damaged"),
    "encrypted flag": ([("up.zip", _flag_encrypted(_zip({"0-norm_constants.py": BIG_TASK})))],
                       "encrypted"),
    "unknown method": ([("up.zip", _unknown_method(_zip({"0-norm_constants.py": BIG_TASK})))],
                       "compressed with a method"),
    "corrupt stream": ([("up.zip", _truncated_stream(_zip({"0-norm_constants.py": BIG_TASK})))],
                       "damaged"),
    "file and folder of one name": ([("optimization/a", b"x"), ("optimization/a/b", b"y"),
                                     ("optimization/0-norm_constants.py", TASK0)],
                                    "a file and a folder share its name"),
    "folder then file of one name": ([("optimization/a/b", b"y"), ("optimization/a", b"x"),
                                      ("optimization/0-norm_constants.py", TASK0)],
                                     "a file and a folder share its name"),
}


def test_hostile_uploads_are_a_4xx_that_says_why_and_store_nothing(site):
    app, port = site
    student = _signed_in(port)
    for name, (files, says) in HOSTILE_UPLOADS.items():
        response, text = student.upload(files)
        assert response.status == 400, (name, text[-2000:])
        assert says in text and "Nothing was stored" in text, name
    with app.app_context():
        assert db.session().query(Submission).count() == 0


ABSURD = "99999999999999999999"


ABSURD_ROUTES = [
    ("GET", f"/submissions/{ABSURD}", "ada"), ("GET", f"/submissions/{ABSURD}.json", "ada"),
    ("GET", f"/review/submissions/{ABSURD}", "ian"),
    ("POST", f"/review/submissions/{ABSURD}/grade", "ian"),
    ("POST", f"/review/submissions/{ABSURD}/regrade", "ian"),
    ("GET", f"/review/submissions/{ABSURD}/part", "ian"),
    ("GET", f"/review/submissions/{ABSURD}/files/1-normalize.py", "ian"),
    ("POST", f"/review/submissions/{ABSURD}/files/1-normalize.py/comments", "ian"),
    ("POST", f"/review/comments/{ABSURD}/edit", "ian"), ("POST", f"/review/comments/{ABSURD}/delete", "ian"),
    ("GET", f"/api/v1/submissions/{ABSURD}", "ian"),
    ("POST", f"/api/tokens/{ABSURD}/revoke", "ian"),
    ("GET", f"/accounts/{ABSURD}", "ian"), ("POST", f"/accounts/{ABSURD}", "ian"),
    ("POST", f"/accounts/{ABSURD}/reset-link", "ian"),
    ("GET", f"/review/task15/{ABSURD}", "ian"), ("POST", f"/review/task15/{ABSURD}", "ian"),
    ("GET", "/submissions/2147483648", "ada"), ("GET", f"/submissions/{'9' * 5000}", "ada")]


def test_absurd_numbers_are_a_404_that_says_why(site):
    _, port = site
    clients = {who: _signed_in(port, f"{who}@example.org") for who in ("ada", "ian")}
    for method, path, who in ABSURD_ROUTES:
        client = clients[who]
        if method == "GET":
            response, text = client.get(path)
        else:
            response, text = client.post_form(path, {"csrf_token": client.token("/")})
        assert response.status == 404, (path[:60], text[-2000:])
        assert "numbers in this site&#39;s addresses go up to" in text or \
            "numbers in this site's addresses go up to" in text, path[:60]


def test_the_largest_number_still_reaches_the_view(site):
    _, port = site
    response, text = _signed_in(port).get("/submissions/2147483647.json")
    assert response.status == 404 and "go up to" not in text  # the view's own 404


def test_an_instructors_user_row_is_untouched_by_sign_out_of_a_student(site):
    app, port = site
    teacher = _signed_in(port, "ian@example.org")
    student = _signed_in(port)
    student.post_form("/signout", {"csrf_token": student.token("/")})
    assert teacher.get("/review/")[0].status == 200
    with app.app_context():
        generations = dict(db.session().query(User.email, User.session_generation).all())
    assert generations == {"ada@example.org": 1, "ian@example.org": 0}


def test_a_burst_of_sign_ins_sent_at_once_gets_no_more_guesses_than_the_budget(site):
    import concurrent.futures
    app, port = site
    clients = [Client(port, source="127.0.0.9") for _ in range(16)]
    tokens = [client.token() for client in clients]

    def attempt(number: int) -> int:
        return clients[number].post_form("/signin", {
            "email": "ada@example.org", "password": f"guess {number}",
            "csrf_token": tokens[number]})[0].status

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(attempt, range(16)))
    assert codes.count(401) == app.config["SIGNIN_FAILURES"], codes  # passwords checked
    assert codes.count(429) == 16 - app.config["SIGNIN_FAILURES"]
    assert Client(port, source="127.0.0.10").sign_in("ada@example.org")[0].status == 302


def test_an_upload_of_too_many_parts_says_so_not_that_it_is_too_large(site):
    app, port = site
    parts = [("optimization/0-norm_constants.py", TASK0)]
    parts += [(f"optimization/.git/{number}", b"") for number in range(1200)]
    response, text = _signed_in(port).upload(parts)
    assert response.status == 413
    assert f"more than {app.config['MAX_FORM_PARTS']} files" in text and "larger than" not in text
    with app.app_context():
        assert db.session().query(Submission).count() == 0


def test_a_huge_sign_in_form_is_not_called_an_upload(site):
    _, port = site
    response, text = Client(port).request("POST", "/signin", b"email=" + b"a" * (7 << 20),
                                          {"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 413 and "upload" not in text


def test_absurd_numbers_in_the_review_forms_are_refused_with_a_reason(site):
    _, port = site
    teacher = _signed_in(port, "ian@example.org")
    for path, fields in (("/review/settings", {"counted": "latest", "grace_days": ABSURD}),
                         ("/review/settings", {"counted": "latest", "submissions_per_window": ABSURD}),
                         ("/review/extensions", {"student": ABSURD, "extension_days": "1"})):
        response, _ = teacher.post_form(path, {"csrf_token": teacher.token(path), **fields})
        assert response.status == 302, f"{fields}: refused and sent back, not a 500"
        _, page = teacher.get(path)
        assert "Nothing was changed" in page and "is too large" in page, fields


def test_a_cookie_made_before_session_generations_is_refused(site):
    """A cookie signed with the key, holding the user but no generation (as every cookie made
    before migration 0003 does): the user signs in again."""
    app, port = site
    serializer = app.session_interface.get_signing_serializer(app)
    old = serializer.dumps({"user_id": 1})
    response, _ = Client(port, {"session": old}).get("/")
    assert response.status == 302 and "/signin" in _location(response)


@pytest.mark.postgres
def test_absurd_numbers_never_reach_postgresql(tmp_path, postgres):
    """PostgreSQL's integer is 32 bits: 2147483648 was a DataError there (a 500)."""
    from tests.web.conftest import sign_in
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "s" * 32,
                      "SANDBOX": "none", "DATABASE_URL": postgres.new_database()})
    with app.app_context():
        accounts.add_user(db.session(), "ian@example.org", "instructor", password=PASSWORD)
        db.session().commit()
    client = app.test_client()
    assert sign_in(client, "ian@example.org").status_code == 302
    for path in ("/submissions/2147483648.json", "/review/submissions/2147483648",
                 "/api/v1/submissions/2147483648", f"/submissions/{ABSURD}"):
        response = client.get(path)
        assert response.status_code == 404 and b"go up to 2147483647" in response.data, path
    assert client.get("/submissions/2147483647.json").status_code == 404
    assert client.get("/api/v1/submissions/2147483647").get_json() == {
        "error": "there is no submission 2147483647"}


@pytest.mark.browser
def test_the_policy_blocks_nothing_the_pages_use_in_a_real_browser(site):
    """Chromium reports every Content-Security-Policy violation on the console: the pages'
    script (results polled task by task), styles and the class view's bars must raise none."""
    import shutil
    from datetime import datetime

    from playwright.sync_api import sync_playwright

    from tests.web.test_review import add_submission
    app, port = site
    with app.app_context():
        add_submission(db.session(), 1, datetime(2026, 1, 1), {0: 4.0, 1: 2.0})
        db.session().add(Submission(user_id=1, status="running"))
        db.session().commit()
    messages = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=["--no-sandbox"])
        code = "/files/0-norm_constants.py"  # the code views, with their comment forms for staff
        for email, paths in (("ada@example.org", ["/", "/submissions/1", "/submissions/2",
                                                  "/submissions/1" + code]),
                             ("ian@example.org", ["/review/", "/review/submissions/1", "/review/regrade",
                                                 "/review/task15/1", "/review/settings",
                                                 "/review/submissions/2",  # running: it polls
                                                 "/review/submissions/1" + code + "?line=1",
                                                 "/accounts/", "/accounts/1", "/accounts/password"])):
            page = chromium.new_page()
            page.on("console", lambda message: messages.append(message.text))
            sign_in_page(page, f"http://127.0.0.1:{port}", email, PASSWORD, then=None)
            for path in paths:
                page.goto(f"http://127.0.0.1:{port}{path}")
                page.wait_for_timeout(1500)  # the results page polls its JSON meanwhile
            if email.startswith("ian"):
                assert page.goto(f"http://127.0.0.1:{port}/review/").ok
                assert page.locator("span.bar").count() > 0  # drawn with style attributes
        chromium.close()
    assert not [text for text in messages if "Content Security Policy" in text], messages
