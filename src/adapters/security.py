"""Password hashing with argon2id (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = ["Argon2PasswordHasher"]


class Argon2PasswordHasher:
    """argon2id with argon2-cffi's recommended parameters (RFC 9106 low-memory profile)."""

    def __init__(self, time_cost: int | None = None, memory_cost: int | None = None) -> None:
        default = _Argon2()
        self._argon2 = _Argon2(
            time_cost=default.time_cost if time_cost is None else time_cost,
            memory_cost=default.memory_cost if memory_cost is None else memory_cost,
        )

    def hash(self, password: str) -> str:
        """An ``$argon2id$...`` hash with its salt and parameters."""
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """True when the password matches; False for a mismatch or a malformed hash."""
        try:
            return bool(self._argon2.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash's parameters are weaker than the current ones."""
        try:
            return bool(self._argon2.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True
