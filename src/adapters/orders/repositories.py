"""The orders' repository on SQLAlchemy: orders, numbers, idempotency keys, rollups.

Nothing here commits: :class:`ScopedTransactions` commits the use case's block, so every
write of one placement or transition (and the other modules' writes in the same unit of
work) lands together or not at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mercato.adapters.db.queries import LIKE_ESCAPE, InsertFactory, frozen_insert, like_pattern
from mercato.adapters.db.scope import unit_of_work
from mercato.adapters.db.timestamps import as_utc
from mercato.adapters.orders.tables import (
    order_counters,
    order_idempotency_keys,
    order_lines,
    orders,
    orders_daily_rollups,
    orders_status_rollups,
    vendors_ref,
)
from mercato.domain.orders.model import (
    FulfilmentStatus,
    Order,
    OrderLine,
    OrderStatus,
    PaymentStatus,
)
from mercato.domain.orders.repository import KeyClaim, NewOrder, OrderFilter

__all__ = ["ScopedTransactions", "SqlAlchemyOrderRepository", "order_from_row"]


class ScopedTransactions:
    """The use case's transaction: the unit of work of the request or task (or a new one),
    committed when the block ends, rolled back when it raises."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Commit the block's writes together, or none of them."""
        async with unit_of_work():
            try:
                yield
            except BaseException:
                async with self._sessions() as s:
                    await s.rollback()
                raise
            async with self._sessions() as s:
                await s.commit()


def _claim_key(insert: InsertFactory) -> Any:
    t = order_idempotency_keys
    return (
        insert(t)
        .values({c: bindparam(c) for c in ("vendor_id", "key", "fingerprint", "created_at")})
        .on_conflict_do_nothing(index_elements=["vendor_id", "key"])
        .returning(t.c.id)
    )


def _next_number(insert: InsertFactory) -> Any:
    t = order_counters
    stmt = insert(t).values(vendor_id=bindparam("vendor_id"), last_number=1)
    return stmt.on_conflict_do_update(
        index_elements=["vendor_id"], set_={"last_number": t.c.last_number + 1}
    ).returning(t.c.last_number)


def _add_to_day(insert: InsertFactory) -> Any:
    t = orders_daily_rollups
    columns = ("platform_id", "vendor_id", "day", "currency", "orders", "revenue", "units")
    stmt = insert(t).values({c: bindparam(c) for c in columns})
    return stmt.on_conflict_do_update(
        index_elements=["platform_id", "vendor_id", "day", "currency"],
        set_={
            "orders": t.c.orders + stmt.excluded.orders,
            "revenue": t.c.revenue + stmt.excluded.revenue,
            "units": t.c.units + stmt.excluded.units,
        },
    )


def _count_status(insert: InsertFactory) -> Any:
    t = orders_status_rollups
    stmt = insert(t).values(
        platform_id=bindparam("platform_id"),
        vendor_id=bindparam("vendor_id"),
        status=bindparam("status"),
        orders=1,
    )
    return stmt.on_conflict_do_update(
        index_elements=["platform_id", "vendor_id", "status"], set_={"orders": t.c.orders + 1}
    )


def order_from_row(row: Row[Any] | Mapping[str, Any], lines: Sequence[OrderLine] = ()) -> Order:
    """An :class:`Order` from a row of ``orders``."""
    m: Mapping[str, Any] = dict(row._mapping) if isinstance(row, Row) else row
    return Order(
        id=m["id"],
        platform_id=m["platform_id"],
        vendor_id=m["vendor_id"],
        number=m["number"],
        customer_id=m["customer_id"],
        customer_email=m["customer_email"],
        customer_name=m["customer_name"],
        currency=m["currency"],
        subtotal=int(m["subtotal"]),
        shipping=int(m["shipping"]),
        total=int(m["total"]),
        refunded=int(m["refunded"]),
        status=OrderStatus(m["status"]),
        payment=PaymentStatus(m["payment"]),
        fulfilment=FulfilmentStatus(m["fulfilment"]),
        created_at=as_utc(m["created_at"]),
        updated_at=as_utc(m["updated_at"]),
        lines=tuple(lines),
        vendor_slug=m.get("vendor_slug") or "",
        vendor_name=m.get("vendor_name") or "",
    )


def _line(row: Row[Any]) -> OrderLine:
    return OrderLine(
        row.position, row.variant_id, row.sku, row.title, int(row.unit_price), row.quantity
    )


_LINES = (
    select(order_lines)
    .where(order_lines.c.order_id == bindparam("order_id", type_=order_lines.c.order_id.type))
    .order_by(order_lines.c.position)
)


def _filtered(query: Select[Any], wanted: OrderFilter) -> Select[Any]:
    if wanted.status is not None:
        query = query.where(orders.c.status == wanted.status.value)
    if wanted.payment is not None:
        query = query.where(orders.c.payment == wanted.payment.value)
    if wanted.fulfilment is not None:
        query = query.where(orders.c.fulfilment == wanted.fulfilment.value)
    search = wanted.search.strip()
    if search.isdigit() and len(search) <= 9:
        query = query.where(orders.c.number == int(search))
    elif search:
        query = query.where(
            func.lower(orders.c.customer_email).like(like_pattern(search), escape=LIKE_ESCAPE)
        )
    return query


class SqlAlchemyOrderRepository:
    """:class:`mercato.domain.orders.repository.OrderRepository` on SQLAlchemy."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def claim_key(
        self, vendor_id: int, key: str, fingerprint: str, now: datetime
    ) -> KeyClaim | None:
        """INSERT ... ON CONFLICT DO NOTHING: a racing claim waits on the unique index."""
        values = {
            "vendor_id": vendor_id,
            "key": key,
            "fingerprint": fingerprint,
            "created_at": as_utc(now),
        }
        async with self._sessions() as s:
            stmt = frozen_insert(s, _claim_key)
            if (await s.execute(stmt, values)).first() is not None:
                return None
            held = (
                await s.execute(
                    select(
                        order_idempotency_keys.c.fingerprint, order_idempotency_keys.c.order_id
                    ).where(
                        order_idempotency_keys.c.vendor_id == vendor_id,
                        order_idempotency_keys.c.key == key,
                    )
                )
            ).one()
            return KeyClaim(held.fingerprint, held.order_id)

    async def settle_key(self, vendor_id: int, key: str, order_id: int) -> None:
        """Point the key at its order."""
        async with self._sessions() as s:
            await s.execute(
                update(order_idempotency_keys)
                .where(
                    order_idempotency_keys.c.vendor_id == vendor_id,
                    order_idempotency_keys.c.key == key,
                )
                .values(order_id=order_id)
            )

    async def next_number(self, vendor_id: int) -> int:
        """Upsert the vendor's counter row (incremented, locked) and return its number."""
        async with self._sessions() as s:
            stmt = frozen_insert(s, _next_number)
            return int((await s.execute(stmt, {"vendor_id": vendor_id})).scalar_one())

    async def add(self, order: NewOrder) -> Order:
        """Insert the order and its lines."""
        subtotal = order.subtotal
        values = {
            "platform_id": order.platform_id,
            "vendor_id": order.vendor_id,
            "number": order.number,
            "customer_id": order.customer_id,
            "customer_email": order.customer_email,
            "customer_name": order.customer_name,
            "currency": order.currency,
            "subtotal": subtotal,
            "shipping": order.shipping,
            "total": subtotal + order.shipping,
            "refunded": 0,
            "status": OrderStatus.OPEN.value,
            "payment": PaymentStatus.PENDING.value,
            "fulfilment": FulfilmentStatus.UNFULFILLED.value,
            "created_at": as_utc(order.created_at),
            "updated_at": as_utc(order.created_at),
        }
        async with self._sessions() as s:
            order_id = (
                await s.execute(orders.insert().values(values).returning(orders.c.id))
            ).scalar_one()
            await s.execute(
                order_lines.insert(),
                [
                    {
                        "order_id": order_id,
                        "vendor_id": order.vendor_id,
                        "position": line.position,
                        "variant_id": line.variant_id,
                        "sku": line.sku,
                        "title": line.title,
                        "unit_price": line.unit_price,
                        "quantity": line.quantity,
                        "line_total": line.line_total,
                    }
                    for line in order.lines
                ],
            )
        return order_from_row({**values, "id": order_id}, order.lines)

    async def _one(self, where: ColumnElement[bool], lock: bool) -> Order | None:
        query = select(orders).where(where)
        if lock:
            query = query.with_for_update()
        async with self._sessions() as s:
            row = (await s.execute(query)).first()
            if row is None:
                return None
            found = await s.execute(_LINES, {"order_id": row.id})
            return order_from_row(row, [_line(r) for r in found.all()])

    async def get(self, vendor_id: int, number: int, *, lock: bool = False) -> Order | None:
        """The order with its lines, locked when asked."""
        return await self._one(
            and_(orders.c.vendor_id == vendor_id, orders.c.number == number), lock
        )

    async def get_by_id(self, vendor_id: int, order_id: int) -> Order | None:
        """The order with its lines."""
        return await self._one(
            and_(orders.c.vendor_id == vendor_id, orders.c.id == order_id), False
        )

    async def save_state(self, order: Order) -> None:
        """Write statuses, refunded and updated_at."""
        async with self._sessions() as s:
            await s.execute(
                update(orders)
                .where(orders.c.vendor_id == order.vendor_id, orders.c.id == order.id)
                .values(
                    status=order.status.value,
                    payment=order.payment.value,
                    fulfilment=order.fulfilment.value,
                    refunded=order.refunded,
                    updated_at=as_utc(order.updated_at),
                )
            )

    async def page(
        self, vendor_id: int, wanted: OrderFilter, before: int | None, size: int
    ) -> Sequence[Order]:
        """Keyset page by number, descending."""
        query = _filtered(select(orders).where(orders.c.vendor_id == vendor_id), wanted)
        if before is not None:
            query = query.where(orders.c.number < before)
        query = query.order_by(orders.c.number.desc()).limit(size)
        async with self._sessions() as s:
            return [order_from_row(r) for r in (await s.execute(query)).all()]

    async def page_on_platform(
        self, platform_id: int, wanted: OrderFilter, before: int | None, size: int
    ) -> Sequence[Order]:
        """Keyset page by id, descending."""
        query = _filtered(
            select(
                orders,
                vendors_ref.c.slug.label("vendor_slug"),
                vendors_ref.c.name.label("vendor_name"),
            )
            .join(vendors_ref, vendors_ref.c.id == orders.c.vendor_id)
            .where(orders.c.platform_id == platform_id),
            wanted,
        )
        if before is not None:
            query = query.where(orders.c.id < before)
        query = query.order_by(orders.c.id.desc()).limit(size)
        async with self._sessions() as s:
            return [order_from_row(r) for r in (await s.execute(query)).all()]

    async def add_to_day(
        self,
        platform_id: int,
        vendor_id: int,
        day: date,
        currency: str,
        orders: int,
        revenue: int,
        units: int,
    ) -> None:
        """UPSERT incrementing the day's counters."""
        values = {
            "platform_id": platform_id,
            "vendor_id": vendor_id,
            "day": day,
            "currency": currency,
            "orders": orders,
            "revenue": revenue,
            "units": units,
        }
        async with self._sessions() as s:
            await s.execute(frozen_insert(s, _add_to_day), values)

    async def move_status(
        self,
        platform_id: int,
        vendor_id: int,
        before: OrderStatus | None,
        after: OrderStatus,
    ) -> None:
        """Decrement ``before``'s count and upsert-increment ``after``'s."""
        t = orders_status_rollups
        async with self._sessions() as s:
            if before is not None:
                await s.execute(
                    update(t)
                    .where(
                        t.c.platform_id == platform_id,
                        t.c.vendor_id == vendor_id,
                        t.c.status == before.value,
                    )
                    .values(orders=t.c.orders - 1)
                )
            await s.execute(
                frozen_insert(s, _count_status),
                {"platform_id": platform_id, "vendor_id": vendor_id, "status": after.value},
            )
