"""Adapters of the core module."""
