"""``mercato demo --size large``: a marketplace at scale on PostgreSQL, written in bulk.

About 1,000 vendors (one much larger than the rest), 60,000 products with 200,000
variants, 100,000 customers and 1,000,000 orders over a year with their lines, stock
ledger, reservations, counters and rollups (at ``scale`` 1; ``scale`` 0.01 writes a
hundredth). See :func:`mercato.bootstrap.demo_large.run.generate`.
"""

from mercato.bootstrap.demo_large.run import LargeDemoReport, generate, generated_vendors

__all__ = ["LargeDemoReport", "generate", "generated_vendors"]
