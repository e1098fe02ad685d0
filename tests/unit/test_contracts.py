"""Published contracts: a module finds another's implementation on a platform, by port."""

from __future__ import annotations

import pytest
from dependency_injector import containers, providers

from mercato.bootstrap.components import ComponentNotFound, ModuleContainers, ModuleContracts
from mercato.domain.kernel.definition import EventSubscription, ModuleDefinition
from mercato.domain.kernel.enums import ModuleKind
from mercato.domain.kernel.validation import definition_problems
from mercato.ports.catalog import CatalogReader, FakeCatalogReader, ProductStatus, VariantRef
from mercato.ports.contracts import FakeContractLookup, contract_key
from mercato.ports.customers import CustomerDirectory, FakeCustomerDirectory
from mercato.ports.events import DeliveredEvent, Event, RecordingEventPublisher
from mercato.ports.inventory import (
    FakeStockReservations,
    InsufficientStock,
    StockLine,
    StockReservations,
)
from mercato.ports.money import Money
from mercato.ports.orders import OrderPlaced
from tests.support.modules import kernel

pytestmark = pytest.mark.unit

READER = contract_key(CatalogReader)


class CatalogWiring(containers.DeclarativeContainer):
    """A module container that publishes a catalog reader."""

    root = providers.DependenciesContainer()
    reader = providers.Singleton(FakeCatalogReader)
    handler_note = providers.Singleton(lambda: NOTED)


class NoProviderWiring(containers.DeclarativeContainer):
    """A module container that names a contract it does not provide."""

    root = providers.DependenciesContainer()


class Noting:
    """An event handler that keeps the ids it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, event: DeliveredEvent) -> None:
        self.seen.append(event.id)


NOTED = Noting()
HERE = "tests.unit.test_contracts"


def _catalog(code: str = "shelf", wiring: str = "CatalogWiring") -> ModuleDefinition:
    return ModuleDefinition(
        code=code,
        name=code.title(),
        kind=ModuleKind.OPTIONAL,
        contracts={READER: "reader"},
        wiring=f"{HERE}:{wiring}",
        event_handlers=(
            EventSubscription("note", "orders.placed", f"{HERE}:Noting"),
            EventSubscription("fresh", "orders.paid", f"{HERE}:Noting"),
        ),
    )


def _lookup(*definitions: ModuleDefinition, enabled: dict[int, set[str]]) -> ModuleContracts:
    registry, enablement, _ = kernel(*definitions, enabled=enabled)
    return ModuleContracts(
        registry, enablement, ModuleContainers(registry, containers.DynamicContainer())
    )


async def test_a_contract_is_found_on_a_platform_where_its_module_is_enabled() -> None:
    lookup = _lookup(_catalog(), enabled={1: {"shelf"}})

    found = await lookup.find(1, CatalogReader)

    assert isinstance(found, FakeCatalogReader)
    assert await lookup.find(1, CatalogReader) is found


async def test_no_contract_where_no_enabled_module_publishes_it() -> None:
    lookup = _lookup(_catalog(), enabled={1: {"shelf"}})

    assert await lookup.find(2, CatalogReader) is None
    assert await lookup.find(1, StockReservations) is None


async def test_an_unavailable_module_publishes_nothing() -> None:
    registry, enablement, _ = kernel(_catalog(), enabled={1: {"shelf"}})
    lookup = ModuleContracts(
        registry, enablement, ModuleContainers(registry, containers.DynamicContainer())
    )
    registry.mark_unavailable("shelf", "MOD-900", "its code failed")

    assert await lookup.find(1, CatalogReader) is None
    assert lookup.any(CatalogReader) is None


def test_any_finds_a_contract_whatever_the_platform() -> None:
    lookup = _lookup(_catalog(), enabled={})

    assert isinstance(lookup.any(CatalogReader), FakeCatalogReader)
    assert lookup.any(CustomerDirectory) is None


async def test_a_contract_whose_provider_is_missing_names_the_module_and_provider() -> None:
    lookup = _lookup(_catalog(wiring="NoProviderWiring"), enabled={1: {"shelf"}})

    with pytest.raises(ComponentNotFound, match="'shelf' names provider 'reader'"):
        await lookup.find(1, CatalogReader)


def test_an_event_handler_comes_from_the_container_or_from_its_reference() -> None:
    definition = _catalog()
    registry, _, _ = kernel(definition)
    components = ModuleContainers(registry, containers.DynamicContainer())

    note, fresh = definition.event_handlers
    assert components.event_handler("shelf", note) is NOTED
    built = components.event_handler("shelf", fresh)
    assert isinstance(built, Noting) and built is not NOTED


def test_contracts_and_handlers_are_validated() -> None:
    bad = ModuleDefinition(
        code="bad",
        name="Bad",
        contracts={"no-colon": "reader", READER: "not an identifier"},
        event_handlers=(
            EventSubscription("twice", "orders.placed", f"{HERE}:Noting"),
            EventSubscription("twice", "Placed", "no reference"),
        ),
    )

    problems = "\n".join(definition_problems([bad])["bad"])

    assert "needs a wiring container" in problems
    assert "'no-colon' must look like 'package.module:Protocol'" in problems
    assert "names provider 'not an identifier'" in problems
    assert "event handler names must be unique" in problems
    assert "subscribes to 'Placed'" in problems
    assert "event handler 'twice' reference 'no reference'" in problems
    assert definition_problems([_catalog()]) == {}


def test_a_contract_key_names_the_port_by_module_and_name() -> None:
    assert READER == "mercato.ports.catalog:CatalogReader"


async def test_the_fake_lookup_answers_per_platform_when_told() -> None:
    reader = FakeCatalogReader()
    lookup = FakeContractLookup({CatalogReader: reader}, platforms={1: {CatalogReader: reader}})

    assert await lookup.find(1, CatalogReader) is reader
    assert await lookup.find(2, CatalogReader) is None
    assert lookup.any(CatalogReader) is reader


def _variant(variant_id: int, sku: str, vendor_id: int = 1) -> VariantRef:
    return VariantRef(
        variant_id, vendor_id, 10, sku, "Shirt / M", Money(1500, "EUR"), ProductStatus.ACTIVE
    )


async def test_the_fake_catalog_reader_finds_only_the_vendors_variants() -> None:
    reader = FakeCatalogReader([_variant(1, "A"), _variant(2, "B"), _variant(3, "A", vendor_id=2)])

    assert set(await reader.variants_by_sku(1, ["A", "B", "Z"])) == {"A", "B"}
    assert (await reader.variants_by_sku(2, ["A"]))["A"].id == 3
    assert set(await reader.variants_by_id(1, [1, 3])) == {1}
    product = await reader.product_by_handle(1, "product-10")
    assert product is not None and [v.sku for v in product.variants] == ["A", "B"]
    assert await reader.product(2, 11) is None


async def test_the_fake_stock_reserves_all_or_nothing_once_per_reference() -> None:
    stock = FakeStockReservations({1: 3, 2: 1})

    await stock.reserve(1, "order:1", [StockLine(1, 2), StockLine(9, 5)])
    await stock.reserve(1, "order:1", [StockLine(1, 2)])
    with pytest.raises(InsufficientStock) as refused:
        await stock.reserve(1, "order:2", [StockLine(1, 2), StockLine(2, 1)])

    assert [(s.variant_id, s.requested, s.available) for s in refused.value.shortages] == [
        (1, 2, 1)
    ]
    assert stock.available(1) == 1 and stock.available(2) == 1
    await stock.commit(1, "order:1")
    assert stock.on_hand[1] == 1 and stock.available(1) == 1
    await stock.release(1, "order:1")
    assert stock.available(1) == 1


async def test_the_fake_customer_directory_matches_e_mails_ignoring_case() -> None:
    customers = FakeCustomerDirectory()

    first = await customers.find_or_create(1, "Ada@Example.com", "Ada")
    again = await customers.find_or_create(1, "ada@example.COM", "Someone else")
    other = await customers.find_or_create(2, "ada@example.com")

    assert again == first and again.name == "Ada"
    assert other.id != first.id
    assert await customers.get(2, first.id) is None


async def test_published_events_are_recorded_by_name() -> None:
    publisher = RecordingEventPublisher()
    placed = OrderPlaced(
        platform_id=1,
        vendor_id=2,
        order_id=5,
        number=1,
        customer_id=3,
        customer_email="ada@example.com",
        currency="EUR",
        total=1500,
        lines=1,
    )

    assert await publisher.publish(placed) == "1"
    assert publisher.names() == ["orders.placed"]
    with pytest.raises(ValueError, match="has no name"):
        await publisher.publish(Event(platform_id=1, vendor_id=None))


def test_money_adds_only_one_currency() -> None:
    assert Money(150, "EUR").plus(Money(50, "EUR")) == Money(200, "EUR")
    assert Money(150, "EUR").times(3) == Money(450, "EUR")
    with pytest.raises(ValueError, match="cannot add USD to EUR"):
        Money(1, "EUR").plus(Money(1, "USD"))
