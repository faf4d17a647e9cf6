"""Quality of :mod:`analysis.tone` on NewsMTSC sentences (neg / neu / pos).

Reads ``<shared>/data/tone/newsmtsc_mt_sentences.jsonl`` at run time and
compares, in the same run on the same sentences:

- the conflict-aware analyzer with the module thresholds
  (:data:`analysis.tone.NEG_THRESHOLD`, :data:`analysis.tone.POS_THRESHOLD`,
  set by reasoning, not fitted to this data);
- the same polarity with symmetric thresholds chosen by 5-fold
  cross-validation (each fold labelled with thresholds fitted on the other
  four: a held-out figure);
- plain TextBlob ``PatternAnalyzer`` polarity, threshold 0;
- VADER compound, thresholds +-0.05.

Reference on a comparable NewsMTSC split: TextBlob macro-F1 0.43, VADER 0.52.
NewsMTSC labels sentiment *towards the persons named*, so a neutral report of
a killing is ``neu`` there; the analyzer scores the sentence's tone.

Run: ``python -m benchmarks.eval_tone --shared ../shared``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from analysis.tone import NEG_THRESHOLD, POS_THRESHOLD, ConflictToneAnalyzer, textblob_tone

LABELS = ("neg", "neu", "pos")
GOLD = Path("data/tone/newsmtsc_mt_sentences.jsonl")
FOLDS = 5
GRID = tuple(i / 100 for i in range(0, 31))


def load_gold(shared: Path) -> list[tuple[str, str]]:
    """``(sentence, label)`` pairs of the NewsMTSC file."""
    with (shared / GOLD).open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [(row["sentence"], row["label"]) for row in rows]


def label(score: float, neg: float, pos: float) -> str:
    """``neg`` below ``neg``, ``pos`` above ``pos``, else ``neu``."""
    return "neg" if score < neg else "pos" if score > pos else "neu"


def f1_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Per-label F1."""
    out: dict[str, float] = {}
    for lab in LABELS:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        total = precision + recall
        out[lab] = 2 * precision * recall / total if total else 0.0
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Unweighted mean of the per-label F1."""
    scores = f1_scores(gold, pred)
    return sum(scores.values()) / len(scores)


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of exact label matches."""
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def cross_validated(
    scores: Sequence[float], gold: Sequence[str], folds: int = FOLDS, seed: int = 0
) -> tuple[list[str], list[float]]:
    """Held-out labels with symmetric thresholds fitted on the other folds.

    Returns the labels and the threshold chosen for each fold.
    """
    order = list(range(len(scores)))
    random.Random(seed).shuffle(order)
    parts = [order[k::folds] for k in range(folds)]
    pred = [""] * len(scores)
    chosen: list[float] = []
    for k, held in enumerate(parts):
        train = [i for j, part in enumerate(parts) if j != k for i in part]
        train_gold = [gold[i] for i in train]

        def fit(t: float, train: list[int] = train, train_gold: list[str] = train_gold) -> float:
            return macro_f1(train_gold, [label(scores[i], -t, t) for i in train])

        best = max(GRID, key=fit)
        chosen.append(best)
        for i in held:
            pred[i] = label(scores[i], -best, best)
    return pred, chosen


def confusion(gold: Sequence[str], pred: Sequence[str]) -> str:
    """Markdown confusion matrix (rows gold, columns predicted)."""
    counts = Counter(zip(gold, pred, strict=True))
    lines = ["| gold \\ predicted | " + " | ".join(LABELS) + " |", "|---|---|---|---|"]
    for g in LABELS:
        lines.append(f"| {g} | " + " | ".join(str(counts[(g, p)]) for p in LABELS) + " |")
    return "\n".join(lines)


def _vader() -> Callable[[str], float] | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # optional: the eval extra
        return None
    analyzer = SentimentIntensityAnalyzer()
    return lambda text: float(analyzer.polarity_scores(text)["compound"])


def evaluate(shared: Path) -> str:
    """Markdown report: accuracy, macro-F1, per-label F1, confusion, error patterns."""
    data = load_gold(shared)
    sentences = [s for s, _ in data]
    gold = [g for _, g in data]
    analyzer = ConflictToneAnalyzer()
    tones = [analyzer.analyze(s) for s in sentences]
    conflict = [t.polarity for t in tones]
    plain = [textblob_tone(s).polarity for s in sentences]
    systems: dict[str, list[str]] = {
        f"conflict-aware (thresholds {NEG_THRESHOLD:+.2f}/{POS_THRESHOLD:+.2f})": [
            t.label for t in tones
        ],
    }
    cv_pred, chosen = cross_validated(conflict, gold)
    systems[f"conflict-aware, {FOLDS}-fold CV thresholds (held-out)"] = cv_pred
    systems["TextBlob PatternAnalyzer (threshold 0)"] = [label(x, 0.0, 0.0) for x in plain]
    vader = _vader()
    if vader is not None:
        systems["VADER compound (+-0.05)"] = [label(vader(s), -0.05, 0.05) for s in sentences]
    counts = Counter(gold)
    out = [
        f"NewsMTSC sentences: {len(gold)} "
        f"(neg {counts['neg']}, neu {counts['neu']}, pos {counts['pos']}).",
        "",
        "| analyzer | accuracy | macro-F1 | F1 neg | F1 neu | F1 pos |",
        "|---|---|---|---|---|---|",
    ]
    for name, pred in systems.items():
        per = f1_scores(gold, pred)
        out.append(
            f"| {name} | {accuracy(gold, pred):.3f} | {macro_f1(gold, pred):.3f} | "
            + " | ".join(f"{per[lab]:.3f}" for lab in LABELS)
            + " |"
        )
    out += [
        "",
        f"CV thresholds per fold: {', '.join(f'+-{t:.2f}' for t in chosen)}.",
        f"Sentences with no scored word: conflict-aware "
        f"{sum(not t.assessments for t in tones)}, TextBlob "
        f"{sum(x == 0.0 for x in plain)} with polarity exactly 0.",
    ]
    for name, pred in systems.items():
        out += ["", f"Confusion, {name}:", "", confusion(gold, pred)]
    main = systems[next(iter(systems))]
    out += ["", "Top error patterns (conflict-aware): scored words in misclassified sentences", ""]
    for g, p in sorted({(g, p) for g, p in zip(gold, main, strict=True) if g != p}):
        words: Counter[str] = Counter()
        n = 0
        for tone, gl, pl in zip(tones, gold, main, strict=True):
            if gl == g and pl == p:
                n += 1
                words.update(chunk for chunk, _ in tone.assessments)
        common = ", ".join(f"{w} ({c})" for w, c in words.most_common(8)) or "(no scored words)"
        out.append(f"- gold {g}, predicted {p}: {n} sentences; {common}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args(argv)
    print(evaluate(args.shared))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
