"""``python -m analysis`` is the ``tension`` command."""

from analysis.cli import main

raise SystemExit(main())
