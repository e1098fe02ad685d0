"""Keeping secrets of URLs out of the access log.

A reset link (``/auth/password/reset?token=...``) and an invitation link
(``/auth/invitations/<token>``) carry single-use secrets in the URL; the server's access log
writes every request line. :class:`RedactSecrets` blanks them before a record is written.
"""

from __future__ import annotations

import logging
import re

__all__ = ["ACCESS_LOGGERS", "RedactSecrets", "install_redaction", "redact"]

ACCESS_LOGGERS = ("uvicorn.access",)
_SECRETS = (
    re.compile(r"(?P<keep>[?&]token=)[^&#\s\"]+"),
    re.compile(r"(?P<keep>/auth/invitations/)[^/?#\s\"]+"),
)
HIDDEN = "[redacted]"


def redact(text: str) -> str:
    """``text`` with the secrets of reset and invitation URLs replaced by ``[redacted]``."""
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: m.group("keep") + HIDDEN, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and string arguments through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, redacted."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install_redaction(names: tuple[str, ...] = ACCESS_LOGGERS) -> None:
    """Add :class:`RedactSecrets` to the named loggers (once)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
