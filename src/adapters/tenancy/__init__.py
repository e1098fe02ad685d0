"""Adapters of the tenancy module."""
