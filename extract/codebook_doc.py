"""The codebook as a user reads it (``xxgk codebook``): text, CSV or Markdown, from the shipped ``patterns/``."""
from __future__ import annotations

import csv
import io

from .codebook import _read
from .stages import HEADLINES

FORMATS = ("text", "csv", "md")
COLUMNS = ("code", "label_zh", "unit", "dimensions", "parent", "eras", "aliases", "note")


def _rows(name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_read(name))))


def _md_cell(v: str) -> str:
    return (v or "").replace("|", "\\|").replace("\n", " ")


def render(fmt: str = "text") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return _read("indicators.csv")
    ind, dims = _rows("indicators.csv"), _rows("dimensions.csv")
    if fmt == "md":
        out = ["# Codebook (patterns/indicators.csv)", "",
               "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        out += ["| " + " | ".join(_md_cell(r.get(c, "")) for c in COLUMNS) + " |" for r in ind]
        out += ["", "## Dimensions (patterns/dimensions.csv)", "", "| set | code | label_zh | note |", "|---|---|---|---|"]
        out += [f"| {r['set']} | {r['code']} | {_md_cell(r['label_zh'])} | {_md_cell(r['note'])} |" for r in dims]
        out += ["", "## Headline columns (reports, panel): codes feeding each, in order of preference", "",
                "| column | pre2019 | t2019 | t2021 |", "|---|---|---|---|"]
        for col, per_era in HEADLINES.items():
            cells = [", else ".join(per_era.get(e, per_era["*"])) for e in ("pre2019", "t2019", "t2021")]
            out.append(f"| {col} | " + " | ".join(cells) + " |")
        return "\n".join(out) + "\n"
    width = max(len(r["code"]) for r in ind)
    out = [f"{'code'.ljust(width)}  unit    dimensions  eras / label"]
    for r in ind:
        unit = r["unit"].split(" ")[0]
        out.append(f"{r['code'].ljust(width)}  {unit.ljust(6)}  {r['dimensions'].ljust(10)}  {r['eras']}")
        out.append(f"{''.ljust(width)}  {r['label_zh']}" + (f"  — {r['note']}" if r["note"] else ""))
    out += ["", "dimensions:"]
    out += [f"  {r['set']:<10} {r['code']:<20} {r['label_zh']}" for r in dims]
    return "\n".join(out) + "\n"
