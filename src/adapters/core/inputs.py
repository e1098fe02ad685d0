"""The input of retrying failed event deliveries: one Struct for the page and the JSON API
(ADR 0014)."""

from __future__ import annotations

import msgspec

__all__ = ["DeliveryRetryIn"]


class DeliveryRetryIn(msgspec.Struct, forbid_unknown_fields=True):
    """How to retry: with every attempt again (the default), or with one attempt more."""

    reset_attempts: bool = True
