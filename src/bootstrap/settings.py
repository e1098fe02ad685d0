"""Typed settings read from ``MERCATO_*`` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import msgspec

__all__ = ["Settings"]

_PREFIX = "MERCATO_"


def _check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("public_url must be an http:// or https:// address with a host")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise ValueError("public_url is scheme://host[:port] only (no path, query or user)")


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything Mercato reads from its environment.

    The defaults are the embedded ones: a SQLite file under ``var/`` and in-process tasks.
    Setting ``MERCATO_DATABASE_URL`` to a PostgreSQL URL and ``MERCATO_REDIS_URL`` switches to
    the production adapters.
    """

    database_url: str = "sqlite:///var/mercato.db"
    redis_url: str | None = None
    queue_name: str = "mercato:tasks"
    scheduler_tick_seconds: int = 60
    """How often the scheduler ticks; 60, or a divisor of 60 for tests and demonstrations
    (each tick of a minute its cron matches is then a run of its own)."""
    worker_max_task_seconds: int | None = None
    """On arq workers, caps every task's timeout; arq re-runs the job of a worker that died
    once its in-progress mark expires, this + 10 s after the job started (by default the
    longest task timeout + 10 s)."""
    default_platform: str | None = None
    provider_timeout: float = 2.0
    provider_connections: int = 1
    """How many dashboard and context providers of one request run at once. 0 or 1: one
    after the other on the request's own connection; N: up to N at once, each on a pooled
    connection of its own (ADR 0016)."""
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    development: bool = False
    """Development mode (also on with ``debug``): pages say where e-mails went, and super
    admins can read the local mailbox at ``/admin/mailbox``."""
    public_url: str | None = None
    """The installation's address (``https://market.example``): the scheme and port of every
    absolute link, and the host of a platform without domains. Unset: ``http`` (``https``
    with secure cookies) on ``host:port``."""
    mailbox_dir: str = "var/mailbox"
    discover_entry_points: bool = True
    secret_key: str | None = None
    secret_key_file: str = "var/secret.key"
    secure_cookies: bool = False
    session_days: int = 14
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    event_retention_days: int = 14
    """Days a delivered event stays in the outbox before the core's daily purge deletes it
    (failed deliveries and their events are never purged)."""
    event_handler_timeout: float = 30.0
    """Seconds an event handler may run before it is cut off (a failed attempt, retried)."""
    event_max_attempts: int = 8
    """Attempts of an event handler before its delivery is failed."""

    def __post_init__(self) -> None:
        if not 1 <= self.scheduler_tick_seconds <= 60 or 60 % self.scheduler_tick_seconds:
            raise ValueError(
                "scheduler_tick_seconds must divide 60 (1, 2, 3, 4, 5, 6, 10, ..., 60)"
            )
        if self.provider_connections < 0:
            raise ValueError("provider_connections must be 0 or more")
        if self.worker_max_task_seconds is not None and self.worker_max_task_seconds < 1:
            raise ValueError("worker_max_task_seconds must be at least 1")
        if self.public_url is not None:
            _check_public_url(self.public_url)
        if self.event_retention_days < 1:
            raise ValueError("event_retention_days must be at least 1")
        if not 0 < self.event_handler_timeout <= 3600:
            raise ValueError("event_handler_timeout must be more than 0 and at most 3600 seconds")
        if self.event_max_attempts < 1:
            raise ValueError("event_max_attempts must be at least 1")

    @property
    def development_mode(self) -> bool:
        """True with ``MERCATO_DEVELOPMENT`` or ``MERCATO_DEBUG``."""
        return self.development or self.debug

    @property
    def base_url(self) -> str:
        """``public_url``, else ``http(s)://host:port`` (never a request's ``Host``)."""
        if self.public_url:
            return self.public_url.rstrip("/")
        scheme = "https" if self.secure_cookies else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def public_host(self) -> str | None:
        """The host of :attr:`base_url`: the installation's own address."""
        return urlsplit(self.base_url).hostname

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``environ`` (default ``os.environ``); ``overrides`` win.

        Raises ``ValueError`` naming the variable when a value has the wrong type.
        """
        env = os.environ if environ is None else environ
        raw: dict[str, object] = {}
        for field in cls.__struct_fields__:
            value = env.get(_PREFIX + field.upper())
            if value is not None and value != "":
                raw[field] = value
        raw.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise ValueError(f"invalid MERCATO_* setting: {exc}") from exc
