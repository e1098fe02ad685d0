"""The catalog module's adapters: tables, repositories, pages and JSON API."""
