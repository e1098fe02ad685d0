"""Sending e-mail, as a port: the domain composes messages, an adapter delivers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = ["FakeMailer", "MailMessage", "Mailer"]


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One plain-text e-mail to one address."""

    to: str
    subject: str
    body: str = field(repr=False)  # may hold a secret link: never in a repr or a log


@runtime_checkable
class Mailer(Protocol):
    """Delivers e-mail (a local mailbox folder in development, SMTP in production)."""

    async def send(self, message: MailMessage) -> None:
        """Deliver ``message`` or raise; never writes the body to a log."""
        ...


@dataclass
class FakeMailer:
    """Keeps what was sent, in order; for tests."""

    sent: list[MailMessage] = field(default_factory=list)

    async def send(self, message: MailMessage) -> None:
        """Remember the message."""
        self.sent.append(message)

    def to(self, address: str) -> list[MailMessage]:
        """The messages sent to ``address``."""
        return [m for m in self.sent if m.to == address]
