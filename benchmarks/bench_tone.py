"""Speed of :class:`analysis.tone.ConflictToneAnalyzer` against TextBlob's
``PatternAnalyzer`` on the same NewsMTSC sentences in the same run.

Reports the ratio of best-of-N wall times (extended / plain); target <= 1.3x.
Both lexicons are loaded before timing.

Run: ``python -m benchmarks.bench_tone --shared ../shared``.
"""

from __future__ import annotations

from pathlib import Path

from textblob.en.sentiments import PatternAnalyzer

from analysis.tone import ConflictToneAnalyzer
from benchmarks._discover import run_one
from benchmarks._timing import best_over
from benchmarks.eval_tone import load_gold

REPEATS = 7
TARGET_RATIO = 1.3



def bench(shared: Path) -> str:
    """Markdown report with both timings and their ratio."""
    texts = [sentence for sentence, _ in load_gold(shared)]
    plain = PatternAnalyzer()
    extended = ConflictToneAnalyzer()
    plain.analyze(texts[0])  # load both lexicons before timing
    extended.analyze(texts[0])
    # interleave the two so that machine noise hits both alike
    t_plain = t_ext = float("inf")
    for _ in range(REPEATS):
        t_plain = min(t_plain, best_over(plain.analyze, texts, 1))
        t_ext = min(t_ext, best_over(extended.analyze, texts, 1))
    ratio = t_ext / t_plain
    n = len(texts)
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    return "\n".join(
        [
            f"{n} sentences, best of {REPEATS} runs each, interleaved.",
            "",
            "| analyzer | total (ms) | per sentence (us) |",
            "|---|---|---|",
            f"| TextBlob PatternAnalyzer | {t_plain * 1e3:.1f} | {t_plain / n * 1e6:.0f} |",
            f"| ConflictToneAnalyzer | {t_ext * 1e3:.1f} | {t_ext / n * 1e6:.0f} |",
            "",
            f"Ratio extended / plain: {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target).",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(run_one(bench, __doc__))
