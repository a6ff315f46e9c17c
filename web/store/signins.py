"""Failed sign-ins: counted per (e-mail address, client), per address and per client, and how long
a client must wait before it may try again.

The tight budget is per address *and* client, so one client guessing (or trying to lock a
student out) makes only itself wait; the budget per address over every client is ten times
larger (only many clients together reach it), and the one per client over every address
stops a single client spraying addresses.  Failures live in the database, so every web
process and every machine shares them, and they are pruned as they leave the window.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from web.store.models import SignInFailure, utcnow


def _wait(session: Session, where, allowed: int, window: timedelta, now: datetime) -> float:
    """Seconds until fewer than `allowed` failures matching `where` are in the window."""
    if allowed <= 0:
        return 0.0
    times = session.scalars(select(SignInFailure.at).where(where, SignInFailure.at > now - window)
                            .order_by(SignInFailure.at.desc()).limit(allowed)).all()
    if len(times) < allowed:
        return 0.0
    return max((times[-1] + window - now).total_seconds(), 0.0)


def wait_seconds(session: Session, email: str, address: str, config) -> int:
    """How long this client must wait before it may try this address again (0: it may now)."""
    window, now = timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"]), utcnow()
    budgets = [((SignInFailure.email == email) & (SignInFailure.address == address),
                config["SIGNIN_FAILURES"]),
               (SignInFailure.email == email, config["SIGNIN_ACCOUNT_FAILURES"]),
               (SignInFailure.address == address, config["SIGNIN_CLIENT_FAILURES"])]
    longest = max(_wait(session, where, allowed, window, now) for where, allowed in budgets)
    return int(-(-longest // 1))


def record_failure(session: Session, email: str, address: str, config) -> None:
    """Count a failed sign-in (not committed), and forget those that left the window."""
    since = utcnow() - timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"])
    session.execute(delete(SignInFailure).where(SignInFailure.at <= since))
    session.add(SignInFailure(email=email, address=address))


def forget(session: Session, email: str, address: str) -> None:
    """A sign-in succeeded from this client: its earlier slips for the address no longer count
    (other clients' failures still do, so a guesser is not given a fresh budget by the owner)."""
    session.execute(delete(SignInFailure).where(SignInFailure.email == email,
                                                SignInFailure.address == address))
