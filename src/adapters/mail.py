"""The development mailer: every message is a file in a local mailbox folder, never a log line.

``MERCATO_MAILBOX_DIR`` (``var/mailbox``) holds one ``.eml`` file per message, readable by
any mail client and listed for super admins on the development mailbox page. The files
hold live links (password resets, invitations): they are written owner-only (``0600``).
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from mercato.ports.mail import MailMessage

__all__ = ["Mailbox", "MailboxMailer", "StoredMail"]

SENDER = "Mercato <no-reply@mercato.invalid>"

_LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True, slots=True)
class StoredMail:
    """A message of the mailbox, as read back."""

    name: str
    to: str
    subject: str
    sent_at: datetime
    body: str

    @property
    def links(self) -> list[str]:
        """The web addresses in the body (an invitation's or a reset's link), in order."""
        return _LINK.findall(self.body)


class MailboxMailer:
    """Implements :class:`ports.mail.Mailer` by writing ``<folder>/<time>-<random>.eml``."""

    def __init__(self, folder: str | Path) -> None:
        self._folder = Path(folder)

    async def send(self, message: MailMessage) -> None:
        """Write the message as one file (atomically: a reader never sees half of it)."""
        await asyncio.to_thread(self._write, message, datetime.now(UTC))

    def _write(self, message: MailMessage, at: datetime) -> None:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = SENDER, message.to, message.subject
        mail["Date"] = format_datetime(at)
        mail.set_content(message.body, cte="8bit")  # links stay readable in the raw file
        name = f"{at:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
        partial = self._folder / f".{name}.part"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(mail.as_bytes())
        partial.replace(self._folder / name)


class Mailbox:
    """Reads the mailbox folder back, newest first (the development mailbox page)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def messages(self, limit: int = 100) -> list[StoredMail]:
        """The newest ``limit`` messages; none when the folder does not exist yet."""
        if not self.folder.is_dir():
            return []
        files = sorted(self.folder.glob("*.eml"), reverse=True)[:limit]
        return [self._read(f) for f in files]

    def _read(self, path: Path) -> StoredMail:
        mail = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(mail, EmailMessage)
        body = mail.get_body(("plain",))
        return StoredMail(
            path.name,
            str(mail["To"]),
            str(mail["Subject"]),
            parsedate_to_datetime(str(mail["Date"])),
            "" if body is None else str(body.get_content()),
        )
