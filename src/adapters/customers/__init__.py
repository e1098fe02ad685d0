"""The customers module's adapters: tables, repository, JSON API and pages."""
