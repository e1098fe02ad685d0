"""One dependency-injector container per built-in module, named by its ``wiring`` reference."""
