"""Quality of :mod:`analysis.tone` on NewsMTSC sentences (neg / neu / pos).

Reads ``<shared>/data/tone/newsmtsc_mt_sentences.jsonl`` at run time and
compares, in the same run on the same sentences:

- the conflict-aware label as the module computes it: the evaluative score
  (:func:`analysis.tone.evaluative_polarity` with the module's
  ``EVENT_WEIGHT`` and ``SUBJECTIVITY_FLOOR``, which were chosen by the
  cross-validation below) against the thresholds
  (:data:`analysis.tone.NEG_THRESHOLD`, :data:`analysis.tone.POS_THRESHOLD`,
  set by reasoning, not fitted);
- the held-out figure for those two parameters: 5-fold cross-validation, each
  fold labelled with the (event weight, subjectivity floor) that maximise
  macro-F1 on the other four folds; THIS is the figure to quote;
- the evaluative score with symmetric thresholds chosen by 5-fold
  cross-validation (held-out);
- the plain conflict-aware polarity (every word, no event / subjectivity
  handling) with the module thresholds, to show what the split adds;
- plain TextBlob ``PatternAnalyzer`` polarity, threshold 0;
- VADER compound, thresholds +-0.05.

Reference on a comparable NewsMTSC split: TextBlob macro-F1 0.43, VADER 0.52.
NewsMTSC labels sentiment *towards the persons named*, so a neutral report of
a killing is ``neu`` there; the analyzer scores the sentence's tone.

Run: ``python -m benchmarks.eval_tone --shared ../shared``.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from analysis.tone import (
    EVENT_WEIGHT,
    NEG_THRESHOLD,
    POS_THRESHOLD,
    SUBJECTIVITY_FLOOR,
    ConflictToneAnalyzer,
    evaluative_polarity,
    textblob_tone,
)
from benchmarks._discover import run_one

LABELS = ("neg", "neu", "pos")
GOLD = Path("data/tone/newsmtsc_mt_sentences.jsonl")
FOLDS = 5
GRID = tuple(i / 100 for i in range(0, 31))
P = TypeVar("P")
EVENT_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
FLOORS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


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


def cross_validated_params(
    grid: Sequence[P],
    predict: Callable[[P, int], str],
    gold: Sequence[str],
    folds: int = FOLDS,
    seed: int = 0,
) -> tuple[list[str], list[P]]:
    """Held-out labels: each fold is labelled by ``predict(param, index)`` with the
    grid value that maximises macro-F1 on the other folds (first best on ties).

    Returns the labels and the parameter chosen for each fold.
    """
    order = list(range(len(gold)))
    random.Random(seed).shuffle(order)
    parts = [order[k::folds] for k in range(folds)]
    pred = [""] * len(gold)
    chosen: list[P] = []
    for k, held in enumerate(parts):
        train = [i for j, part in enumerate(parts) if j != k for i in part]
        train_gold = [gold[i] for i in train]
        best = max(grid, key=lambda p: macro_f1(train_gold, [predict(p, i) for i in train]))
        chosen.append(best)
        for i in held:
            pred[i] = predict(best, i)
    return pred, chosen


def cross_validated(
    scores: Sequence[float], gold: Sequence[str], folds: int = FOLDS, seed: int = 0
) -> tuple[list[str], list[float]]:
    """Held-out labels with symmetric thresholds fitted on the other folds.

    Returns the labels and the threshold chosen for each fold.
    """
    return cross_validated_params(
        GRID, lambda t, i: label(scores[i], -t, t), gold, folds=folds, seed=seed
    )


def confusion(gold: Sequence[str], pred: Sequence[str]) -> str:
    """Markdown confusion matrix (rows gold, columns predicted)."""
    counts = Counter(zip(gold, pred, strict=True))
    lines = ["| gold \\ predicted | " + " | ".join(LABELS) + " |", "|---|---|---|---|"]
    for g in LABELS:
        lines.append(f"| {g} | " + " | ".join(str(counts[(g, p)]) for p in LABELS) + " |")
    return "\n".join(lines)


def _vader() -> Callable[[str], float] | None:
    try:
        from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
            SentimentIntensityAnalyzer,
        )
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
    scores = [analyzer.scores(s) for s in sentences]
    plain = [textblob_tone(s).polarity for s in sentences]
    systems: dict[str, list[str]] = {
        f"conflict-aware label (event weight {EVENT_WEIGHT:g}, subjectivity floor "
        f"{SUBJECTIVITY_FLOOR:g}, thresholds {NEG_THRESHOLD:+.2f}/{POS_THRESHOLD:+.2f})": [
            t.label for t in tones
        ],
    }

    def split_label(param: tuple[float, float], i: int) -> str:
        sc = scores[i]
        value = evaluative_polarity(
            sc.polarity, sc.subjectivity, sc.event, event_weight=param[0], floor=param[1]
        )
        return label(value, NEG_THRESHOLD, POS_THRESHOLD)

    grid = [(w, f) for w in EVENT_WEIGHTS for f in FLOORS]
    split_pred, split_chosen = cross_validated_params(grid, split_label, gold)
    systems[f"conflict-aware, {FOLDS}-fold CV event weight + floor (held-out)"] = split_pred
    cv_pred, chosen = cross_validated([sc.evaluative for sc in scores], gold)
    systems[f"conflict-aware, {FOLDS}-fold CV thresholds (held-out)"] = cv_pred
    systems["conflict-aware polarity, no event/subjectivity split"] = [
        label(sc.polarity, NEG_THRESHOLD, POS_THRESHOLD) for sc in scores
    ]
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
        "CV (event weight, subjectivity floor) per fold: "
        + ", ".join(f"({w:g}, {f:g})" for w, f in split_chosen)
        + ".",
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


if __name__ == "__main__":
    raise SystemExit(run_one(evaluate, __doc__))
