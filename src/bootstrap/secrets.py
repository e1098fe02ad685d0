"""The secret that signs CSRF tokens: from the environment, or generated once for development."""

from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path

from mercato.bootstrap.settings import Settings

__all__ = ["secret_key"]

_log = logging.getLogger("mercato.settings")


def secret_key(settings: Settings) -> str:
    """``MERCATO_SECRET_KEY``, else the key in ``MERCATO_SECRET_KEY_FILE`` (created once, 0600).

    Every web process of an installation must share the key: set it in production.
    """
    if settings.secret_key:
        if len(settings.secret_key) < 32:
            raise ValueError("MERCATO_SECRET_KEY must be at least 32 characters")
        return settings.secret_key
    path = Path(settings.secret_key_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
            _log.warning("generated a development secret key in %s; set MERCATO_SECRET_KEY", path)
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)  # the creating process has not written it yet
    raise ValueError(f"{path} is empty: delete it or set MERCATO_SECRET_KEY")
