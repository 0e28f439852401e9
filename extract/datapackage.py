"""``OUT/datapackage.json``: a Frictionless Data Package describing every output file of a run.

Written with the standard library only (the ``frictionless`` package is needed only to validate it).  Each CSV is
a tabular resource with its Table Schema (names, types from the Parquet twin, descriptions, units); the Parquet twin
is named in the resource (``parquet``); the codebook travels with the data as resources ``codebook`` and
``dimensions``; the figures are listed as resources too.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from .codebook import _read, indicators
from .writers import _atomic_write

PACKAGE_NAME = "xxgk-extract-run"
# Column meanings (OUTPUT.md and the README); a column not listed here is described from the codebook or left bare.
DESCRIPTIONS = {
    "report_id": "first 16 hex digits of the SHA-256 of the input file's bytes",
    "file": "input file, relative to the input folder",
    "indicator": "a code of the codebook (resource codebook)",
    "dimension": "a code of resource dimensions; total when the indicator has no breakdown",
    "value": "the number in the codebook unit (money in 元)",
    "unit": "the codebook unit of the indicator",
    "source": "table (a cell of a statistics table) or text (a sentence of the narrative)",
    "raw": "the text as printed: the cell text, or the matched phrase",
    "qualifier": "approximation word printed with the figure (约 余 多 逾 近 超过), else empty",
    "confidence": "the OCR recognizer's score (0-1) for a figure read from a page image; 1.0 from a text layer",
    "page": "1-based page where the format has pages",
    "locator": "where exactly: table T row R col C, or chars A-B of the document's normalized text",
    "rule": "id of the pattern or table rule that produced the row",
    "format": "docx, pdf, txt, html, doc … (by content)",
    "status": "ok, partial, failed or skipped",
    "error": "one-line reason where status is not ok",
    "agency": "issuing body as printed",
    "year": "the year reported on",
    "era": "template era detected from the labels: pre2019, t2019, t2021, unknown",
    "title": "the report title",
    "pages": "page count where the format has pages",
    "n_records": "figures found",
    "n_check_failures": "failed checks",
    "seconds": "time spent on the file",
    "active_total": "harmonised: 主动公开政府信息数 (see panel_columns.feeds)",
    "active_website": "harmonised: 政府网站公开政府信息数",
    "consult_total": "harmonised: 政府信息公开咨询总数",
    "apply_received": "harmonised: applications received (收到申请数 / 本年新收)",
    "apply_result_total": "harmonised: applications answered (申请答复数 / 办理结果总计)",
    "review_total": "harmonised: 行政复议数量",
    "litigation_total": "harmonised: 行政诉讼数量",
    "fee_yuan": "harmonised: fees collected, 元",
    "province": "province where the text (or, in panel, the name) says it",
    "n_tables": "tables in the document",
    "n_cells": "table cells in the document",
    "ocr_pages": "pages read by OCR (no usable text layer, or a page image), e.g. 1,2,5; empty when none",
    "repaired_pages": "text-layer pages whose font map was partly wrong: the glyphs it mis-named were read again "
                      "by OCR from their ink (figures stay text layer), e.g. 1,2; empty when none",
    "duplicate_of": "report_id of the copy kept when this file is the same report as another (web page and PDF …)",
    "check": "check name", "scope": "what was checked", "expected": "the sum or figure expected",
    "actual": "the figure printed", "ok": "the check passed", "detail": "what was compared",
    "table": "table index in document order", "row": "0-based grid row", "col": "0-based grid column",
    "row_span": "rows the cell covers", "col_span": "columns the cell covers", "text": "cell text as printed",
    "seq": "序号 (filled down)", "task": "工作任务 (filled down)", "requirement": "具体要求",
    "responsible": "责任单位", "status_text": "落实情况", "problems": "存在问题", "next_steps": "下一步工作",
}
UNITS = {"value": "see unit column", "fee_yuan": "元", "seconds": "s"}
RESOURCES = {
    "reports": "one row per input file, whatever happened to it",
    "records": "one row per figure found, with where it was found",
    "checks": "the report's own arithmetic, tested",
    "cells": "every table cell with row/col spans",
    "tasks": "rows of qualitative task tables (重点工作落实情况表)",
    "panel": "agency × year panel: one row per report (duplicates left out), one column per codebook code",
    "panel_columns": "what each panel column holds and which codes feed it",
    "codebook": "the codebook: indicator codes, labels, units, parents, eras",
    "dimensions": "the dimension codes",
}


def _arrow_types(parquet: Path) -> dict[str, str]:
    if not parquet.exists():
        return {}
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = {}
    for f in pq.read_schema(parquet):
        t = f.type
        out[f.name] = ("boolean" if pa.types.is_boolean(t) else "integer" if pa.types.is_integer(t)
                       else "number" if pa.types.is_floating(t) else "string")
    return out


def _header(csv_path: Path) -> list[str]:
    import csv

    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def _panel_meta(out_dir: Path) -> dict[str, dict]:
    path = out_dir / "panel_columns.csv"
    if not path.exists():
        return {}
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["column"]: r for r in csv.DictReader(fh)}


def _field(name: str, ftype: str, panel_meta: Optional[dict]) -> dict:
    field = {"name": name, "type": ftype}
    meta = (panel_meta or {}).get(name)
    code = indicators().get(name)
    if meta and meta.get("kind") == "code":
        field["description"] = " — ".join(x for x in (meta.get("label_zh"), meta.get("description")) if x)
        if meta.get("unit"):
            field["unit"] = meta["unit"]
    elif meta and meta.get("description"):
        field["description"] = meta["description"] + (f"; feeds: {meta['feeds']}" if meta.get("feeds") else "")
    elif name in DESCRIPTIONS:
        field["description"] = DESCRIPTIONS[name]
    elif code:
        field["description"] = code["label_zh"]
    if name in UNITS and "unit" not in field:
        field["unit"] = UNITS[name]
    return field


def _write_codebook(out_dir: Path) -> None:
    for name, source in (("codebook", "indicators.csv"), ("dimensions", "dimensions.csv")):
        text = _read(source)
        _atomic_write(out_dir / f"{name}.csv", lambda tmp, t=text: Path(tmp).write_text(t, encoding="utf-8"))


def descriptor(out_dir) -> dict:
    out_dir = Path(out_dir)
    panel_meta = _panel_meta(out_dir)
    resources = []
    for name, title in RESOURCES.items():
        csv_path = out_dir / f"{name}.csv"
        if not csv_path.exists():
            continue
        types = _arrow_types(out_dir / f"{name}.parquet")
        fields = [_field(c, types.get(c, "string"), panel_meta if name == "panel" else None)
                  for c in _header(csv_path)]
        res = {"name": name, "path": csv_path.name, "profile": "tabular-data-resource", "title": title,
               "format": "csv", "mediatype": "text/csv",
               "encoding": "utf-8-sig" if name not in ("codebook", "dimensions") else "utf-8",
               "schema": {"fields": fields, "missingValues": [""]}}
        if (out_dir / f"{name}.parquet").exists():
            res["parquet"] = f"{name}.parquet"
        resources.append(res)
    fig_dir = out_dir / "figures"
    if fig_dir.is_dir():
        from .figures import FIGURES

        for png in sorted(fig_dir.glob("*.png")):
            resources.append({"name": "figure-" + png.stem.replace("_", "-"), "path": f"figures/{png.name}",
                              "format": "png", "mediatype": "image/png",
                              "title": FIGURES.get(png.name, png.stem)})
    if (out_dir / "run.json").is_file():
        resources.append({"name": "run", "path": "run.json", "format": "json", "mediatype": "application/json",
                          "title": "How the run was made: version, options, times, counts per status, resumed"})
    from . import __version__

    return {"profile": "data-package", "name": PACKAGE_NAME,
            "title": "政府信息公开工作年度报告 figures extracted by xxgk-extract",
            "description": "Figures, checks and table cells of Chinese government information-disclosure annual "
                           "reports, with an agency × year panel. CSV files are UTF-8 with BOM; a text cell "
                           "beginning with = + - @ is prefixed with ' (Excel safety). Each CSV has a typed "
                           "Parquet twin (resource property parquet).",
            "version": __version__, "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                                                  "path": "https://creativecommons.org/licenses/by/4.0/"}],
            "sources": [{"title": "xxgk-extract " + __version__}],
            "resources": resources}


def write_datapackage(out_dir) -> Path:
    out_dir = Path(out_dir)
    _write_codebook(out_dir)
    path = out_dir / "datapackage.json"
    text = json.dumps(descriptor(out_dir), ensure_ascii=False, indent=1)
    _atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return path
