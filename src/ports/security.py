"""Password hashing, as a port: the domain never sees the algorithm."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["FakePasswordHasher", "PasswordHasher"]


@runtime_checkable
class PasswordHasher(Protocol):
    """Hashes and verifies passwords (argon2id in production)."""

    def hash(self, password: str) -> str:
        """A self-describing hash of ``password`` (salt and parameters included)."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; False (never an exception) otherwise."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than the current ones."""
        ...


class FakePasswordHasher:
    """Fast and obviously insecure; for unit tests only."""

    def hash(self, password: str) -> str:
        """``fake$`` + the password reversed."""
        return "fake$" + password[::-1]

    def verify(self, password_hash: str, password: str) -> bool:
        """Compare with :meth:`hash`."""
        return password_hash == self.hash(password)

    def needs_rehash(self, password_hash: str) -> bool:
        """Never."""
        return False
