"""How one module reaches the published contract of another without importing it.

A module publishes a contract (a Protocol of :mod:`mercato.ports`) by naming it in its
definition's ``contracts``; a module that uses it asks :class:`ContractLookup` for it on
the current platform and gets ``None`` when no module enabled there publishes it (orders
without inventory simply reserves no stock).
"""

from __future__ import annotations

from typing import Protocol, TypeVar

__all__ = ["ContractLookup", "FakeContractLookup", "contract_key"]

T = TypeVar("T")


def contract_key(contract: type[object]) -> str:
    """The name a definition uses for ``contract``: ``"mercato.ports.catalog:CatalogReader"``."""
    return f"{contract.__module__}:{contract.__qualname__}"


class ContractLookup(Protocol):
    """Finds the implementation of a published contract for a platform."""

    async def find(self, platform_id: int, contract: type[T]) -> T | None:
        """The implementation of ``contract`` published by a module enabled on the platform.

        ``None`` when no enabled module publishes it. Raises whatever building the
        implementation raises (a broken module); callers that can live without the contract
        treat that as absent and say so.
        """
        ...

    def any(self, contract: type[T]) -> T | None:
        """The implementation of ``contract`` of any installed module, whatever the platform.

        For work that is not on one platform (a scheduled task sweeping every vendor).
        """
        ...


class FakeContractLookup:
    """Contracts given by hand, the same on every platform unless ``platforms`` says otherwise."""

    def __init__(
        self,
        implementations: dict[type[object], object] | None = None,
        platforms: dict[int, dict[type[object], object]] | None = None,
    ) -> None:
        self.implementations = dict(implementations or {})
        self.platforms = platforms

    async def find(self, platform_id: int, contract: type[T]) -> T | None:
        """The implementation given for ``contract`` (on ``platform_id``), or ``None``."""
        table = self.implementations
        if self.platforms is not None:
            table = self.platforms.get(platform_id, {})
        found = table.get(contract)
        return found  # type: ignore[return-value]

    def any(self, contract: type[T]) -> T | None:
        """The implementation given for ``contract``, or ``None``."""
        return self.implementations.get(contract)  # type: ignore[return-value]
