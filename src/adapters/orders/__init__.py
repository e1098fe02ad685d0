"""Adapters of the orders module: tables, repositories, JSON API and pages."""
