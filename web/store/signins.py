"""Failed sign-ins: counted per (e-mail address, client), per address and per client, and how long
a client must wait before it may try again.

The tight budget is per address *and* client, so one client guessing (or trying to lock a
student out) makes only itself wait; the budget per address over every client is ten times
larger (only many clients together reach it), and the one per client over every address
stops a single client spraying addresses.  Failures live in the database, so every web
process and every machine shares them, and they are pruned as they leave the window.  Each
attempt is written before its password is checked, so a burst of attempts sent at once is
held to the budget too.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from web.store.models import SignInFailure, utcnow


def _wait(session: Session, where, allowed: int, window: timedelta, now: datetime) -> float:
    """Seconds until fewer than `allowed` failures matching `where`, besides this attempt's own
    (the newest row), are in the window."""
    if allowed <= 0:
        return 0.0
    times = session.scalars(select(SignInFailure.at).where(where, SignInFailure.at > now - window)
                            .order_by(SignInFailure.at.desc()).limit(allowed + 1)).all()
    if len(times) <= allowed:
        return 0.0
    return max((times[-1] + window - now).total_seconds(), 1.0)


def begin(session: Session, email: str, address: str, config) -> tuple[SignInFailure, int]:
    """Count this attempt as a failure before the password is checked, committed at once, then
    how long the client must wait (0: go on).  Recorded first, so attempts sent together see
    each other: a burst cannot have more passwords checked than the budget allows."""
    window, now = timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"]), utcnow()
    session.execute(delete(SignInFailure).where(SignInFailure.at <= now - window))
    attempt = SignInFailure(email=email, address=address, at=now)
    session.add(attempt)
    session.commit()
    budgets = [((SignInFailure.email == email) & (SignInFailure.address == address),
                config["SIGNIN_FAILURES"]),
               (SignInFailure.email == email, config["SIGNIN_ACCOUNT_FAILURES"]),
               (SignInFailure.address == address, config["SIGNIN_CLIENT_FAILURES"])]
    longest = max(_wait(session, where, allowed, window, now) for where, allowed in budgets)
    return attempt, int(-(-longest // 1))


def withdraw(session: Session, attempt: SignInFailure) -> None:
    """The attempt was refused without checking the password: it does not count (committed)."""
    session.delete(attempt)
    session.commit()


def succeeded(session: Session, email: str, address: str) -> None:
    """A sign-in succeeded from this client (not committed): its slips for the address, this
    attempt's included, no longer count; other clients' still do, so a guesser is not given a
    fresh budget by the owner signing in."""
    session.execute(delete(SignInFailure).where(SignInFailure.email == email,
                                                SignInFailure.address == address))
