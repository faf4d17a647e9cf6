"""The event-coder eval and speed reports, on a small fixed input written here (not the
shared gold): the figures they print are the ones counted by hand from that input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

# (text, gold fields): hand-written sentences the coder codes unambiguously, plus a sentence
# with no event, one labelled against the coder's direction and one with no direction label
RECORDS: list[dict[str, object]] = [
    {"text": "Pakistan launched airstrikes on Iran.", "label": "escalation",
     "cameo_code": "195", "quad_class": 4, "source_actor_code": "PAK",
     "target_actor_code": "IRN"},
    # the gold's military sector is not in the text: country right, full code wrong
    {"text": "Iran fired missiles at Pakistan.", "label": "escalation", "cameo_code": "195",
     "quad_class": 4, "source_actor_code": "IRN-MIL", "target_actor_code": "PAK"},
    # reciprocal: the gold's order is the reverse of the coder's, which counts as right
    {"text": "Pakistan and Iran signed a security cooperation agreement.",
     "label": "de-escalation", "cameo_code": "057", "quad_class": 1,
     "source_actor_code": "IRN", "target_actor_code": "PAK", "actors_reciprocal": True},
    {"text": "The foreign minister of Pakistan visited Tehran.", "label": "de-escalation",
     "cameo_code": "042", "quad_class": 1, "source_actor_code": "PAK-GOV",
     "target_actor_code": "IRN"},
    {"text": "Iran commented on the situation in Pakistan.", "label": "neutral",
     "cameo_code": "010", "quad_class": 1, "source_actor_code": "IRN",
     "target_actor_code": "PAK"},
    # a legacy CAMEO country code in the gold (JAP = JPN)
    {"text": "The Japanese government asked China for information about the ship.",
     "label": "neutral", "cameo_code": "020", "quad_class": 1,
     "source_actor_code": "JAP-GOV", "target_actor_code": "CHN"},
    {"text": "The weather in Karachi was mild.", "label": "neutral", "cameo_code": "010",
     "quad_class": 1},
    # gold direction and actors against the coder's (de-escalation, DEU -> FRA)
    {"text": "Germany consulted France on the budget.", "label": "neutral",
     "cameo_code": "040", "quad_class": 1, "source_actor_code": "FRA",
     "target_actor_code": "GMY"},
    {"text": "Iran's foreign minister met his Pakistani counterpart in Islamabad.",
     "label": None, "cameo_code": "044", "quad_class": 1,
     "source_actor_code": "IRN-GOV", "target_actor_code": "PAK-GOV"},
]


def _shared(tmp_path: Path, *, voa: list[str] | None = None) -> Path:
    events = tmp_path / "shared" / "data" / "events"
    events.mkdir(parents=True)
    lines = [json.dumps({"id": f"t{i}", **r}) for i, r in enumerate(RECORDS)]
    (events / "cameo_examples.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if voa is not None:
        corpora = tmp_path / "shared" / "data" / "corpora"
        corpora.mkdir()
        (corpora / "voa_stories.jsonl").write_text(
            "".join(json.dumps({"id": f"v{i}", "text": t}) + "\n" for i, t in enumerate(voa)),
            encoding="utf-8")
    return tmp_path / "shared"


def _figure(report: str, label: str) -> str:
    """The figure printed after ``label: `` (bold or not): ``0.822`` or ``0.889 (8/9)``."""
    match = re.search(re.escape(label) + r": (\d\.\d{3}(?: \(\d+/\d+\))?)", report)
    assert match, f"{label!r} not in report:\n{report}"
    return match.group(1)


def test_eval_report_figures_on_a_fixed_input(tmp_path: Path) -> None:
    from benchmarks.eval_events import evaluate

    report = evaluate(_shared(tmp_path))
    assert "- records: 9; with a direction label: 8" in report
    # per class: escalation 2/2 right (F1 1); de-escalation 2 right + 1 neutral taken for
    # it (P 2/3, R 1: F1 0.8); neutral 2 of 4 right, 1 no event (P 1, R 1/2: F1 2/3)
    assert float(_figure(report, "direction macro-F1 (3 gold classes)")) == pytest.approx(
        (1 + 0.8 + 2 / 3) / 3, abs=5e-4)  # 0.822
    assert "4-class incl. unsupported 'no event': 0.617; accuracy 0.750" in report
    assert "| escalation | 1.000 |" in report and "| de-escalation | 0.800 |" in report
    assert "| neutral | 0.667 |" in report
    assert "- sentences with no event coded: 1/8" in report
    assert _figure(report, "root-code accuracy") == "0.889 (8/9)"  # the no-event one wrong
    assert _figure(report, "quad-class accuracy") == "0.889 (8/9)"
    assert "- source actor: country 0.875 (7/8), full code 0.750 (6/8)" in report
    assert "- target actor: country 0.875 (7/8), full code 0.875 (7/8)" in report
    assert _figure(report, "actor-pair accuracy (both countries)") == "0.875 (7/8)"
    assert "reading the coder's NGO as IGO" not in report  # no NGO in the input
    rows = {line.split(" | ")[0].lstrip("| "): line.strip(" |").split(" | ")[1:]
            for line in report.splitlines()
            if line.startswith(("| escalation | ", "| de-escalation | ", "| neutral | "))
            and line.count("|") == 6}
    assert rows == {"escalation": ["2", "0", "0", "0"], "de-escalation": ["0", "2", "0", "0"],
                    "neutral": ["0", "1", "2", "1"]}
    assert re.search(r"^- 1 x gold neutral -> de-escalation via \S+ \(040\)$", report, re.M)
    assert re.search(r"^- 01: 1$", report, re.M)  # the miss, by its gold root


def test_bench_report_counts_the_sentences_and_its_figures_agree(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench report's figures from the times measured (replaced here: no timing)."""
    from benchmarks import bench_events

    story = ("Iran fired missiles at Pakistan. Pakistan condemned the strikes! "
             "“We will respond,” a minister said. no capital after this. Done?")
    shared = _shared(tmp_path, voa=[story, ""])
    texts = bench_events._sentences(shared)
    assert texts[:len(RECORDS)] == [r["text"] for r in RECORDS]
    assert texts[len(RECORDS):] == [
        "Iran fired missiles at Pakistan.", "Pakistan condemned the strikes!",
        "“We will respond,” a minister said. no capital after this.", "Done?"]
    n = len(texts)
    coded: list[str] = []
    real_code = bench_events.code_sentence

    def counted_code(text: str) -> object:
        coded.append(text)
        return real_code(text)

    times: dict[int, float] = {}  # repeats -> the time the fake timer reports

    def fake_best_of(fn: Callable[[], object], repeats: int = 3) -> float:
        fn()  # one pass, to see what would be timed
        return times[repeats]

    monkeypatch.setattr(bench_events, "code_sentence", counted_code)
    monkeypatch.setattr(bench_events, "best_of", fake_best_of)
    times.update({1: 0.8, bench_events.REPEATS: 0.5})
    report = bench_events.bench(shared)
    assert coded == texts + texts  # the first pass, then the best of REPEATS: every sentence
    average = sum(map(len, texts)) / n
    assert f"- sentences: {n} ({average:.0f} characters on average), one core" in report
    assert f"- first pass: 0.800 s = {n / 0.8:.0f} sentences/s" in report  # 16
    assert (f"- then best of {bench_events.REPEATS} passes: 0.500 s = **{n / 0.5:.0f} "
            "sentences/s** (target >= 2,000: MISSES)") in report  # 26
    times.update({1: 0.01, bench_events.REPEATS: 0.004})
    report = bench_events.bench(shared)
    assert f"**{n / 0.004:,.0f} sentences/s** (target >= 2,000: meets)" in report  # 3,250
