"""Absolute links (in e-mails): built from the platform's configured address, never the Host.

A request's ``Host`` header is whatever the client sent. A link built from it and mailed to
someone (``http://attacker.example/auth/password/reset?token=...``) hands the token to the
sender of that header. So a link's host is the platform's primary domain (its first domain)
with the scheme and port of the installation's address (``MERCATO_PUBLIC_URL``), or that
address itself for a platform without domains (the default platform in development).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar.connection import ASGIConnection

from mercato.adapters.web.tenancy import request_tenancy
from mercato.ports.platforms import PlatformRef

__all__ = ["absolute_url", "platform_address"]


def platform_address(base_url: str, platform: PlatformRef) -> str:
    """``scheme://host[:port]`` of the platform's links (no trailing slash).

    ``base_url`` is the installation's address; its scheme and port apply to every platform,
    its host to a platform that has no domain of its own.
    """
    base = urlsplit(base_url)
    if not platform.domains:
        return f"{base.scheme}://{base.netloc}"
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme}://{platform.domains[0]}{port}"


async def absolute_url(connection: ASGIConnection[Any, Any, Any, Any], path: str) -> str:
    """The absolute URL of ``path`` (``/auth/...``) on the request's platform.

    The platform comes from the host (a platform domain) or the configured default; a host
    that belongs to no platform without a default is refused (404) before any link is made.
    """
    tenancy = request_tenancy(connection)
    platform = await tenancy.platform()
    return platform_address(tenancy.resolver.base_url, platform) + path
