"""One-time password reset links: signed and expiring (itsdangerous), dead once used."""
from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from web.store import accounts
from web.store.models import User

SALT = "password-reset"  # a reset link's signature is good for nothing else
MAX_AGE = 3 * 24 * 3600  # how long a reset link works (the app's RESET_LINK_SECONDS overrides)


def _fingerprint(secret_key: str, user: User) -> str:
    """Changes with the password hash, so a reset link stops working once it has been used
    (or the password was changed any other way): no stored token to forget to delete.  Keyed,
    so the token (readable, only signed) tells nothing about the hash."""
    return hmac.new(secret_key.encode(), user.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def make(secret_key: str, user: User) -> str:
    """A signed, timestamped token for a reset link for this user (itsdangerous, as Flask's
    session cookie is signed)."""
    signer = URLSafeTimedSerializer(secret_key, salt=SALT)
    return signer.dumps({"user": user.id, "password": _fingerprint(secret_key, user)})


def user_of(session: Session, secret_key: str, token: str, max_age: int) -> User:
    """The user a reset token is for; AccountError if it is forged, expired, used already, or
    the account is deactivated."""
    signer = URLSafeTimedSerializer(secret_key, salt=SALT)
    try:
        data = signer.loads(token[:1000], max_age=max_age)
    except SignatureExpired:
        raise accounts.AccountError("this reset link has expired: ask your instructor for a "
                                    "new one") from None
    except BadSignature:
        raise accounts.AccountError("this is not a valid reset link") from None
    number = data.get("user") if isinstance(data, dict) else None
    user = session.get(User, number) if type(number) is int else None
    if (user is None or not user.active
            or not hmac.compare_digest(str(data.get("password")), _fingerprint(secret_key, user))):
        raise accounts.AccountError("this reset link was used already, or is no longer valid: "
                                    "ask your instructor for a new one")
    return user
