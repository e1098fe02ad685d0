"""The three state machines of an order and the actions that move them.

- **payment**: ``pending -> paid`` (``pay``); ``paid -> partially_refunded -> refunded``
  (``refund`` of an amount; the refunds add up to at most the total; the last one that
  reaches it makes the payment ``refunded``).
- **fulfilment**: ``unfulfilled -> fulfilled`` (``fulfil``) ``-> delivered`` (``deliver``)
  ``-> returned`` (``return``).
- **order**: ``open -> cancelled`` (``cancel``, only while unfulfilled);
  ``open -> completed`` by itself, once the payment is ``paid`` and the goods ``delivered``.

``pay``, ``fulfil`` and ``deliver`` need an open order; a cancelled order can still be
refunded (what was paid goes back). An action whose target state already holds (``pay`` a
paid order, ``cancel`` a cancelled one, ``refund`` a refunded one) is a repetition: it
changes nothing. Any other action that is not allowed is refused with the allowed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from mercato.domain.orders.model import FulfilmentStatus, Order, OrderStatus, PaymentStatus
from mercato.ports.errors import Conflict, InvalidInput

__all__ = [
    "Action",
    "Change",
    "TransitionRefused",
    "allowed_actions",
    "apply",
]


class Action(StrEnum):
    """What a vendor can do to an order."""

    PAY = "pay"
    FULFIL = "fulfil"
    DELIVER = "deliver"
    RETURN = "return"
    CANCEL = "cancel"
    REFUND = "refund"


class TransitionRefused(Conflict):
    """The action is not allowed in the order's current state (409); names the allowed ones."""

    def __init__(self, order: Order, action: Action) -> None:
        allowed = allowed_actions(order)
        choice = ", ".join(a.value for a in allowed) if allowed else "none"
        super().__init__(
            f"cannot {action.value} order {order.number}: it is {order.status.value}, "
            f"payment {order.payment.value}, fulfilment {order.fulfilment.value}; "
            f"allowed now: {choice}",
            field="action",
        )
        self.allowed = allowed


@dataclass(frozen=True, slots=True)
class Change:
    """The outcome of an action: the order after it, and whether anything changed."""

    before: Order
    after: Order
    refund: int = 0

    @property
    def changed(self) -> bool:
        """False for a repetition (the target state already held)."""
        return self.before != self.after

    @property
    def completed(self) -> bool:
        """The action completed the order."""
        return (
            self.before.status is not OrderStatus.COMPLETED
            and self.after.status is OrderStatus.COMPLETED
        )


def _is_open(order: Order) -> bool:
    return order.status is OrderStatus.OPEN


def _can(order: Order, action: Action) -> bool:
    p, f = order.payment, order.fulfilment
    match action:
        case Action.PAY:
            return _is_open(order) and p is PaymentStatus.PENDING
        case Action.FULFIL:
            return _is_open(order) and f is FulfilmentStatus.UNFULFILLED
        case Action.DELIVER:
            return _is_open(order) and f is FulfilmentStatus.FULFILLED
        case Action.RETURN:
            return f is FulfilmentStatus.DELIVERED
        case Action.CANCEL:
            return _is_open(order) and f is FulfilmentStatus.UNFULFILLED
        case Action.REFUND:
            return p in (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)
    return False  # pragma: no cover - every action is matched above


def _already(order: Order, action: Action) -> bool:
    """The action's target state holds already: repeating it changes nothing."""
    return {
        Action.PAY: order.payment is PaymentStatus.PAID,
        Action.FULFIL: order.fulfilment is FulfilmentStatus.FULFILLED,
        Action.DELIVER: order.fulfilment is FulfilmentStatus.DELIVERED,
        Action.RETURN: order.fulfilment is FulfilmentStatus.RETURNED,
        Action.CANCEL: order.status is OrderStatus.CANCELLED,
        Action.REFUND: order.payment is PaymentStatus.REFUNDED,
    }[action]


def allowed_actions(order: Order) -> tuple[Action, ...]:
    """The actions allowed in the order's current state, in the order of :class:`Action`."""
    return tuple(a for a in Action if _can(order, a))


def _settle(order: Order) -> Order:
    """Complete an open order that is paid and delivered."""
    if (
        _is_open(order)
        and order.payment is PaymentStatus.PAID
        and order.fulfilment is FulfilmentStatus.DELIVERED
    ):
        return replace(order, status=OrderStatus.COMPLETED)
    return order


def apply(order: Order, action: Action, now: datetime, amount: int | None = None) -> Change:
    """The order after ``action``; ``TransitionRefused`` when it is not allowed.

    ``amount`` is the refund in minor units (``refund`` only; ``None`` refunds what is left).
    """
    if action is not Action.REFUND and amount is not None:
        raise InvalidInput(f"'{action.value}' takes no amount", field="amount")
    if _already(order, action):
        return Change(order, order)
    if not _can(order, action):
        raise TransitionRefused(order, action)
    match action:
        case Action.PAY:
            after = replace(order, payment=PaymentStatus.PAID)
        case Action.FULFIL:
            after = replace(order, fulfilment=FulfilmentStatus.FULFILLED)
        case Action.DELIVER:
            after = replace(order, fulfilment=FulfilmentStatus.DELIVERED)
        case Action.RETURN:
            after = replace(order, fulfilment=FulfilmentStatus.RETURNED)
        case Action.CANCEL:
            after = replace(order, status=OrderStatus.CANCELLED)
        case Action.REFUND:
            return _refund(order, now, amount)
    return Change(order, replace(_settle(after), updated_at=now))


def _refund(order: Order, now: datetime, amount: int | None) -> Change:
    left = order.total - order.refunded
    given = left if amount is None else amount
    if given < 1:
        raise InvalidInput("a refund must be at least 1 (in minor units)", field="amount")
    if given > left:
        raise InvalidInput(
            f"a refund of {given} is more than the {left} {order.currency} left to refund",
            field="amount",
        )
    refunded = order.refunded + given
    payment = (
        PaymentStatus.REFUNDED if refunded == order.total else PaymentStatus.PARTIALLY_REFUNDED
    )
    after = replace(order, refunded=refunded, payment=payment, updated_at=now)
    return Change(order, after, refund=given)
