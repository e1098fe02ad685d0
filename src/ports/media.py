"""Media files, as other modules see them (implemented by cms)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["MediaFile", "MediaService", "NullMediaService"]


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A stored file: ``url`` is where a browser fetches it."""

    id: str
    filename: str
    content_type: str
    size: int
    url: str


@runtime_checkable
class MediaService(Protocol):
    """Stores and finds media on behalf of a vendor."""

    async def store(
        self, vendor_id: int, filename: str, content_type: str, data: bytes
    ) -> MediaFile:
        """Store ``data`` for the vendor and return its description.

        Raises ``ValueError`` for an empty file or a content type the store refuses.
        """
        ...

    async def get(self, vendor_id: int, media_id: str) -> MediaFile | None:
        """Return the vendor's file ``media_id``, or ``None`` (also for another vendor's id)."""
        ...


class NullMediaService:
    """Used when no media module is enabled: storing is refused, nothing is found."""

    async def store(
        self, vendor_id: int, filename: str, content_type: str, data: bytes
    ) -> MediaFile:
        """Refuse: there is nowhere to store."""
        raise ValueError("no media store is enabled on this platform")

    async def get(self, vendor_id: int, media_id: str) -> MediaFile | None:
        """Find nothing."""
        return None
