"""The tenancy module: platforms (and, with the tenancy issue, vendors, users and teams)."""
