"""The development mailer: one owner-only ``.eml`` file per message, read back newest first."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mercato.adapters.mail import Mailbox, MailboxMailer
from mercato.ports.mail import FakeMailer, Mailer, MailMessage

pytestmark = pytest.mark.integration


async def test_each_message_is_a_private_file_read_back_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "var" / "mailbox"
    mailer = MailboxMailer(folder)
    await mailer.send(MailMessage("ada@example.com", "First", "Hello Ada"))
    await mailer.send(
        MailMessage("zoë@example.com", "Zweite Nachricht", "Grüße: https://x.test/a?token=t")
    )

    files = sorted(folder.glob("*.eml"))
    messages = Mailbox(folder).messages()

    assert len(files) == 2 and not list(folder.glob(".*"))  # no partial file left behind
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert [(m.to, m.subject) for m in messages] == [
        ("zoë@example.com", "Zweite Nachricht"),
        ("ada@example.com", "First"),
    ]
    assert messages[0].body.strip() == "Grüße: https://x.test/a?token=t"
    assert messages[0].sent_at >= messages[1].sent_at
    assert "https://x.test/a?token=t" in files[-1].read_text()  # a raw file reads as written


def test_a_mailbox_that_was_never_written_is_empty(tmp_path: Path) -> None:
    assert Mailbox(tmp_path / "nothing-yet").messages() == []


def test_the_mailbox_mailer_and_its_fake_are_mailers(tmp_path: Path) -> None:
    assert isinstance(MailboxMailer(tmp_path), Mailer)
    assert isinstance(FakeMailer(), Mailer)


def test_a_message_body_never_shows_in_its_repr() -> None:
    assert "secret-token" not in repr(MailMessage("a@example.com", "Reset", "secret-token"))
