"""Sessions, CSRF and the request-tenancy resolver of the web app."""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig
from litestar.stores.base import Store
from litestar.stores.redis import RedisStore

from mercato.adapters.web.sessions import DatabaseSessionStore, LazySessionConfig
from mercato.adapters.web.tenancy import TenancyResolver
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.secrets import secret_key

__all__ = ["SESSION_STORE", "csrf_config", "session_config", "session_store", "tenancy_resolver"]

SESSION_STORE = "sessions"
CSRF_EXEMPT = ["/api/", "/health", "/schema", "/static"]


def session_store(container: ApplicationContainer) -> Store:
    """Redis when configured (shared by every web process), else the database."""
    redis = container.redis()
    if redis is not None:
        return RedisStore(redis, namespace="mercato:sessions")
    store = container.expiring_sessions()
    assert isinstance(store, DatabaseSessionStore)
    return store


def session_config(container: ApplicationContainer) -> LazySessionConfig:
    """HttpOnly, SameSite=Lax cookies; Secure when ``MERCATO_SECURE_COOKIES`` is on."""
    s = container.settings()
    return LazySessionConfig(
        key="mercato_session",
        max_age=s.session_days * 24 * 3600,
        secure=s.secure_cookies,
        httponly=True,
        samesite="lax",
        store=SESSION_STORE,
        exclude=["/api/", "/health", "/static", "/schema"],
    )


def csrf_config(container: ApplicationContainer) -> CSRFConfig:
    """A CSRF token on every form; the JSON API is exempt because it takes bearer tokens only."""
    s = container.settings()
    return CSRFConfig(
        secret=secret_key(s),
        cookie_name="mercato_csrf",
        cookie_secure=s.secure_cookies,
        cookie_samesite="lax",
        exclude=CSRF_EXEMPT,
    )


def tenancy_resolver(container: ApplicationContainer) -> TenancyResolver:
    """Platform, vendor and caller resolution, answered by the tenancy module."""
    tenancy = container.components().container("tenancy")
    return TenancyResolver(
        container.platform_directory(),
        tenancy.vendor_directory(),
        container.enablement(),
        tenancy.identity_resolver(),
        tenancy.access_policy(),
        container.settings().default_platform,
    )
