"""``python -m bench``: run every benchmark, print the table, write var/bench/latest.json."""

from bench.run import main

raise SystemExit(main())
