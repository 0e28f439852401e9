"""Score a run's ``records`` against gold CSVs, exactly as ANNOTATION.md says.

Key = (file stem, indicator, dimension, source).  Recall counts required gold keys found with a
matching value; precision counts predicted (key, value) pairs that match a gold row (required or
not) — for ``text``, keys absent from the gold count only for the core codes.  A document
present in several formats is scored once per format.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

CORE_TEXT_PREFIXES = ("active.total", "active.by_channel.", "consult.", "apply.new_received",
                      "apply.received.total", "review.", "litigation.", "fee.")


def is_core(indicator: str) -> bool:
    return any(indicator == p or (p.endswith(".") and indicator.startswith(p)) for p in CORE_TEXT_PREFIXES)


def values_match(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-7, abs_tol=1e-9)


@dataclass
class DocScore:
    doc: str
    source: str
    tp_recall: int = 0
    n_required: int = 0
    tp_precision: int = 0
    n_predicted: int = 0
    missed: list = field(default_factory=list)  # (indicator, dimension, expected, note, found values)
    wrong: list = field(default_factory=list)  # (indicator, dimension, value, raw)

    @property
    def recall(self) -> float:
        return self.tp_recall / self.n_required if self.n_required else 1.0

    @property
    def precision(self) -> float:
        return self.tp_precision / self.n_predicted if self.n_predicted else 1.0


@dataclass
class EvalResult:
    scores: list[DocScore]
    unmatched_gold: list[str]

    def totals(self, source: str) -> tuple[int, int, int, int]:
        rows = [s for s in self.scores if s.source == source]
        return (sum(s.tp_precision for s in rows), sum(s.n_predicted for s in rows),
                sum(s.tp_recall for s in rows), sum(s.n_required for s in rows))


def _read_out(out_dir: Path, name: str) -> pd.DataFrame:
    pq = out_dir / f"{name}.parquet"
    if pq.exists():
        return pd.read_parquet(pq)
    return pd.read_csv(out_dir / f"{name}.csv", encoding="utf-8-sig")


def evaluate(out_dir: Path, gold_dir: Path) -> EvalResult:
    out_dir, gold_dir = Path(out_dir), Path(gold_dir)
    records = _read_out(out_dir, "records")
    reports = _read_out(out_dir, "reports")
    golds = {p.stem: pd.read_csv(p, encoding="utf-8-sig") for p in sorted(gold_dir.glob("*.csv"))}
    by_stem: dict[str, list[str]] = defaultdict(list)
    for f in reports["file"].astype(str):
        by_stem[Path(f).stem].append(f)
    scores: list[DocScore] = []
    unmatched = []
    for stem, gold in golds.items():
        files = by_stem.get(stem)
        if not files:
            unmatched.append(stem)
            continue
        gold_has_table = (gold["source"] == "table").any()
        for f in sorted(files):
            recs = records[records["file"].astype(str) == f]
            for source in ("table", "text"):
                if source == "table" and not gold_has_table:
                    continue
                scores.append(_score(f, source, gold[gold["source"] == source], recs[recs["source"] == source]))
    return EvalResult(scores, unmatched)


def _score(doc: str, source: str, gold: pd.DataFrame, recs: pd.DataFrame) -> DocScore:
    s = DocScore(doc=doc, source=source)
    gold_vals: dict[tuple, list[float]] = defaultdict(list)
    for g in gold.itertuples():
        gold_vals[(g.indicator, g.dimension)].append(float(g.value))
    pred: dict[tuple, dict[float, str]] = defaultdict(dict)
    for r in recs.itertuples():
        key = (r.indicator, r.dimension)
        if not any(values_match(v, r.value) for v in pred[key]):
            pred[key][float(r.value)] = str(r.raw)
    for g in gold.itertuples():
        if int(g.required) != 1:
            continue
        s.n_required += 1
        key = (g.indicator, g.dimension)
        if any(values_match(v, g.value) for v in pred.get(key, {})):
            s.tp_recall += 1
        else:
            s.missed.append((g.indicator, g.dimension, float(g.value), str(g.note) if isinstance(g.note, str) else "",
                             sorted(pred.get(key, {}))))
    for key, vals in pred.items():
        for v, raw in vals.items():
            if source == "text" and key not in gold_vals and not is_core(key[0]):
                continue
            if key[0].startswith("x."):
                continue
            s.n_predicted += 1
            if any(values_match(v, gv) for gv in gold_vals.get(key, [])):
                s.tp_precision += 1
            else:
                s.wrong.append((key[0], key[1], v, raw, gold_vals.get(key, [])))
    return s


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def format_report(res: EvalResult, show_errors: bool = True, source: str | None = None) -> str:
    lines = []
    sources = [source] if source else ["table", "text"]
    lines.append(f"{'source':<6} {'precision':>9} {'recall':>7} {'tp/pred':>10} {'tp/req':>10}")
    for src in sources:
        tp_p, n_p, tp_r, n_r = res.totals(src)
        p = tp_p / n_p if n_p else 1.0
        r = tp_r / n_r if n_r else 1.0
        lines.append(f"{src:<6} {p:>9.3f} {r:>7.3f} {f'{tp_p}/{n_p}':>10} {f'{tp_r}/{n_r}':>10}")
    lines.append("")
    lines.append(f"{'document':<34} {'source':<6} {'precision':>9} {'recall':>7} {'pred':>5} {'req':>5}")
    for s in res.scores:
        if s.source not in sources:
            continue
        lines.append(f"{s.doc:<34} {s.source:<6} {s.precision:>9.3f} {s.recall:>7.3f} {s.n_predicted:>5} "
                     f"{s.n_required:>5}")
    if show_errors:
        for s in res.scores:
            if s.source not in sources or not (s.missed or s.wrong):
                continue
            lines.append(f"\n## {s.doc} [{s.source}]")
            for ind, dim, exp, note, found in s.missed:
                got = ("found " + ", ".join(_fmt(v) for v in found)) if found else "not found"
                lines.append(f"  MISSED {ind} [{dim}] = {_fmt(exp)} ({got}) {note}")
            for ind, dim, v, raw, gv in s.wrong:
                exp = ("gold " + ", ".join(_fmt(x) for x in gv)) if gv else "not in gold"
                lines.append(f"  WRONG  {ind} [{dim}] = {_fmt(v)} ({exp}) raw: {raw[:60]}")
    if res.unmatched_gold:
        lines.append(f"\ngold without a document in this run: {', '.join(res.unmatched_gold)}")
    return "\n".join(lines)
