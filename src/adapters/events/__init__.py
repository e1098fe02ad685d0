"""Events between modules: the outbox publisher, its store, and delivery after commit."""
