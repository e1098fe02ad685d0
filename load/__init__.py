"""``make load``: Mercato over HTTP under load, next to a bare Litestar handler.

Run ``python -m load`` from the project root. It seeds a fresh PostgreSQL database with
``mercato demo``, serves it with ``mercato serve --workers N`` and a bare Litestar handler
with uvicorn and the same worker count, drives each target for a fixed time on loopback,
prints a table and writes ``var/load/latest.json``. See ``docs/load.md``.
"""

__all__: list[str] = []
