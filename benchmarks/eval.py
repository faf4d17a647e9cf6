"""``make eval``: quality against the external gold data in ../shared."""

from __future__ import annotations

from benchmarks._discover import run_all

if __name__ == "__main__":
    raise SystemExit(run_all("eval_", "evaluate", __doc__ or ""))
