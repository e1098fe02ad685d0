"""I/O adapters: SQLAlchemy, Litestar + Jinja2, arq + Redis."""
