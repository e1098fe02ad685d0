"""Inventory: stock per variant and location, kept as an append-only ledger."""
