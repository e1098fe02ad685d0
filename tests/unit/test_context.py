"""Template context for a frontend, merged from the enabled modules' providers."""

from __future__ import annotations

import pytest

from mercato.domain.core.context import ContextService
from mercato.domain.kernel.enums import FrontendType
from mercato.ports.context import NullContextProvider
from mercato.ports.scope import Scope
from tests.support.fakes import FakeComponents
from tests.support.modules import Hanging, Raising, Returning, kernel, module

pytestmark = pytest.mark.unit

SCOPE = Scope(platform_id=1, platform_code="main")
ADMIN = FrontendType.ADMIN
VENDOR = FrontendType.VENDOR
SHORT = 0.05  # seconds a provider may take here: configuration, not an assertion

# Dependency order: core, zeta, alpha (alpha requires zeta, so zeta's keys come first).
MODULES = (
    module("core", core=True, context=[ADMIN]),
    module("zeta", context=[ADMIN]),
    module("alpha", requires=("zeta",), context=[ADMIN, VENDOR]),
    module("mid", context=[ADMIN]),
)


def _service(components: FakeComponents, enabled: set[str] | None = None) -> ContextService:
    all_optional = {"zeta", "alpha", "mid"}
    registry, enablement, _ = kernel(
        *MODULES, enabled={1: all_optional if enabled is None else enabled}
    )
    return ContextService(registry, enablement, components, timeout=SHORT)


async def test_context_is_merged_in_dependency_order_and_the_first_key_wins() -> None:
    components = FakeComponents(
        context={
            ("core", ADMIN): Returning({"site_name": "Mercato", "shared": "core"}),
            ("alpha", ADMIN): Returning({"alpha_items": [1, 2], "shared": "alpha"}),
            ("zeta", ADMIN): Returning({"zeta_banner": "Sale", "shared": "zeta"}),
            ("mid", ADMIN): Returning({"mid_flag": True}),
        }
    )

    context = await _service(components).get_context_for_frontend(SCOPE, ADMIN)

    assert dict(context.values) == {
        "site_name": "Mercato",
        "shared": "core",
        "zeta_banner": "Sale",
        "alpha_items": [1, 2],
        "mid_flag": True,
    }
    assert context.unavailable == ()


async def test_a_required_module_sets_a_key_before_the_module_requiring_it() -> None:
    components = FakeComponents(
        context={
            ("alpha", ADMIN): Returning({"shared": "alpha"}),
            ("zeta", ADMIN): Returning({"shared": "zeta"}),
        }
    )

    context = await _service(components).get_context_for_frontend(SCOPE, ADMIN)

    assert context.values["shared"] == "zeta"


@pytest.mark.parametrize(
    "provider",
    [
        pytest.param(Raising(), id="raises"),
        pytest.param(Hanging(), id="hangs"),
        pytest.param(Returning(["alpha_items"]), id="not-a-mapping"),
        pytest.param(Returning(None), id="none"),
        pytest.param(Returning({1: "one", "alpha_ok": 2}), id="non-str-key"),
        pytest.param(ImportError("alpha.context"), id="cannot-be-built"),
    ],
)
async def test_a_failing_provider_is_unavailable_without_losing_the_others(
    provider: object,
) -> None:
    components = FakeComponents(
        context={
            ("core", ADMIN): Returning({"site_name": "Mercato"}),
            ("zeta", ADMIN): Returning({"zeta_banner": "Sale"}),
            ("alpha", ADMIN): provider,
            ("mid", ADMIN): Returning({"mid_flag": True}),
        }
    )

    context = await _service(components).get_context_for_frontend(SCOPE, ADMIN)

    assert context.unavailable == ("alpha",)
    assert dict(context.values) == {"site_name": "Mercato", "zeta_banner": "Sale", "mid_flag": True}


async def test_only_providers_for_the_requested_frontend_are_asked() -> None:
    vendor_only = Returning({"alpha_vendor": 1})
    components = FakeComponents(
        context={("alpha", VENDOR): vendor_only, ("core", ADMIN): Returning({"site": 1})}
    )

    context = await _service(components).get_context_for_frontend(SCOPE, VENDOR)

    assert dict(context.values) == {"alpha_vendor": 1}
    assert components.requested == [("context:vendor", "alpha")]


async def test_a_disabled_module_is_not_asked_for_context() -> None:
    disabled = Returning({"mid_flag": True})
    components = FakeComponents(
        context={("core", ADMIN): Returning({"site": 1}), ("mid", ADMIN): disabled}
    )

    context = await _service(components, enabled=set()).get_context_for_frontend(SCOPE, ADMIN)

    assert dict(context.values) == {"site": 1}
    assert disabled.calls == 0
    assert "mid" not in components.loaded()


async def test_a_module_whose_components_have_no_provider_contributes_nothing() -> None:
    components = FakeComponents(context={("core", ADMIN): NullContextProvider()})

    context = await _service(components).get_context_for_frontend(SCOPE, ADMIN)

    assert dict(context.values) == {}
    assert context.unavailable == ()
