"""Reading what the development mailer wrote, in tests (tasks run in the background)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mercato.adapters.mail import Mailbox, StoredMail

__all__ = ["Outbox", "link_in"]

_LINK = re.compile(r"https?://\S+")


def link_in(mail: StoredMail) -> str:
    """The (first) absolute link of a message."""
    found = _LINK.search(mail.body)
    if found is None:
        raise AssertionError(f"no link in the message {mail.subject!r}")
    return found.group(0)


@dataclass
class Outbox:
    """A browser on an app whose mailer writes to ``folder``."""

    client: Any
    folder: Path

    def mail_to(self, address: str, count: int = 1, wait: float = 20.0) -> StoredMail:
        """The newest message to ``address`` once ``count`` of them arrived.

        The in-process queue sends in the background: this waits for the file (a bound on
        waiting, not a timing assertion).
        """
        deadline = time.monotonic() + wait
        while True:
            mine = [m for m in Mailbox(self.folder).messages(1000) if m.to == address]
            if len(mine) >= count:
                return mine[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} message(s) to {address} never arrived")
            time.sleep(0.02)

    def link_to(self, address: str, count: int = 1) -> str:
        """The link of the newest message to ``address``."""
        return link_in(self.mail_to(address, count))

    def all(self) -> list[StoredMail]:
        """Every message, newest first."""
        return Mailbox(self.folder).messages(1000)
