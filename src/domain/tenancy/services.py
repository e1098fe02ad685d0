"""Use cases of the tenancy module."""

from __future__ import annotations

from collections.abc import Sequence

from mercato.domain.tenancy.model import (
    DomainInvalid,
    InstallationAddress,
    Platform,
    PlatformCodeTaken,
    check_name,
    normalise_domain,
)
from mercato.domain.tenancy.repository import PlatformRepository, VendorRepository
from mercato.ports.errors import NotFound
from mercato.ports.pagination import Page, PageRequest
from mercato.ports.platforms import PlatformRef

__all__ = ["PlatformDirectoryService", "PlatformService"]


class PlatformService:
    """Creates, edits and lists platforms."""

    def __init__(
        self,
        platforms: PlatformRepository,
        vendors: VendorRepository | None = None,
        address: InstallationAddress | None = None,
    ) -> None:
        self._platforms = platforms
        self._vendors = vendors
        self._address = address or InstallationAddress()

    async def create(self, code: str, name: str, domains: Sequence[str] = ()) -> Platform:
        """Create a platform; the code and domains are validated, duplicates refused."""
        Platform.check_code(code)
        if await self._platforms.by_code(code) is not None:
            raise PlatformCodeTaken(f"a platform with code '{code}' already exists", "code")
        clean_name = _name(name)
        clean = await self._free_domains(domains, None, code)
        return await self._platforms.add(code, clean_name, clean)

    async def update(
        self, code: str, name: str | None = None, domains: Sequence[str] | None = None
    ) -> Platform:
        """Rename the platform and replace its domains (``None`` keeps the current value)."""
        current = await self.get_or_fail(code)
        new_name = current.name if name is None else _name(name)
        new_domains = current.domains if domains is None else domains
        clean = await self._free_domains(new_domains, current.id, current.code)
        return await self._platforms.update(current.id, new_name, clean)

    async def _free_domains(
        self, domains: Sequence[str], platform_id: int | None, code: str
    ) -> tuple[str, ...]:
        """The domains normalised (host names only), each refused when another platform
        answers on it, a vendor holds it verified, or it is the installation's own address
        and this is not the platform served there."""
        try:
            clean = tuple(dict.fromkeys(normalise_domain(d) for d in domains if d.strip()))
        except DomainInvalid as exc:
            raise DomainInvalid(exc.message, "domains") from exc
        for domain in clean:
            self._address.check(domain, "domains", code)
            owner = await self._platforms.by_domain(domain)
            if owner is not None and owner.id != platform_id:
                raise PlatformCodeTaken(
                    f"the domain '{domain}' already belongs to platform '{owner.code}'", "domains"
                )
            held = None if self._vendors is None else await self._vendors.by_domain(domain)
            if held is not None:
                raise PlatformCodeTaken(
                    f"the domain '{domain}' is verified for the vendor '{held[0].name}'", "domains"
                )
        return clean

    async def get(self, code: str) -> Platform | None:
        """The platform with ``code``."""
        return await self._platforms.by_code(code)

    async def get_or_fail(self, code: str) -> Platform:
        """The platform with ``code``; ``NotFound`` otherwise."""
        found = await self._platforms.by_code(code)
        if found is None:
            raise NotFound(f"no platform '{code}'", "platform")
        return found

    async def list(self, request: PageRequest) -> Page[Platform]:
        """A page of platforms."""
        return await self._platforms.page(request)

    async def all(self) -> Sequence[Platform]:
        """Every platform, by code (for choosing one in a form)."""
        return await self._platforms.all()


def _name(name: str) -> str:
    return check_name(name, "a platform")


class PlatformDirectoryService:
    """Implements the :class:`ports.platforms.PlatformDirectory` port for other modules."""

    def __init__(self, platforms: PlatformRepository) -> None:
        self._platforms = platforms

    @staticmethod
    def _ref(p: Platform | None) -> PlatformRef | None:
        return None if p is None else PlatformRef(p.id, p.code, p.name, p.domains)

    async def by_code(self, code: str) -> PlatformRef | None:
        """Find by code."""
        return self._ref(await self._platforms.by_code(code))

    async def by_host(self, host: str) -> PlatformRef | None:
        """Find by one of the platform's domains."""
        return self._ref(await self._platforms.by_domain(host.lower()))

    async def all(self) -> Sequence[PlatformRef]:
        """Every platform by code."""
        return [PlatformRef(p.id, p.code, p.name, p.domains) for p in await self._platforms.all()]
