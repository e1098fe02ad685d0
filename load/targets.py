"""The requests a load run sends: Mercato's signed-in pages and JSON, a storefront, bare."""

from __future__ import annotations

from dataclasses import dataclass, field

from load.cluster import OWNER, PLATFORM_HOST, VENDOR

__all__ = ["BARE", "BARE_AGAIN", "HEALTH", "REPLAY", "Target", "mercato_targets"]


@dataclass(frozen=True, slots=True)
class Target:
    """One URL path with its headers; ``expect`` must be in the body of a 200 answer."""

    name: str
    path: str
    expect: str
    headers: dict[str, str] = field(default_factory=dict)


# Capitalised as wrk expects: it adds its own Host header unless one is called "Host".
_JSON = {"Host": PLATFORM_HOST, "Accept": "application/json"}
_HTML = {"Host": PLATFORM_HOST, "Accept": "text/html"}

BARE = Target("bare Litestar handler", "/bare", '"service":"bare"', _JSON)
"""The baseline: one handler returning a small dict, served by uvicorn the same way."""
BARE_AGAIN = Target("bare (again, last)", BARE.path, BARE.expect, BARE.headers)
HEALTH = Target("health (SELECT 1)", "/health", '"database":"ok"', _JSON)
"""Mercato's own floor: one round trip to the database, no sign-in."""
REPLAY = Target("replay (providers' SQL)", "/replay", '"statements"', _JSON)
"""A bare handler running the dashboard providers' SQL on one connection."""


def mercato_targets(
    admin_token: str, owner_token: str, admin_cookie: str, owner_cookie: str
) -> list[Target]:
    """Signed-in traffic (API tokens for JSON, sign-in sessions for pages) and a storefront."""
    admin = {**_JSON, "Authorization": f"Bearer {admin_token}"}
    owner = {**_JSON, "Authorization": f"Bearer {owner_token}"}
    return [
        Target("admin dashboard JSON", "/api/v1/admin/dashboard", '"metrics"', admin),
        Target(
            "admin dashboard page",
            "/admin/",
            "<h1>Dashboard</h1>",
            _HTML | {"Cookie": admin_cookie},
        ),
        Target("admin vendors list", "/api/v1/admin/vendors", f'"{VENDOR}"', admin),
        Target("admin users list", "/api/v1/admin/users", f'"{OWNER}"', admin),
        Target("vendor dashboard JSON", f"/api/v1/vendors/{VENDOR}/dashboard", '"metrics"', owner),
        Target(
            "vendor dashboard page",
            f"/vendor/{VENDOR}/",
            "<h1>Dashboard</h1>",
            _HTML | {"Cookie": owner_cookie},
        ),
        Target(
            "storefront",
            "/api/v1/storefront",
            f'"vendor":"{VENDOR}"',
            {"Host": f"{VENDOR}.{PLATFORM_HOST}", "Accept": "application/json"},
        ),
    ]
