"""Accounts: password hashes (argon2), adding users one by one or from a CSV roster, changing a
password, renaming and deactivating an account."""
from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.store.models import ROLES, User

_HASHER = PasswordHasher()  # argon2id with the library's recommended costs
_EMAIL = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+$")
# verified against when the address is unknown, so a wrong address costs as long as a wrong password
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))
MIN_PASSWORD = 10


class AccountError(ValueError):
    """An account cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class NewAccount:
    email: str
    password: str  # generated ones are shown once, to hand to the student
    created: bool  # False: the address had an account already (left unchanged)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """Whether password is the user's, and the account active; takes as long for an unknown user
    (None) or a deactivated one."""
    try:
        right = _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return right and user is not None and user.active


def end_sessions(user: User) -> None:
    """End every session of the user made so far (not committed): each cookie holds the
    generation it was made in, and web/auth.py refuses one that is no longer the user's."""
    user.session_generation = (user.session_generation or 0) + 1


def set_password(user: User, password: str) -> None:
    """A new password (not committed); whoever was signed in with the old one is signed out."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    user.password_hash = hash_password(password)
    end_sessions(user)


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change (not committed): the current password first; every other session
    of theirs ends (the caller keeps this one by storing the new generation in its cookie)."""
    if not verify_password(user, current):
        raise AccountError("the current password is not right")
    set_password(user, new)


def rename(user: User, name: str) -> None:
    user.name = name.strip()[:200]


def set_active(user: User, active: bool) -> None:
    """Deactivate (every session ends, signing in is refused; submissions are kept) or
    reactivate an account (not committed)."""
    user.active = active
    if not active:
        end_sessions(user)


def normal_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise AccountError(f"{email!r} is not an e-mail address")
    return email


def find(session: Session, email: str) -> User | None:
    try:
        return session.scalar(select(User).where(User.email == normal_email(email)))
    except AccountError:
        return None


def add_user(session: Session, email: str, role: str = "student", name: str = "",
             password: str | None = None) -> NewAccount:
    """Add an account (not committed); a random password when none is given."""
    email = normal_email(email)
    if role not in ROLES:
        raise AccountError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    if find(session, email) is not None:
        return NewAccount(email, "", created=False)
    password = password or secrets.token_urlsafe(12)
    session.add(User(email=email, name=name.strip()[:200], role=role,
                     password_hash=hash_password(password)))
    session.flush()
    return NewAccount(email, password, created=True)


def import_roster(session: Session, text: str) -> list[NewAccount]:
    """Students from a CSV roster with an `email` column (and optionally `name`); every row is
    checked before any account is added, so a bad roster adds nobody."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = [(field or "").strip().lower() for field in reader.fieldnames or []]
    if "email" not in fields:
        raise AccountError("the roster needs a header line with an 'email' column "
                           "(and optionally 'name')")
    rows = []
    for line, row in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()
               if isinstance(value, str)}
        if not any(row.values()):
            continue
        try:
            rows.append((normal_email(row.get("email", "")), row.get("name", "")))
        except AccountError as exc:
            raise AccountError(f"roster line {line}: {exc}") from None
    return [add_user(session, email, "student", name) for email, name in dict(rows).items()]
