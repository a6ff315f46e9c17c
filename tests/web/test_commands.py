"""The service's grader subcommands: db upgrade, user add, user password, user import."""
from __future__ import annotations

import io

import pytest

from grader import cli
from tests.web.conftest import sign_in
from web import create_app


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_INSTANCE", str(tmp_path / "inst"))
    return tmp_path / "inst"


def test_the_first_instructor_then_signs_in(instance, capsys):
    assert cli.main(["user", "add", "--instructor", "prof@example.org", "--name", "Prof"]) == 0
    email, password = capsys.readouterr().out.strip().split(",")
    assert email == "prof@example.org" and len(password) >= 12
    app = create_app()
    client = app.test_client()
    assert sign_in(client, email, password).status_code == 302
    assert "(instructor)" in client.get("/").get_data(as_text=True)


def test_a_chosen_password_from_stdin_is_not_echoed(instance, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a chosen password\n"))
    assert cli.main(["user", "add", "ada@example.org", "--password-stdin"]) == 0
    assert capsys.readouterr().out.strip() == "ada@example.org"
    assert sign_in(create_app().test_client(), "ada@example.org", "a chosen password").status_code == 302


def test_roster_import_prints_new_accounts_and_refuses_a_bad_roster(instance, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("email,name\nada@example.org,Ada\nbob@example.org,Bob\n")
    assert cli.main(["user", "import", str(roster)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(",")[0] for line in lines] == ["ada@example.org", "bob@example.org"]
    assert cli.main(["user", "import", str(roster)]) == 0
    assert "has an account already" in capsys.readouterr().err
    roster.write_text("email\nnot an address\n")
    assert cli.main(["user", "import", str(roster)]) == 2
    assert "roster line 2" in capsys.readouterr().err


def test_db_upgrade_reports_the_migration(instance, capsys, monkeypatch):
    monkeypatch.setenv("GRADER_AUTO_MIGRATE", "0")
    assert cli.main(["db", "upgrade"]) == 0
    from alembic.script import ScriptDirectory

    from web.store import db
    head = ScriptDirectory(str(db.MIGRATIONS)).get_current_head()  # the newest, whichever it is
    assert head != "0001" and f"the database is at migration {head}\n" == capsys.readouterr().out


def test_a_new_password_signs_the_account_out_everywhere(instance, capsys):
    assert cli.main(["user", "add", "ada@example.org"]) == 0
    _, old = capsys.readouterr().out.strip().split(",")
    app = create_app()
    before = app.test_client()
    assert sign_in(before, "ada@example.org", old).status_code == 302
    assert before.get("/").status_code == 200
    assert cli.main(["user", "password", "ada@example.org"]) == 0
    email, new = capsys.readouterr().out.strip().split(",")
    assert email == "ada@example.org" and new != old
    assert before.get("/").status_code == 302  # the session from before is over
    assert sign_in(app.test_client(), email, old).status_code == 401
    assert sign_in(app.test_client(), email, new).status_code == 302
    assert cli.main(["user", "password", "nobody@example.org"]) == 2


def test_demo_remove_takes_the_demo_accounts_out_and_keeps_the_others(instance, capsys):
    from web.instructors import demo
    from web.store import accounts, db
    for email in (demo.INSTRUCTOR, demo._email(demo._name(0)), "real@example.com"):
        assert cli.main(["user", "add", email]) == 0
    assert cli.main(["demo", "remove"]) == 0
    assert "2 accounts removed" in capsys.readouterr().err
    with create_app().app_context():
        left = [accounts.find(db.session(), email) is not None
                for email in (demo.INSTRUCTOR, demo._email(demo._name(0)), "real@example.com")]
    assert left == [False, False, True]
