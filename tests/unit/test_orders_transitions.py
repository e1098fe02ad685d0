"""The orders' three state machines: allowed actions, repetitions, refusals, completion."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from mercato.domain.orders.model import (
    FulfilmentStatus,
    Order,
    OrderLine,
    OrderStatus,
    PaymentStatus,
)
from mercato.domain.orders.transitions import (
    Action,
    TransitionRefused,
    allowed_actions,
    apply,
)
from mercato.ports.errors import Conflict, InvalidInput

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def _order(**changes: object) -> Order:
    order = Order(
        id=1,
        platform_id=1,
        vendor_id=1,
        number=7,
        customer_id=1,
        customer_email="ann@example.com",
        customer_name="Ann",
        currency="EUR",
        subtotal=1000,
        shipping=200,
        total=1200,
        refunded=0,
        status=OrderStatus.OPEN,
        payment=PaymentStatus.PENDING,
        fulfilment=FulfilmentStatus.UNFULFILLED,
        created_at=NOW,
        updated_at=NOW,
        lines=(OrderLine(1, 10, "TEE-M", "Tee / M", 500, 2),),
    )
    return replace(order, **changes)  # type: ignore[arg-type]


def _run(order: Order, *actions: Action) -> Order:
    for action in actions:
        order = apply(order, action, LATER).after
    return order


def test_a_new_order_may_be_paid_fulfilled_or_cancelled() -> None:
    assert allowed_actions(_order()) == (Action.PAY, Action.FULFIL, Action.CANCEL)


def test_paid_and_delivered_completes_the_order_in_either_order() -> None:
    first_paid = _run(_order(), Action.PAY, Action.FULFIL, Action.DELIVER)
    first_delivered = _run(_order(), Action.FULFIL, Action.DELIVER, Action.PAY)
    for order in (first_paid, first_delivered):
        assert order.status is OrderStatus.COMPLETED
        assert order.payment is PaymentStatus.PAID
        assert order.fulfilment is FulfilmentStatus.DELIVERED
        assert order.updated_at == LATER


def test_the_change_that_completes_says_so() -> None:
    delivered = _run(_order(), Action.PAY, Action.FULFIL)
    assert apply(delivered, Action.DELIVER, LATER).completed
    assert not apply(_order(), Action.PAY, LATER).completed


def test_cancel_is_refused_once_fulfilled_naming_the_allowed_actions() -> None:
    fulfilled = _run(_order(), Action.FULFIL)
    with pytest.raises(TransitionRefused) as refused:
        apply(fulfilled, Action.CANCEL, LATER)
    assert isinstance(refused.value, Conflict)
    assert "allowed now: pay, deliver" in refused.value.message
    assert refused.value.allowed == (Action.PAY, Action.DELIVER)


def test_a_cancelled_order_can_only_be_refunded_when_it_was_paid() -> None:
    assert allowed_actions(_run(_order(), Action.CANCEL)) == ()
    assert allowed_actions(_run(_order(), Action.PAY, Action.CANCEL)) == (Action.REFUND,)
    with pytest.raises(TransitionRefused, match="allowed now: none"):
        apply(_run(_order(), Action.CANCEL), Action.PAY, LATER)


def test_a_repeated_action_changes_nothing() -> None:
    for steps in (
        (Action.PAY,),
        (Action.FULFIL,),
        (Action.CANCEL,),
        (Action.FULFIL, Action.DELIVER),
    ):
        order = _run(_order(), *steps)
        change = apply(order, steps[-1], NOW)
        assert not change.changed
        assert change.after is order


def test_deliver_before_fulfil_and_return_before_delivery_are_refused() -> None:
    with pytest.raises(TransitionRefused, match="cannot deliver order 7"):
        apply(_order(), Action.DELIVER, LATER)
    with pytest.raises(TransitionRefused, match="cannot return"):
        apply(_run(_order(), Action.FULFIL), Action.RETURN, LATER)


def test_delivered_goods_can_be_returned_after_completion() -> None:
    done = _run(_order(), Action.PAY, Action.FULFIL, Action.DELIVER, Action.RETURN)
    assert done.fulfilment is FulfilmentStatus.RETURNED
    assert done.status is OrderStatus.COMPLETED


def test_refunds_add_up_to_the_total_at_most() -> None:
    paid = _run(_order(), Action.PAY)
    part = apply(paid, Action.REFUND, LATER, 200)
    assert part.refund == 200
    assert part.after.payment is PaymentStatus.PARTIALLY_REFUNDED
    assert part.after.refunded == 200
    with pytest.raises(InvalidInput, match="more than the 1000 EUR left"):
        apply(part.after, Action.REFUND, LATER, 1001)
    rest = apply(part.after, Action.REFUND, LATER)
    assert rest.refund == 1000
    assert rest.after.payment is PaymentStatus.REFUNDED
    assert not apply(rest.after, Action.REFUND, LATER).changed


def test_an_unpaid_order_cannot_be_refunded() -> None:
    with pytest.raises(TransitionRefused, match="cannot refund"):
        apply(_order(), Action.REFUND, LATER, 100)


def test_only_a_refund_takes_an_amount() -> None:
    with pytest.raises(InvalidInput) as refused:
        apply(_order(), Action.PAY, LATER, 100)
    assert refused.value.field == "amount"
