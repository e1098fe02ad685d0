"""The scope a request or a task runs in: which platform, and which vendor if any."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Scope"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a provider is asked from.

    ``platform_id``/``platform_code`` always name the current platform; ``vendor_id`` is set
    only on vendor-scoped surfaces (the vendor dashboard), and a provider asked with a vendor
    must only count that vendor's data.
    """

    platform_id: int
    platform_code: str
    vendor_id: int | None = None

    @property
    def is_vendor_scope(self) -> bool:
        """True when the caller asks on behalf of one vendor."""
        return self.vendor_id is not None
