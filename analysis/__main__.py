"""``python -m analysis`` is the ``tension`` command."""

from analysis.cli import run

run()
