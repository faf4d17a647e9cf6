"""Quality of the event coder on ../shared/data/events/cameo_examples.jsonl.

Each gold record is one sentence, coded with :func:`analysis.coder.code_sentence`
(no article context). When the coder emits several events, ONE prediction is
picked per sentence: **the first event in text order** (the first trigger),
because the gold records code the sentence's main event and news sentences
put the main predicate first; background events ("after the airstrike") are
already dropped by the coder. No event -> the prediction is ``no event``.

Measures
- direction: 4 predicted classes (escalation / de-escalation / neutral /
  no event) against the gold ``label`` (records with a null label are used
  for actor accuracy only). The gold has no "no event" records, so the
  headline macro-F1 averages the three gold classes; a ``no event``
  prediction is a miss for its gold class (it lowers recall). The
  4-class figure (with F1 = 0 for the unsupported ``no event`` class) is
  reported too.
- root accuracy: predicted 2-digit root == gold root, on records with an
  exact ``cameo_code`` (no event counts as wrong).
- quad accuracy: predicted quad class == gold ``quad_class`` where present.
- actors, on records with gold actor codes (``USA-GOV``, ``IGO``,
  ``SRB | BIH``...): *country* = the country part (intergovernmental
  organisations all count as ``IGO``, as in the gold); *full* = country +
  3-letter sector (gold ``***``
  and ethnic/religious suffixes are ignored: ``SRB-CVLalb`` -> ``SRBCVL``).
  Any of several gold alternatives counts. *Pair* accuracy: source AND
  target countries right, on records with both codes (either order when the
  gold says the actors are reciprocal).
- code normalisation (both sides, nothing else): the gold's legacy CAMEO
  country codes are read as today's ISO codes (``JAP`` -> ``JPN``, ``ITL`` ->
  ``ITA``, ``VTN`` -> ``VNM``, ...); the coder's CAMEO transnational codes
  ``IMG`` (international militant group), ``NGO`` and ``IGO`` are compared
  as such, every other organisation code (``UNO``, ``NATO``...) as ``IGO``.
- NGOs: the coder follows the CAMEO convention and codes non-governmental
  organisations as ``NGO`` (``NGOAMN`` Amnesty International, ``NGOIRC`` the
  Red Cross, ``NGO`` an unnamed human rights group; a national one is
  ``<country>NGO``). The gold is inconsistent here: it codes unnamed or
  little-known bodies as ``NGO`` but Amnesty International and the Red Cross
  / Red Crescent as ``IGO``. The headline actor figures compare the coder's
  codes as they are (strict); a second pair figure reads the coder's
  named NGOs (``NGOAMN``, not a bare ``NGO``) as ``IGO``, the gold's coding
  of named NGOs, and is reported when it differs. The product stays correct
  for analysts; neither side is rewritten to fit the other.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from analysis.coder import code_sentence
from analysis.dictionaries import default_dictionary
from analysis.records import ActorMention, CodedEvent
from benchmarks._discover import run_one

CLASSES = ("escalation", "de-escalation", "neutral")
PRED_CLASSES = (*CLASSES, "no event")


def _load(shared: Path) -> list[dict[str, object]]:
    path = shared / "data" / "events" / "cameo_examples.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pick(events: list[CodedEvent]) -> CodedEvent | None:
    """The one event compared with the gold: the first in text order."""
    return min(events, key=lambda e: e.trigger_start) if events else None


#: Legacy CAMEO country codes in the gold -> the ISO codes the dictionary uses.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UKG": "GBR", "GMY": "DEU",
                "ROM": "ROU", "ZAR": "COD", "BUR": "MMR", "SER": "SRB"}  # fmt: skip
#: CAMEO transnational actor codes kept as they are.
TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG"})


def _gold_codes(value: object) -> list[tuple[str, str]]:
    if not isinstance(value, str) or not value.strip():
        return []
    out = []
    for alt in value.split("|"):
        alt = alt.strip()
        country, _, sector = alt.partition("-")
        sector = sector[:3].upper() if sector and not sector.startswith("*") else ""
        country = country.strip()
        out.append((LEGACY_CODES.get(country, country), sector))
    return out


def _pred_code(m: ActorMention | None, *, ngo_as_igo: bool = False) -> tuple[str, str] | None:
    if m is None or not m.country:
        return None
    countries = default_dictionary().actors.countries
    country = m.country if m.country in countries or m.country in TRANSNATIONAL else "IGO"
    if ngo_as_igo and country == "NGO" and m.code != "NGO":  # a named NGO
        country = "IGO"
    return country, m.sector


def _pair_ok(r: dict[str, object], ev: CodedEvent | None, *, ngo_as_igo: bool) -> bool | None:
    """Source and target countries right (None: the gold lacks one of them)."""
    gs, gt = _gold_codes(r.get("source_actor_code")), _gold_codes(r.get("target_actor_code"))
    if not (gs and gt):
        return None
    ps = _pred_code(ev.actor1, ngo_as_igo=ngo_as_igo) if ev else None
    pt = _pred_code(ev.actor2, ngo_as_igo=ngo_as_igo) if ev else None
    gs_c, gt_c = {g[0] for g in gs}, {g[0] for g in gt}
    if r.get("actors_reciprocal") and ps and pt and ps[0] not in gs_c and pt[0] in gs_c:
        ps, pt = pt, ps
    return bool(ps and pt and ps[0] in gs_c and pt[0] in gt_c)


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(shared: Path) -> str:
    records = _load(shared)
    confusion: Counter[tuple[str, str]] = Counter()
    root_n = root_ok = quad_n = quad_ok = 0
    src_n = src_ok = src_full = tgt_n = tgt_ok = tgt_full = pair_n = pair_ok = 0
    pair_ok_ngo = 0
    errors: Counter[str] = Counter()
    missed_roots: Counter[str] = Counter()
    for r in records:
        text = str(r["text"])
        ev = pick(code_sentence(text))
        pred = ev.direction if ev else "no event"
        label = r.get("label")
        if isinstance(label, str):
            confusion[(label, pred)] += 1
            if pred != label:
                if ev is None:
                    missed_roots[
                        str(r.get("cameo_code") or "")[:2] or f"penta{r.get('penta_class')}"
                    ] += 1
                else:
                    errors[f"gold {label} -> {pred} via {ev.entry_id} ({ev.cameo_code})"] += 1
        code = r.get("cameo_code")
        if isinstance(code, str) and code:
            root_n += 1
            root_ok += bool(ev and ev.cameo_code[:2] == code[:2])
        quad = r.get("quad_class")
        if isinstance(quad, int):
            quad_n += 1
            quad_ok += bool(ev and ev.quad_class == quad)
        gs, gt = _gold_codes(r.get("source_actor_code")), _gold_codes(r.get("target_actor_code"))
        ps = _pred_code(ev.actor1) if ev else None
        pt = _pred_code(ev.actor2) if ev else None
        gs_c = {g[0] for g in gs}
        if r.get("actors_reciprocal") and ps and pt and ps[0] not in gs_c and pt[0] in gs_c:
            ps, pt = pt, ps
        if gs:
            src_n += 1
            src_ok += bool(ps and ps[0] in {g[0] for g in gs})
            src_full += bool(ps and ps in gs)
        if gt:
            tgt_n += 1
            tgt_ok += bool(pt and pt[0] in {g[0] for g in gt})
            tgt_full += bool(pt and pt in gt)
        if gs and gt:
            pair_n += 1
            pair_ok += bool(_pair_ok(r, ev, ngo_as_igo=False))
            pair_ok_ngo += bool(_pair_ok(r, ev, ngo_as_igo=True))

    f1s = {}
    for c in CLASSES:
        tp = confusion[(c, c)]
        fp = sum(confusion[(g, c)] for g in CLASSES if g != c)
        fn = sum(confusion[(c, p)] for p in PRED_CLASSES if p != c)
        f1s[c] = _f1(tp, fp, fn)
    macro3 = sum(f1s.values()) / 3
    macro4 = sum(f1s.values()) / 4
    n_dir = sum(confusion.values())
    acc = sum(confusion[(c, c)] for c in CLASSES) / n_dir if n_dir else 0.0
    no_event = sum(confusion[(c, "no event")] for c in CLASSES)

    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    lines = [
        "# Event coding (CAMEO) on cameo_examples.jsonl",
        "",
        f"- records: {len(records)}; with a direction label: {n_dir}",
        f"- **direction macro-F1 (3 gold classes): {macro3:.3f}** (target >= 0.80); "
        f"4-class incl. unsupported 'no event': {macro4:.3f}; accuracy {acc:.3f}",
        f"- sentences with no event coded: {no_event}/{n_dir}",
        f"- **root-code accuracy: {pct(root_ok, root_n)}** (target >= 0.70)",
        f"- quad-class accuracy: {pct(quad_ok, quad_n)}",
        f"- source actor: country {pct(src_ok, src_n)}, full code {pct(src_full, src_n)}",
        f"- target actor: country {pct(tgt_ok, tgt_n)}, full code {pct(tgt_full, tgt_n)}",
        f"- **actor-pair accuracy (both countries): {pct(pair_ok, pair_n)}** (target >= 0.75)",
        *(
            [
                f"- actor-pair accuracy reading the coder's NGO as IGO (the gold codes Amnesty "
                f"and the Red Cross as IGO): {pct(pair_ok_ngo, pair_n)}"
            ]
            if pair_ok_ngo != pair_ok
            else []
        ),
        "",
        "| class | F1 |",
        "|---|---|",
        *[f"| {c} | {f1s[c]:.3f} |" for c in CLASSES],
        "",
        "Confusion matrix (rows gold, columns predicted):",
        "",
        "| gold \\ pred | " + " | ".join(PRED_CLASSES) + " |",
        "|---|" + "---|" * len(PRED_CLASSES),
    ]
    for g in CLASSES:
        lines.append(f"| {g} | " + " | ".join(str(confusion[(g, p)]) for p in PRED_CLASSES) + " |")
    lines += ["", "Top error patterns (wrong direction, by dictionary entry):", ""]
    lines += [f"- {n} x {k}" for k, n in errors.most_common(15)]
    lines += ["", "Misses (no event coded), by gold root or Phoenix penta class:", ""]
    lines += [f"- {k}: {n}" for k, n in missed_roots.most_common(12)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(run_one(evaluate, __doc__))
