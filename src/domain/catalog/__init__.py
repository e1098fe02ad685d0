"""The catalog module: a vendor's products and their variants (optional; ADR 0018)."""
