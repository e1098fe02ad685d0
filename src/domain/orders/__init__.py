"""Orders: per-vendor numbered orders, their three state machines, rollups and events."""
