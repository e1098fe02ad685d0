"""Shared database infrastructure: engine, metadata, unit of work, migrations."""
