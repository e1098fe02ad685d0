"""Announcement entities and the rules a new announcement must keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["MAX_BODY", "MAX_TITLE", "Announcement", "AnnouncementInvalid", "check_new"]

MAX_TITLE = 200
MAX_BODY = 5000


class AnnouncementInvalid(ValueError):
    """An announcement that breaks a rule; the message says which, in words."""


@dataclass(frozen=True, slots=True)
class Announcement:
    """A message from the platform's operators, shown until it expires (if ever)."""

    id: int
    platform_id: int
    title: str
    body: str
    created_at: datetime
    expires_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        """True until ``expires_at`` (excluded); an announcement without one never expires."""
        return self.expires_at is None or now < self.expires_at


def check_new(title: str, body: str, expires_at: datetime | None, now: datetime) -> tuple[str, str]:
    """The stripped title and body; :class:`AnnouncementInvalid` when a rule is broken.

    Rules: a title of 1 to ``MAX_TITLE`` characters, a body of at most ``MAX_BODY``, and an
    expiry, if given, that has a time zone and lies in the future.
    """
    clean_title, clean_body = title.strip(), body.strip()
    if not clean_title:
        raise AnnouncementInvalid("an announcement needs a title")
    if len(clean_title) > MAX_TITLE:
        raise AnnouncementInvalid(f"the title is longer than {MAX_TITLE} characters")
    if len(clean_body) > MAX_BODY:
        raise AnnouncementInvalid(f"the body is longer than {MAX_BODY} characters")
    if expires_at is not None:
        if expires_at.tzinfo is None:
            raise AnnouncementInvalid(
                "expires_at needs a time zone, for example 2030-01-31T18:00:00Z"
            )
        if expires_at <= now:
            raise AnnouncementInvalid("expires_at must be in the future")
    return clean_title, clean_body
