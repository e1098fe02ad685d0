"""Shared web infrastructure: request tenancy, guards, errors, templates, health."""
