"""Speed of the event coder (sentences per second, per core).

Sentences: the texts of ../shared/data/events/cameo_examples.jsonl plus the
sentences of ../shared/data/corpora/voa_stories.jsonl when present (split on
sentence-final punctuation). The dictionary is built before timing (it is
cached per process). Baseline, measured in the same run on the same texts:
a plain ``str.lower()`` + ``str.split()`` pass. The ratio coder/baseline is
the machine-independent figure; sentences/s is reported as well.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.coder import code_sentence
from analysis.dictionaries import default_dictionary
from benchmarks._discover import run_one
from benchmarks._timing import best_over

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
    base = best_over(lambda s: s.lower().split(), texts)
    coder = best_over(code_sentence, texts)
    n = len(texts)
    rate = n / coder if coder else float("inf")
    return (
        "\n".join(
            [
                "# Event coder speed",
                "",
                f"- sentences: {n} (best of 3 runs, one core)",
                f"- coder: {coder:.3f} s = **{rate:,.0f} sentences/s** (target >= 2,000)",
                f"- baseline lower()+split(): {base:.4f} s = {n / base:,.0f} sentences/s",
                f"- ratio coder / baseline time: {coder / base:.0f}x",
            ]
        )
        + "\n"
    )


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
