"""Inventory adapters: tables, repositories, routes, tasks."""
