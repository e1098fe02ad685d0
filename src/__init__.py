"""Mercato: a modular, multi-platform marketplace platform.

The import package's four layers, imported only downwards: ``mercato.bootstrap`` (the
composition root) -> ``mercato.adapters`` (I/O) -> ``mercato.domain`` (pure modules and the
module kernel) -> ``mercato.ports`` (the shared vocabulary). Library use starts at
``mercato.bootstrap.open_mercato``. Importing this package imports nothing else.
"""

__all__: list[str] = []
