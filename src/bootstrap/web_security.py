"""Sessions, CSRF and the request-tenancy resolver of the web app."""

from __future__ import annotations

from litestar.middleware import DefineMiddleware
from litestar.stores.base import Store

from mercato.adapters.web.csrf import SessionBoundCsrfMiddleware, prefix_patterns
from mercato.adapters.web.sessions import DatabaseSessionStore, LazySessionConfig
from mercato.adapters.web.tenancy import TenancyResolver
from mercato.bootstrap.container import ApplicationContainer
from mercato.bootstrap.secrets import secret_key

__all__ = [
    "SESSION_STORE",
    "WITHOUT_SESSION",
    "csrf_middleware",
    "session_config",
    "session_store",
    "tenancy_resolver",
]

SESSION_STORE = "sessions"
SESSION_COOKIE = "mercato_session"
# Path prefixes (matched segment-wise from the start, never anywhere in the path) that take no
# session and no CSRF token: the JSON API takes bearer tokens only.
WITHOUT_SESSION = ("/api/", "/health", "/schema", "/static")


def session_store(container: ApplicationContainer) -> Store:
    """Redis when configured (shared by every web process), else the database."""
    redis = container.redis()
    if redis is not None:
        from litestar.stores.redis import RedisStore  # only when configured (start-up)

        return RedisStore(redis, namespace="mercato:sessions")
    store = container.expiring_sessions()
    assert isinstance(store, DatabaseSessionStore)
    return store


def session_config(container: ApplicationContainer) -> LazySessionConfig:
    """HttpOnly, SameSite=Lax cookies; Secure when ``MERCATO_SECURE_COOKIES`` is on."""
    s = container.settings()
    return LazySessionConfig(
        key=SESSION_COOKIE,
        max_age=s.session_days * 24 * 3600,
        secure=s.secure_cookies,
        httponly=True,
        samesite="lax",
        store=SESSION_STORE,
        exclude=prefix_patterns(WITHOUT_SESSION),
    )


def csrf_middleware(container: ApplicationContainer) -> DefineMiddleware:
    """A CSRF token on every form, bound to the session (or the visitor's nonce)."""
    s = container.settings()
    return DefineMiddleware(
        SessionBoundCsrfMiddleware,
        secret=secret_key(s),
        session_cookie=SESSION_COOKIE,
        nonce_cookie="mercato_csrf",
        secure=s.secure_cookies,
        exclude=WITHOUT_SESSION,
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
        container.settings().base_url,
    )
