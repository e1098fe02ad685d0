"""Mercato's pure modules: entities, rules, use cases, and the module kernel."""
