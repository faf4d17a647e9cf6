"""Throughput of the event coder (``analysis.coder.code_sentence``), sentences per second.

Sentences: the texts of ../shared/data/events/cameo_examples.jsonl plus the sentences
of ../shared/data/corpora/voa_stories.jsonl when present (split on sentence-final
punctuation). Timed: ``code_sentence(sentence)`` with the packaged dictionary, one
sentence after another, one core, in this process. The dictionary is built before
timing (it is cached per process, as in an ingest's workers).

Reported: the first pass (the coder's per-process caches still empty) and then the best
of :data:`REPEATS` passes (steady state, as deep into an ingest), as sentences/s against the
target (>= 2,000 sentences/s on one core). There is no baseline ratio: no other coder is
installed to compare with, and a ratio to a trivial pass (the ``lower().split()`` this
benchmark used to print) says nothing about the coder. Absolute rates depend on the
machine and its load: note ``uptime`` when quoting them.

Run: ``python -m benchmarks.bench_events --shared ../shared``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.coder import code_sentence
from analysis.dictionaries import default_dictionary
from benchmarks._discover import run_one
from benchmarks._timing import best_of

REPEATS = 3
TARGET = 2_000

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def _sentences(shared: Path) -> list[str]:
    out: list[str] = []
    ex = shared / "data" / "events" / "cameo_examples.jsonl"
    with ex.open(encoding="utf-8") as fh:
        out += [json.loads(line)["text"] for line in fh if line.strip()]
    voa = shared / "data" / "corpora" / "voa_stories.jsonl"
    if voa.exists():
        with voa.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    text = str(json.loads(line).get("text") or "")
                    out += [s for s in _SPLIT.split(text) if s.strip()]
    return out


def bench(shared: Path) -> str:
    texts = _sentences(shared)
    default_dictionary()

    def one_pass() -> None:
        for text in texts:
            code_sentence(text)

    first = best_of(one_pass, 1)
    best = best_of(one_pass, REPEATS)
    n = len(texts)
    rate = n / best
    verdict = "meets" if rate >= TARGET else "MISSES"
    return "\n".join([
        "# Event coder throughput",
        "",
        f"- sentences: {n:,} ({sum(map(len, texts)) / n:.0f} characters on average), one core",
        f"- first pass: {first:.3f} s = {n / first:,.0f} sentences/s",
        f"- then best of {REPEATS} passes: {best:.3f} s = **{rate:,.0f} sentences/s** "
        f"(target >= {TARGET:,}: {verdict})",
        "- no baseline ratio (see the module docstring)",
    ]) + "\n"


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
