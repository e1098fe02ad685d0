"""The customers module: a vendor's customers (core: always on)."""
