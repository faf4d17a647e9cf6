"""Speed of :func:`analysis.dates.tag_dates` against ``dateparser.search.search_dates``.

Both run in this process, one core, on the TimeBank/AQUAINT documents
(``<shared>/data/timex/docs.jsonl``), each document with its DCT as the relative base.

1. Throughput (target >= 50 documents/s): ``tag_dates`` over all documents, first the
   first pass of the process (its per-process rule cache, ``_RULES_AT`` of
   :mod:`analysis.timex.patterns`, still empty: cold), then the best of :data:`REPEATS`
   passes (warm).
2. Ratio (target >= 20x): dateparser is slow, so both run on a sample of
   :data:`SAMPLE_DOCS` documents, **both warm**: ``tag_dates`` has run over the sample in
   the passes of 1, dateparser runs over it once untimed (its language data is loaded
   lazily); then :data:`REPEATS` interleaved rounds (one pass of each per round, so that
   a burst of machine load hits both alike) and the best pass of each is compared.

Run: ``python -m benchmarks.bench_dates --shared ../shared``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from analysis.dates import tag_dates
from analysis.timex.patterns import RULES_AT
from benchmarks._discover import run_one
from benchmarks._timing import best_of

SAMPLE_DOCS = 40
REPEATS = 3


def _docs(shared: Path) -> list[tuple[str, dt.date]]:
    path = shared / "data" / "timex" / "docs.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(r["text"], dt.date.fromisoformat(r["dct"])) for r in rows]


def bench(shared: Path) -> str:
    """Markdown report: seconds, docs/s and the ratio to dateparser on the same documents."""
    if not (shared / "data" / "timex" / "docs.jsonl").exists():
        return "## Dates speed\n\nskipped: no timex data under " + str(shared) + "\n"
    docs = _docs(shared)
    step = max(1, len(docs) // SAMPLE_DOCS)
    sample = docs[::step][:SAMPLE_DOCS]

    def ours(items: list[tuple[str, dt.date]]) -> Callable[[], object]:
        return lambda: [tag_dates(text, dct) for text, dct in items]

    cached_before = len(RULES_AT)  # 0 unless something in this process tagged dates before
    cold_all = best_of(ours(docs), 1)  # first in the process: the rule cache is empty
    ours_all = best_of(ours(docs), REPEATS)
    lines = ["## Dates speed: tag_dates vs dateparser.search.search_dates", ""]
    try:
        from dateparser.search import search_dates  # type: ignore[import-untyped]
    except ImportError:
        search_dates = None
    if search_dates is not None:
        def theirs() -> object:
            out = []
            for text, dct in sample:
                base = dt.datetime(dct.year, dct.month, dct.day)
                out.append(search_dates(text, languages=["en"],
                                        settings={"RELATIVE_BASE": base}))
            return out

        theirs()  # untimed, as tag_dates's passes above: both sides warm
        dp = ours_sample = float("inf")
        for _ in range(REPEATS):  # interleaved: a burst of load hits both alike
            dp = min(dp, best_of(theirs, 1))
            ours_sample = min(ours_sample, best_of(ours(sample), 1))
        ratio = dp / ours_sample if ours_sample else float("inf")
        lines += [
            f"- sample: {len(sample)} documents, {sum(len(t) for t, _ in sample):,} characters;"
            f" both warm, best of {REPEATS} interleaved passes each",
            f"- dateparser.search_dates: {dp:.3f} s ({len(sample) / dp:.1f} docs/s)",
            f"- tag_dates: {ours_sample:.4f} s ({len(sample) / ours_sample:.0f} docs/s)",
            f"- **ratio: tag_dates is {ratio:.0f}x faster** (target >= 20x)",
        ]
    else:
        lines.append("- dateparser not installed: ratio not measured")
    chars = sum(len(t) for t, _ in docs)
    lines += [
        f"- all {len(docs)} documents ({chars:,} characters): first pass (rule cache "
        f"entries before it: {cached_before}) "
        f"{cold_all:.3f} s = {len(docs) / cold_all:.0f} docs/s; best of {REPEATS} warm "
        f"passes {ours_all:.3f} s = **{len(docs) / ours_all:.0f} docs/s** on one core "
        f"(target >= 50), {chars / ours_all / 1e6:.2f} M chars/s",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
