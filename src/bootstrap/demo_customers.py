"""The demo's customers: about 30 per demo vendor, seeded once (idempotent)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from mercato.bootstrap.container import ApplicationContainer
from mercato.domain.customers.model import Address, CustomerFilter, CustomerInput
from mercato.ports.pagination import PageRequest

__all__ = ["PER_VENDOR", "seed_demo_customers"]

PER_VENDOR = 30
_FIRST = (
    "Ana",
    "Bo",
    "Cecilia",
    "Dmitri",
    "Elin",
    "Farah",
    "Gustav",
    "Hana",
    "Ines",
    "Jonas",
    "Kaja",
    "Liam",
    "Maja",
    "Nils",
    "Olga",
    "Pedro",
    "Queenie",
    "Rasmus",
    "Sofia",
    "Tariq",
    "Ulla",
    "Viktor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoltan",
    "Amira",
    "Björn",
    "Chloé",
    "David",
)
_LAST = (
    "Lindqvist",
    "Okafor",
    "Nakamura",
    "Berg",
    "García",
    "Novak",
    "Haddad",
    "Schmidt",
    "Rossi",
    "Andersson",
    "Kowalski",
    "Dubois",
    "Svensson",
    "Ahmed",
    "Moreau",
)
_PLACES = (
    ("Storgatan 12", "211 34", "Malmö", "SE"),
    ("Drottninggatan 5", "111 51", "Stockholm", "SE"),
    ("Karl Johans gate 22", "0159", "Oslo", "NO"),
    ("Torstraße 140", "10119", "Berlin", "DE"),
    ("Rue de Rivoli 48", "75004", "Paris", "FR"),
    ("Calle Mayor 7", "28013", "Madrid", "ES"),
)
_TAGS = ("vip", "wholesale", "newsletter", "returning", "gift")


def _customers(slug: str) -> list[CustomerInput]:
    """The vendor's demo customers: the same ones on every run (seeded by the slug)."""
    pick = random.Random(slug)
    made = []
    for i in range(PER_VENDOR):
        first, last = _FIRST[i], pick.choice(_LAST)
        domain = "example.org" if i % 3 == 0 else "example.com"
        addresses: Sequence[Address] = ()
        if i % 2 == 0:
            line1, postal, city, country = pick.choice(_PLACES)
            addresses = (Address(line1, city, country, postal_code=postal, label="Home"),)
        made.append(
            CustomerInput(
                email=f"{first}.{last}.{slug}@{domain}".lower()
                .replace("é", "e")
                .replace("ö", "o")
                .replace("í", "i"),
                name=f"{first} {last}",
                phone=f"+46 70 {pick.randint(100, 999)} {pick.randint(10, 99)} {i:02d}"
                if i % 4
                else "",
                addresses=addresses,
                marketing_consent=i % 3 != 1,
                notes="Prefers delivery after 17:00." if i % 7 == 0 else "",
                tags=tuple(t for t in _TAGS if pick.random() < 0.25),
            )
        )
    return made


async def seed_demo_customers(c: ApplicationContainer, slugs: Sequence[str]) -> int:
    """Seed the demo vendors' customers; a vendor that has customers already is left as it
    is (running the demo twice adds nothing). Returns how many were added."""
    vendors = c.components().container("tenancy").vendors()
    customers = c.components().container("customers").customers()
    added = 0
    for slug in slugs:
        vendor = await vendors.by_slug(slug)
        if vendor is None:
            continue
        if (await customers.page(vendor.id, PageRequest(1, 1), CustomerFilter())).total:
            continue
        for given in _customers(slug):
            await customers.create(vendor.id, given)
            added += 1
    return added
