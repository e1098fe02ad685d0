"""The orders use cases: place an order, move it through its states, read it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mercato.domain.orders.model import Order, OrderStatus
from mercato.domain.orders.placing import (
    LinesShort,
    PlaceOrder,
    fingerprint,
    price_lines,
    skus,
)
from mercato.domain.orders.repository import (
    NewOrder,
    OrderFilter,
    OrderRepository,
    Transactions,
)
from mercato.domain.orders.transitions import Action, Change, apply
from mercato.ports.catalog import CatalogReader
from mercato.ports.clock import Clock
from mercato.ports.contracts import ContractLookup
from mercato.ports.customers import CustomerDirectory, CustomerRef
from mercato.ports.errors import Conflict, InvalidInput, NotFound
from mercato.ports.events import EventPublisher
from mercato.ports.inventory import InsufficientStock, StockLine, StockReservations
from mercato.ports.orders import OrderCancelled, OrderFulfilled, OrderPaid, OrderPlaced

__all__ = ["MAX_KEY", "IdempotencyKeyReused", "OrderPage", "OrderService"]

MAX_KEY = 200

# Protocols as lookup keys (mypy refuses an abstract class where ``type[T]`` is expected).
_CATALOG: type[CatalogReader] = CatalogReader  # type: ignore[type-abstract]
_CUSTOMERS: type[CustomerDirectory] = CustomerDirectory  # type: ignore[type-abstract]
_STOCK: type[StockReservations] = StockReservations  # type: ignore[type-abstract]


class IdempotencyKeyReused(Conflict):
    """The idempotency key was used before for another request (409)."""

    def __init__(self) -> None:
        super().__init__(
            "this Idempotency-Key was already used for another request: "
            "use a new key for a new request",
            field="Idempotency-Key",
        )


@dataclass(frozen=True, slots=True)
class OrderPage:
    """A page of a keyset-paginated list; ``next_cursor`` is ``None`` on the last page."""

    items: Sequence[Order]
    next_cursor: int | None


def _check_key(key: str) -> str:
    key = key.strip()
    if not 1 <= len(key) <= MAX_KEY or not key.isprintable():
        raise InvalidInput(
            f"an Idempotency-Key of 1 to {MAX_KEY} printable characters is required",
            field="Idempotency-Key",
        )
    return key


class OrderService:
    """Places orders and applies the actions of :mod:`.transitions`, each in one transaction.

    Other modules are reached through their contracts on the order's platform: the catalog
    (required), the customers' directory and, when enabled there, the inventory.
    """

    def __init__(
        self,
        orders: OrderRepository,
        transactions: Transactions,
        contracts: ContractLookup,
        events: EventPublisher,
        clock: Clock,
    ) -> None:
        self._orders = orders
        self._tx = transactions
        self._contracts = contracts
        self._events = events
        self._clock = clock

    async def place(self, platform_id: int, vendor_id: int, key: str, command: PlaceOrder) -> Order:
        """Place an order, or return the one an earlier request with ``key`` placed.

        ``IdempotencyKeyReused`` when ``key`` served another request; ``InvalidInput`` naming
        the line for an unknown SKU, an inactive product or a second currency;
        ``LinesShort`` (an ``InsufficientStock``, 409, naming the lines) when inventory is
        enabled and a line is short: then no
        order is written and no number is used.
        """
        key = _check_key(key)
        catalog = await self._contracts.find(platform_id, _CATALOG)
        if catalog is None:
            raise Conflict("orders need the catalog, which is not enabled on this platform")
        customers = await self._contracts.find(platform_id, _CUSTOMERS)
        if customers is None:
            raise Conflict("orders need the customers module, which is not available")
        now = self._clock.now()
        async with self._tx.transaction():
            claim = await self._orders.claim_key(
                vendor_id, key, fingerprint("place", command.payload()), now
            )
            if claim is not None:
                return await self._replay(
                    vendor_id, claim.fingerprint, "place", command.payload(), claim.order_id
                )
            priced = price_lines(
                command, await catalog.variants_by_sku(vendor_id, skus(command.lines))
            )
            customer = await _customer(customers, vendor_id, command)
            number = await self._orders.next_number(vendor_id)
            order = await self._orders.add(
                NewOrder(
                    platform_id,
                    vendor_id,
                    number,
                    customer.id,
                    customer.email,
                    customer.name or command.name,
                    priced.currency,
                    priced.subtotal,
                    priced.shipping,
                    priced.lines,
                    now,
                )
            )
            stock = await self._contracts.find(platform_id, _STOCK)
            if stock is not None:
                lines = [StockLine(line.variant_id, line.quantity) for line in order.lines]
                try:
                    await stock.reserve(vendor_id, order.reference, lines, platform_id=platform_id)
                except InsufficientStock as exc:
                    raise LinesShort(exc.shortages, order.lines) from exc
            await self._orders.add_to_day(
                platform_id, vendor_id, now.date(), order.currency, 1, order.total, order.units
            )
            await self._orders.move_status(platform_id, vendor_id, None, OrderStatus.OPEN)
            await self._events.publish(
                OrderPlaced(
                    platform_id,
                    vendor_id,
                    order.id,
                    order.number,
                    order.customer_id,
                    order.customer_email,
                    order.currency,
                    order.total,
                    len(order.lines),
                )
            )
            await self._orders.settle_key(vendor_id, key, order.id)
        return order

    async def act(
        self,
        vendor_id: int,
        number: int,
        action: Action,
        key: str,
        amount: int | None = None,
    ) -> Order:
        """Apply ``action`` to the vendor's order ``number`` and return the order.

        A repetition (the target state holds) returns the order unchanged, with no event and
        no rollup change; ``TransitionRefused`` (409) names the allowed actions; the same
        ``key`` with the same request returns the order again, with another request
        ``IdempotencyKeyReused``.
        """
        key = _check_key(key)
        payload: dict[str, object] = {"number": number, "amount": amount}
        operation = action.value
        async with self._tx.transaction():
            claim = await self._orders.claim_key(
                vendor_id, key, fingerprint(operation, payload), self._clock.now()
            )
            if claim is not None:
                return await self._replay(
                    vendor_id, claim.fingerprint, operation, payload, claim.order_id
                )
            order = await self._orders.get(vendor_id, number, lock=True)
            if order is None:
                raise NotFound(f"there is no order {number}")
            change = apply(order, action, self._clock.now(), amount)
            if change.changed:
                await self._record(change, action)
            await self._orders.settle_key(vendor_id, key, order.id)
        return change.after

    async def _replay(
        self,
        vendor_id: int,
        taken: str,
        operation: str,
        payload: dict[str, object],
        order_id: int | None,
    ) -> Order:
        if taken != fingerprint(operation, payload) or order_id is None:
            raise IdempotencyKeyReused()
        order = await self._orders.get_by_id(vendor_id, order_id)
        if order is None:  # pragma: no cover - keys and orders are never deleted
            raise NotFound("the order of this Idempotency-Key is gone")
        return order

    async def _record(self, change: Change, action: Action) -> None:
        """Write the change with what follows from it: stock, rollups, events."""
        before, after = change.before, change.after
        platform, vendor = after.platform_id, after.vendor_id
        await self._orders.save_state(after)
        day = before.created_at.date()
        stock = None
        if action in (Action.FULFIL, Action.CANCEL):
            stock = await self._contracts.find(platform, _STOCK)
        if action is Action.PAY:
            await self._events.publish(
                OrderPaid(platform, vendor, after.id, after.number, after.currency, after.total)
            )
        elif action is Action.FULFIL:
            if stock is not None:
                await stock.commit(vendor, after.reference, platform_id=platform)
            await self._events.publish(OrderFulfilled(platform, vendor, after.id, after.number))
        elif action is Action.CANCEL:
            if stock is not None:
                await stock.release(vendor, after.reference)
            kept = before.total - before.refunded
            await self._orders.add_to_day(
                platform, vendor, day, after.currency, -1, -kept, -before.units
            )
            await self._orders.move_status(platform, vendor, before.status, after.status)
            await self._events.publish(OrderCancelled(platform, vendor, after.id, after.number))
        elif action is Action.REFUND and after.status is not OrderStatus.CANCELLED:
            await self._orders.add_to_day(
                platform, vendor, day, after.currency, 0, -change.refund, 0
            )
        if change.completed:
            await self._orders.move_status(platform, vendor, before.status, after.status)

    async def get(self, vendor_id: int, number: int) -> Order:
        """The vendor's order ``number`` with its lines; ``NotFound`` otherwise."""
        order = await self._orders.get(vendor_id, number)
        if order is None:
            raise NotFound(f"there is no order {number}")
        return order

    async def get_on_platform(self, platform_id: int, vendor_id: int, number: int) -> Order:
        """The vendor's order ``number`` if it was placed on the platform (the operators'
        read-only view); ``NotFound`` otherwise, as for an order that does not exist."""
        order = await self._orders.get(vendor_id, number)
        if order is None or order.platform_id != platform_id:
            raise NotFound(f"there is no order {number}")
        return order

    async def page(
        self, vendor_id: int, wanted: OrderFilter, cursor: int | None, size: int
    ) -> OrderPage:
        """A page of the vendor's orders, highest number first, after ``cursor``."""
        found = await self._orders.page(vendor_id, wanted, cursor, size + 1)
        return _paged(found, size, lambda o: o.number)

    async def page_on_platform(
        self, platform_id: int, wanted: OrderFilter, cursor: int | None, size: int
    ) -> OrderPage:
        """A page of every vendor's orders on the platform, newest first, after ``cursor``."""
        found = await self._orders.page_on_platform(platform_id, wanted, cursor, size + 1)
        return _paged(found, size, lambda o: o.id)


def _paged(found: Sequence[Order], size: int, key: Callable[[Order], int]) -> OrderPage:
    items = list(found[:size])
    cursor = key(items[-1]) if len(found) > size and items else None
    return OrderPage(items, cursor)


async def _customer(
    customers: CustomerDirectory, vendor_id: int, command: PlaceOrder
) -> CustomerRef:
    try:
        return await customers.find_or_create(vendor_id, command.email.strip(), command.name)
    except ValueError as exc:
        raise InvalidInput(f"customer e-mail: {exc}", field="customer.email") from exc
