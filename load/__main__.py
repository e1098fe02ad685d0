"""``python -m load``: seed, serve, drive every target, print the table, write the JSON."""

from load.run import main

raise SystemExit(main())
