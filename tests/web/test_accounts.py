"""Accounts: argon2 hashes, adding users, CSV rosters (all or nothing)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from web.store import accounts, db
from web.store.models import User


def test_passwords_are_stored_as_argon2_hashes_and_verified(app):
    with app.app_context():
        made = accounts.add_user(db.session(), " Ada@Example.org ", password="a long password")
        db.session().commit()
        user = accounts.find(db.session(), "ADA@example.org")
        assert made.created and user.email == "ada@example.org" and user.role == "student"
        assert user.password_hash.startswith("$argon2id$") and "a long password" not in user.password_hash
        assert accounts.verify_password(user, "a long password")
        assert not accounts.verify_password(user, "a long passwore")
        assert not accounts.verify_password(None, "a long password")


def test_a_generated_password_is_returned_once_and_an_existing_account_kept(app):
    with app.app_context():
        first = accounts.add_user(db.session(), "bob@example.org", "instructor")
        again = accounts.add_user(db.session(), "bob@example.org", "student", password="x" * 12)
        user = accounts.find(db.session(), "bob@example.org")
        assert len(first.password) >= 12 and accounts.verify_password(user, first.password)
        assert not again.created and user.role == "instructor"


@pytest.mark.parametrize("email, role, password, says", [
    ("not-an-address", "student", None, "not an e-mail"),
    ("a@b.org", "admin", None, "role"),
    ("a@b.org", "student", "short", "at least"),
])
def test_bad_accounts_are_refused(app, email, role, password, says):
    with app.app_context(), pytest.raises(accounts.AccountError, match=says):
        accounts.add_user(db.session(), email, role, password=password)


def test_a_roster_adds_each_student_once(app):
    roster = "\ufeffEmail,Name\nada@example.org,Ada L\n\nBOB@example.org, Bob\nada@example.org,Ada\n"
    with app.app_context():
        made = accounts.import_roster(db.session(), roster)
        db.session().commit()
        assert [(m.email, m.created) for m in made] == [("ada@example.org", True),
                                                         ("bob@example.org", True)]
        assert accounts.find(db.session(), "bob@example.org").name == "Bob"
        again = accounts.import_roster(db.session(), "email\nada@example.org\ncy@example.org\n")
        assert [(m.email, m.created) for m in again] == [("ada@example.org", False),
                                                          ("cy@example.org", True)]


def test_a_roster_with_a_bad_line_adds_nobody(app):
    with app.app_context():
        with pytest.raises(accounts.AccountError, match="line 3"):
            accounts.import_roster(db.session(), "email\nada@example.org\nnobody\n")
        with pytest.raises(accounts.AccountError, match="'email' column"):
            accounts.import_roster(db.session(), "mail,name\nada@example.org,Ada\n")
        assert db.session().scalar(select(func.count()).select_from(User)) == 0
