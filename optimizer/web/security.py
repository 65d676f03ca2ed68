"""Passwords, sessions and CSRF tokens.

A password is kept only as a salted scrypt hash and checked in constant time. Every browser
gets a random session id in an HttpOnly, SameSite=Strict cookie; a form's CSRF token is an
HMAC of that id under a key made at server start, so a page of another site can neither
read nor forge it. With a password, a session is signed in after the password was given.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost': only this machine can connect."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$<salt>$<hash>' (hex)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Whether `password` matches a `hash_password` string, compared in constant time."""
    _, salt, digest = stored.split("$")
    again = hash_password(password, bytes.fromhex(salt)).rsplit("$", 1)[1]
    return hmac.compare_digest(again, digest)


class Sessions:
    """Session ids, their CSRF tokens, and which sessions have signed in."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self._signed_in: set[str] = set()

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def well_formed(session_id: str | None) -> bool:
        return session_id is not None and len(session_id) == 43 and session_id.isascii()

    def csrf_token(self, session_id: str) -> str:
        return hmac.new(self._key, session_id.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session_id: str, token: object) -> bool:
        return isinstance(token, str) and hmac.compare_digest(self.csrf_token(session_id), token)

    def _key_of(self, session_id: str) -> str:
        # stored hashed: the set never holds a cookie value an attacker could read back
        return hashlib.sha256(session_id.encode()).hexdigest()

    def sign_in(self, session_id: str) -> None:
        self._signed_in.add(self._key_of(session_id))

    def signed_in(self, session_id: str) -> bool:
        return self._key_of(session_id) in self._signed_in
