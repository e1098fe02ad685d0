"""The Litestar application factory."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from litestar import Litestar, Router
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotFoundException
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import YamlRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.utils import normalize_path

from mercato.adapters.web.errors import exception_handlers
from mercato.adapters.web.guards import ANY_HOST, module_guard, permission_guard, with_guard_errors
from mercato.adapters.web.headers import SecurityHeadersMiddleware
from mercato.adapters.web.health import HealthProbe, health
from mercato.adapters.web.module import ModuleWeb
from mercato.adapters.web.openapi import operation_id, with_error_body
from mercato.adapters.web.pages import PageChrome
from mercato.adapters.web.redaction import install_redaction
from mercato.adapters.web.templating import CORE_TEMPLATES, TemplateLoaders, create_environment
from mercato.adapters.web.unit import serve_in_unit_of_work
from mercato.adapters.worker.scheduler import Scheduler, SchedulerLoop
from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import close_container
from mercato.bootstrap.settings import Settings
from mercato.bootstrap.web_security import (
    SESSION_STORE,
    csrf_middleware,
    session_config,
    session_store,
    tenancy_resolver,
)
from mercato.domain.kernel.loading import resolve_ref
from mercato.domain.kernel.quarantine import RULE_MOUNT

__all__ = ["MercatoApp", "ModuleMounter", "create_app", "create_app_from_env"]

MOUNT_RETRY_SECONDS = 30.0
SCHEMA_PATH = "/schema"

_log = logging.getLogger("mercato.app")


class ModuleMounter:
    """Mounts the routes and templates of modules enabled on at least one platform.

    At start-up it mounts the core modules only; an optional module's code is looked up
    there (without importing it) and imported and mounted when a request first needs it: a
    path no mounted route matches, or the OpenAPI schema. So start-up costs the same
    whatever the number of optional modules, and a module enabled by another process is
    served on the next request here, without a restart. A module is never unmounted: when
    it is disabled, its routes answer 404 through its module guard.
    """

    def __init__(
        self,
        container: ApplicationContainer,
        loaders: TemplateLoaders,
        only: frozenset[str] | None = None,
    ) -> None:
        self._container = container
        self._loaders = loaders
        self._only = only
        self.mounted: list[str] = []
        self.failed: dict[str, tuple[float, str]] = {}
        self._lock = asyncio.Lock()

    async def sync(self, app: Litestar, *, optional: bool = True) -> None:
        """Mount whatever is enabled somewhere and not mounted yet.

        With ``optional=False`` (start-up) only the core modules are mounted; the optional
        ones enabled somewhere are checked for code that cannot be found, and a module
        without it is unavailable from the start, with its reason.
        """
        enabled = await self._container.enablement().enabled_anywhere()
        if self._only is not None:
            enabled = enabled & self._only
        if not optional:
            core = self._container.registry().core_codes
            self._look_up(enabled - core - set(self.mounted))
            enabled = enabled & core
        if enabled.issubset(self.mounted):
            return
        now = time.monotonic()
        waiting = {c for c, (at, _) in self.failed.items() if now - at < MOUNT_RETRY_SECONDS}
        if enabled.issubset({*self.mounted, *waiting}):
            return
        registry = self._container.registry()
        async with self._lock:
            for definition in registry.ordered(enabled):
                code = definition.code
                if code in self.mounted or code in waiting:
                    continue
                try:
                    self._mount(app, code)
                except Exception as exc:
                    self.failed[code] = (now, f"{type(exc).__name__}: {exc}")
                    registry.mark_unavailable(
                        code, RULE_MOUNT, f"its routes could not be mounted: {self.failed[code][1]}"
                    )
                    _log.exception(
                        "module %s could not be mounted; its routes are unavailable "
                        "(next attempt in %ss)",
                        code,
                        MOUNT_RETRY_SECONDS,
                    )
                else:
                    self.failed.pop(code, None)
                    registry.mark_available(code)

    def _look_up(self, codes: Iterable[str]) -> None:
        """Mark unavailable each module whose routes or templates cannot be found."""
        registry = self._container.registry()
        for definition in registry.ordered(codes):
            missing = _missing_code(definition.routes, definition.templates)
            if missing is not None:
                reason = f"its routes could not be mounted: {missing}"
                self.failed[definition.code] = (time.monotonic(), missing)
                registry.mark_unavailable(definition.code, RULE_MOUNT, reason)
                _log.error("module %s: %s", definition.code, reason)

    def _mount(self, app: Litestar, code: str) -> None:
        definition = self._container.registry().get(code)
        if definition.templates:
            self._loaders.add_module(definition.templates)
        if definition.routes:
            web: ModuleWeb = resolve_ref(definition.routes)
            deps = {
                name: Provide(_bridge(self._container, code, provider), sync_to_thread=False)
                for name, provider in web.dependencies.items()
            }
            app.register(
                _OwnRouter(
                    path="/",
                    route_handlers=[
                        with_error_body(with_guard_errors(h), web.dependencies)
                        for h in web.handlers
                    ],
                    dependencies=deps,
                    # Core modules are always on: no per-request enablement check for them.
                    guards=[] if definition.is_core else [module_guard(code)],
                    opt={"module": code},
                )
            )
        self.mounted.append(code)
        # Litestar forgets its built OpenAPI model on a new route but keeps the rendered
        # dict; drop it so /schema/openapi.json lists the routes of the module just mounted.
        app.plugins.get(OpenAPIPlugin)._openapi_schema = None
        _log.info("mounted module %s", code)


def _missing_code(routes: str | None, templates: str | None) -> str | None:
    """What of a module's web code cannot be found (without importing it), or ``None``."""
    for name in (routes.partition(":")[0] if routes else None, templates):
        if name is None:
            continue
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError) as exc:
            return f"{type(exc).__name__}: {exc}"
        if not found:
            return f"ModuleNotFoundError: No module named '{name}'"
    return None


class _OwnRouter(Router):
    """A router built for one app and registered once: Litestar deep-copies a router it
    registers (one may be shared between apps), a large part of start-up; this one is its
    own copy."""

    def __deepcopy__(self, memo: dict[int, object]) -> _OwnRouter:
        return self


def _bridge(container: ApplicationContainer, code: str, provider: str) -> Callable[[], Any]:
    """A plain function Litestar calls to get ``provider`` from module ``code``'s container."""

    def dependency() -> Any:
        return getattr(container.components().container(code), provider)()

    dependency.__name__ = f"{code}_{provider}"
    return dependency


class MercatoApp(Litestar):
    """Litestar, plus mounting modules enabled by other processes when a path is unknown.

    Known paths cost nothing extra. A path no route matches may belong to a module another
    process has just enabled: the mounter looks at the enablement store (one query) and
    mounts what is new before Litestar routes the request. Every HTTP request runs in one
    unit of work (:func:`adapters.web.unit.serve_in_unit_of_work`).
    """

    mounter: ModuleMounter

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await serve_in_unit_of_work(self._serve_http, scope, receive, send)

    async def _serve_http(self, scope: Any, receive: Any, send: Any) -> None:
        """One HTTP request, inside its unit of work (see ADR 0016)."""
        if scope["path"].startswith(SCHEMA_PATH) or not self._routable(scope):
            await self.mounter.sync(self)
        await super().__call__(scope, receive, send)

    def _routable(self, scope: Any) -> bool:
        try:
            self.asgi_router.handle_routing(
                path=normalize_path(scope["path"]), method=scope.get("method")
            )
        except NotFoundException:
            return False
        except HTTPException:
            return True  # a known path with another method, or a bad host: Litestar answers
        return True


def create_app(
    settings: Settings | None = None,
    container: ApplicationContainer | None = None,
    only_modules: Iterable[str] | None = None,
) -> MercatoApp:
    """Build the web application. Nothing touches the database until start-up.

    ``only_modules`` restricts mounting to these codes (benchmarks, tests); by default every
    module enabled on at least one platform is mounted.
    """
    container = container or create_container(settings)
    settings = container.settings()
    loaders = TemplateLoaders()
    env = create_environment(loaders, auto_reload=settings.development_mode)
    mounter = ModuleMounter(
        container, loaders, None if only_modules is None else frozenset(only_modules)
    )
    core = container.components().container("core")
    resolver = tenancy_resolver(container)

    tickers: dict[int, SchedulerLoop] = {}  # one per event loop serving this app

    async def on_startup(app: Litestar) -> None:
        await mounter.sync(app, optional=False)
        if not settings.redis_url:  # no workers: this process ticks the scheduler itself
            scheduler = Scheduler(
                container.registry(),
                container.enablement(),
                container.task_ledger(),
                container.task_queue(),
                tick_seconds=settings.scheduler_tick_seconds,
            )
            ticker = SchedulerLoop(scheduler, container.clock())
            ticker.start()
            tickers[id(asyncio.get_running_loop())] = ticker

    async def on_shutdown(app: Litestar) -> None:
        ticker = tickers.pop(id(asyncio.get_running_loop()), None)
        if ticker is not None:
            await ticker.stop()
        await close_container(container)

    static = create_static_files_router(
        path="/static",
        directories=[CORE_TEMPLATES.parent / "static"],
        opt=ANY_HOST,
        include_in_schema=False,
    )
    app = MercatoApp(
        route_handlers=[health, static],
        guards=[permission_guard],
        middleware=[
            SecurityHeadersMiddleware,
            session_config(container).middleware,
            csrf_middleware(container),
        ],
        stores={SESSION_STORE: session_store(container)},
        exception_handlers=exception_handlers,
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)),
        openapi_config=OpenAPIConfig(
            title="Mercato",
            version="0.1.0",
            description="The JSON API of Mercato. Authenticate with a personal API token: "
            "Authorization: Bearer mrc_...",
            path=SCHEMA_PATH,
            render_plugins=[YamlRenderPlugin()],
            # listVendors, not api_v1_admin_vendors_list_vendors (see ADR 0020).
            operation_id_creator=operation_id,
            components=Components(
                security_schemes={
                    "ApiToken": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        description="A personal API token (mrc_...), scoped to a vendor or "
                        "a platform.",
                    )
                }
            ),
            security=[{"ApiToken": []}],
            # The documentation routes are not part of the API they document.
            openapi_router=Router(
                SCHEMA_PATH, route_handlers=[], opt=ANY_HOST, include_in_schema=False
            ),
        ),
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        state=State(
            {
                "container": container,
                "registry": container.registry(),
                "tenancy_resolver": resolver,
                "page_chrome": PageChrome(core.menus(), core.context()),
                "health_probe": HealthProbe(
                    container.engine(), container.redis(), container.registry()
                ),
                "mounter": mounter,
            }
        ),
        debug=settings.debug,
    )
    app.mounter = mounter
    return app


def create_app_from_env() -> MercatoApp:
    """The factory ``mercato serve`` hands to uvicorn (settings from the environment).

    The access log of each process loses the secrets of reset and invitation URLs.
    """
    install_redaction()
    return create_app(Settings.from_env())
