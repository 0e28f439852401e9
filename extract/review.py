"""``xxgk review OUT``: a static review site (opens from disk; no server, no network, no CDN).

``OUT/review/index.html`` lists every report with filters; ``OUT/review/r/<report_id>.html`` shows one report:
its statistics tables rebuilt from ``cells`` as grids, every mapped cell highlighted, and its narrative figures
highlighted in the document's text.  Every figure (a ``records`` row) is exactly one element carrying
``data-code``, ``data-dimension`` and ``data-value`` (and ``data-rule``, ``data-source``); hovering shows code, value
and rule.  Failed checks are listed and marked on their figures; rows the mapper could not map, numbers in a
statistics table that no code took, and low-confidence figures stand out.

The outputs do not carry a document's text: it is read again from the input file when the input folder is known
(``--inputs``, or ``OUT/run.json``); otherwise the narrative figures are shown with their printed phrase.
"""
from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Optional

import pandas as pd

from .api import _read_table
from .writers import _atomic_write

LOW_CONFIDENCE = 0.9  # a figure (or cell) read with less confidence than this is marked for review
TEXT_CONTEXT = 60  # characters shown either side of a narrative figure when the document's text is not at hand
_TABLE_LOC = re.compile(r"table\s+(\d+)\s+row\s+(\d+)\s+col\s+(\d+)")
_CHARS_LOC = re.compile(r"chars\s+(\d+)\s*-\s*(\d+)")
_SCOPE_CODE = re.compile(r"^([a-z][\w.]*)\s*\[([\w.]+)\]$")
_UNMAPPED_ROW = re.compile(r"table\s+(\d+)(?:\s+row\s+(\d+))?(?:\s+col\s+(\d+))?")
_NUMBER = re.compile(r"^[\s约余多逾近超过+\-−减增]*\d[\d,.，．]*\s*[%万亿元件条个次人项篇期份]*[\s余多]*$")

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
color:#222;background:#fafafa;font-size:14px}
header{background:#243b53;color:#fff;padding:10px 18px}header a{color:#bcdcff}
header h1{font-size:18px;margin:4px 0}main{padding:12px 18px}.meta span{margin-right:14px}
h2{font-size:16px;border-bottom:2px solid #d9e2ec;padding-bottom:3px;margin-top:22px}
.fig{background:#fff3a3;border-bottom:2px solid #e0a800;cursor:help;position:relative;padding:0 1px}
.fig.src-table{background:#d6f5d6;border-bottom-color:#2f9e44}
.fig.check-failed{background:#ffd6d6;border:2px solid #e03131}
.fig.low{outline:2px dashed #f08c00;outline-offset:1px}
.fig:hover{filter:brightness(0.92)}
.fig[data-tip]:hover::after{content:attr(data-tip);position:absolute;left:0;top:100%;z-index:10;white-space:pre;
background:#102a43;color:#fff;padding:4px 6px;border-radius:4px;font-size:12px;line-height:1.4}
table.grid{border-collapse:collapse;margin:6px 0 14px;background:#fff;font-size:12.5px}
table.grid td{border:1px solid #bcccdc;padding:2px 5px;vertical-align:top;max-width:320px}
tr.unmapped td{background:#fff0f6}tr.unmapped td:first-child{border-left:4px solid #c2255c}
td.unmapped-cell{box-shadow:inset 0 0 0 2px #c2255c}td.low-cell{outline:2px dashed #f08c00}
.text{white-space:pre-wrap;background:#fff;border:1px solid #d9e2ec;padding:10px;line-height:1.8;max-width:1100px}
.collapsed{color:#829ab1;font-style:italic}
.legend span{margin-right:12px;padding:1px 4px}
table.list{border-collapse:collapse;background:#fff}table.list td,table.list th{border:1px solid #d9e2ec;
padding:3px 6px;text-align:left;font-size:13px}table.list th{background:#f0f4f8}
.bad{color:#c92a2a;font-weight:bold}.ok{color:#2b8a3e}.partial{color:#e8590c}.failed{color:#c92a2a}
.skipped{color:#868e96}.dup{color:#868e96}
.filters{margin:8px 0;display:flex;gap:10px;flex-wrap:wrap;align-items:center}
.filters select,.filters input{font-size:13px;padding:2px}
.thumbs img{height:150px;border:1px solid #d9e2ec;margin:4px;background:#fff}
ul.places li{margin:3px 0}
"""

INDEX_JS = """
function applyFilters(){
  var f={};document.querySelectorAll('[data-filter]').forEach(function(e){f[e.dataset.filter]=e.value.trim();});
  var n=0;document.querySelectorAll('#reports tbody tr').forEach(function(tr){
    var show=true;for(var k in f){if(!f[k])continue;var v=tr.dataset[k]||'';
      if(k==='agency'){if(v.indexOf(f[k])<0)show=false;}else if(v!==f[k])show=false;}
    tr.style.display=show?'':'none';if(show)n++;});
  document.getElementById('shown').textContent=n;
}
document.querySelectorAll('[data-filter]').forEach(function(e){e.addEventListener('input',applyFilters);
  e.addEventListener('change',applyFilters);});
"""


def _e(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return html.escape(str(v), quote=True)


def _num(v) -> str:
    if v is None or pd.isna(v):
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>"
            f"<style>{CSS}</style></head><body>{body}</body></html>\n")


def _confidence(rec) -> float:
    c = rec.get("confidence")
    return 1.0 if c is None or pd.isna(c) else float(c)


def _fig_open(rec, failed: dict) -> str:
    code, dim, value = rec["indicator"], rec["dimension"], rec["value"]
    classes = ["fig", f"src-{_e(rec['source'])}"]
    fails = failed.get((code, dim), [])
    if fails:
        classes.append("check-failed")
    conf = _confidence(rec)
    if conf < LOW_CONFIDENCE:
        classes.append("low")
    tip = f"{code} [{dim}] = {_num(value)} {rec.get('unit') or ''}\nrule: {rec.get('rule') or ''}"
    if rec.get("qualifier"):
        tip += f"\nqualifier: {rec['qualifier']}"
    if conf < 1.0:
        tip += f"\nconfidence: {conf:.2f}"
    for f in fails:
        tip += f"\ncheck failed: {f}"
    return (f'<span class="{" ".join(classes)}" data-code="{_e(code)}" data-dimension="{_e(dim)}" '
            f'data-value="{_e(_num(value))}" data-rule="{_e(rec.get("rule"))}" data-source="{_e(rec["source"])}" '
            f'data-confidence="{conf:g}" data-tip="{_e(tip)}" title="{_e(tip)}">')


# ---------------------------------------------------------------- checks → figures

def check_targets(check: str, scope: str) -> list[tuple[str, str]]:
    """The (indicator, dimension) figures a check is about, so that a failure can be marked on them."""
    scope = (scope or "").strip()
    m = _SCOPE_CODE.match(scope)
    if m:
        return [(m.group(1), m.group(2))]
    parts = scope.split()
    if len(parts) >= 3 and parts[0] == "table3" and parts[1] == "column":
        dim = parts[2]
        if check == "table3_balance":
            return [(c, dim) for c in ("apply.new_received", "apply.carried_over", "apply.result.total",
                                       "apply.carried_forward")]
        return [("apply.result.total", dim)]
    if len(parts) >= 3 and parts[0] == "table3" and parts[1] == "row":
        return [(parts[2], "total")]
    if len(parts) == 2 and parts[0] == "table4":
        return [(parts[1] + ".total", "total")]
    return []


# ---------------------------------------------------------------- document text

def _input_root(out_dir: Path, inputs: Optional[Path]) -> Optional[Path]:
    if inputs is not None:
        return Path(inputs)
    run = out_dir / "run.json"
    if run.exists():
        try:
            info = json.loads(run.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for key in ("input", "inputs", "path", "root", "input_path"):
            v = info.get(key) or (info.get("options") or {}).get(key)
            if isinstance(v, str) and Path(v).exists():
                return Path(v)
    return None


def _document(root: Optional[Path], file: str):
    """The document model of one input, read again (None when the file is not at hand or unreadable)."""
    if root is None:
        return None
    path = root if root.is_file() else root / file
    if not path.is_file():
        return None
    try:
        from .loaders import load
        from .tables.flattened import recover_flattened_tables, recover_template_tables

        doc = load(path).document
        if doc is not None:  # as the stages saw it: the narrative locators count in this text
            recover_flattened_tables(doc)
            recover_template_tables(doc)
        return doc
    except Exception:  # a viewer: a document that cannot be re-read is shown without its text
        return None


def _span_matches(span: str, raw) -> bool:
    """The text at a locator is the phrase the record printed (else the document read now is not the one the run
    read, and the figure is listed rather than put in a wrong place)."""
    if not isinstance(raw, str) or not raw:
        return True
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    return squash(span) == squash(raw) or squash(raw) in squash(span) or squash(span) in squash(raw)


def _place_spans(text: str, recs: list[dict]) -> tuple[list[tuple[int, int, list[dict]]], list[dict]]:
    """Narrative figures → spans of the text, sorted, each either disjoint from or nested in the ones before
    (figures on one span share it); a figure whose span is missing, out of range, or partly overlaps another is
    returned to be listed instead."""
    spans: dict[tuple[int, int], list[dict]] = {}
    unplaced = []
    for r in recs:
        m = _CHARS_LOC.search(r.get("locator") or "")
        if not m:
            unplaced.append(r)
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if not (0 <= a < b <= len(text)) or not _span_matches(text[a:b], r.get("raw")):
            unplaced.append(r)
            continue
        spans.setdefault((a, b), []).append(r)
    placed: list[tuple[int, int, list[dict]]] = []
    stack: list[tuple[int, int]] = []  # the spans still open at this point
    for (a, b) in sorted(spans, key=lambda s: (s[0], -s[1])):
        while stack and stack[-1][1] <= a:
            stack.pop()
        if stack and b > stack[-1][1]:  # starts inside an open span but ends after it
            unplaced.extend(spans[(a, b)])
            continue
        placed.append((a, b, spans[(a, b)]))
        stack.append((a, b))
    return placed, unplaced


def _text_html(doc, recs: list[dict], failed: dict) -> tuple[str, list[dict]]:
    text = doc.text
    placed, unplaced = _place_spans(text, recs)
    tables = sorted((t.start, t.end, t.index) for t in doc.tables if t.end > t.start)
    out: list[str] = []

    def plain(a: int, b: int, inside: bool) -> None:
        # table blocks in the text are collapsed (the grids are below) unless a figure sits in them
        cur = a
        for ts, te, ti in ([] if inside else tables):
            if te <= cur or ts >= b:
                continue
            if ts > cur:
                out.append(_e(text[cur:ts]))
            out.append(f'<span class="collapsed">［表格 {ti}，见下方“表格”］</span>')
            cur = min(te, b)
        if cur < b:
            out.append(_e(text[cur:b]))

    def render(a: int, b: int, children: list, inside: bool) -> None:
        pos = a
        i = 0
        while i < len(children):
            ca, cb, rs = children[i]
            j = i + 1
            while j < len(children) and children[j][0] < cb:  # nested in this child
                j += 1
            plain(pos, ca, inside)
            out.append("".join(_fig_open(r, failed) for r in rs))
            render(ca, cb, children[i + 1:j], True)
            out.append("</span>" * len(rs))
            pos = cb
            i = j
        plain(pos, b, inside)

    render(0, len(text), placed, False)
    return f'<div class="text">{"".join(out)}</div>', unplaced


def _phrase_list(recs: list[dict], failed: dict, intro: str) -> str:
    if not recs:
        return ""
    items = []
    for r in recs:
        loc = _e(r.get("locator"))
        page = f" · p.{_num(r.get('page'))}" if r.get("page") is not None and not pd.isna(r.get("page")) else ""
        items.append(f"<li>{_fig_open(r, failed)}{_e(r.get('raw') or _num(r['value']))}</span> "
                     f"<small>{_e(r['indicator'])} [{_e(r['dimension'])}] · {loc}{page}</small></li>")
    return f"<p>{intro}</p><ul class=\"places\">{''.join(items)}</ul>"


# ---------------------------------------------------------------- tables

def _grid_html(t_index: int, cells: pd.DataFrame, by_cell: dict, failed: dict, unmapped_rows: set) -> str:
    has_figures = any(k[0] == t_index for k in by_cell)
    rows: dict[int, list] = defaultdict(list)
    for c in cells.itertuples(index=False):
        rows[int(c.row)].append(c)
    n_rows = max((int(c.row) + int(c.row_span or 1) for c in cells.itertuples(index=False)), default=0)
    out = [f'<table class="grid" id="table-{t_index}">']
    for r in range(n_rows):
        cls = ' class="unmapped"' if (t_index, r) in unmapped_rows or (t_index, None) in unmapped_rows else ""
        out.append(f'<tr data-row="{r}"{cls}>')
        for c in sorted(rows.get(r, []), key=lambda c: int(c.col)):
            span = ""
            if int(c.row_span or 1) > 1:
                span += f' rowspan="{int(c.row_span)}"'
            if int(c.col_span or 1) > 1:
                span += f' colspan="{int(c.col_span)}"'
            recs = by_cell.get((t_index, r, int(c.col)), [])
            text = _e(c.text)
            classes = []
            conf = getattr(c, "confidence", None)
            if conf is not None and not pd.isna(conf) and float(conf) < LOW_CONFIDENCE:
                classes.append("low-cell")
            if recs:
                text = "".join(_fig_open(x, failed) for x in recs) + text + "</span>" * len(recs)
            elif has_figures and c.text and _NUMBER.match(str(c.text)):
                classes.append("unmapped-cell")  # a number in a statistics table that no code took
            cl = f' class="{" ".join(classes)}"' if classes else ""
            out.append(f'<td data-col="{int(c.col)}"{span}{cl}>{text}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


# ---------------------------------------------------------------- pages

def report_page(rep: dict, recs: list[dict], checks: list[dict], cells: pd.DataFrame, doc=None) -> str:
    failed: dict[tuple, list[str]] = defaultdict(list)
    failed_rows = [c for c in checks if not _true(c.get("ok")) and c.get("check") != "unmapped"]
    unmapped = [c for c in checks if c.get("check") == "unmapped"]
    for c in failed_rows:
        label = f"{c['check']} {c.get('scope') or ''}: expected {_num(c.get('expected'))}, printed {_num(c.get('actual'))}"
        for target in check_targets(c["check"], c.get("scope") or ""):
            failed[target].append(label)
    unmapped_rows = set()
    for c in unmapped:
        for src in (c.get("scope") or "", c.get("detail") or ""):
            m = _UNMAPPED_ROW.search(src)
            if m:
                unmapped_rows.add((int(m.group(1)), int(m.group(2)) if m.group(2) else None))
                break

    table_recs = [r for r in recs if r["source"] == "table"]
    text_recs = [r for r in recs if r["source"] != "table"]
    cell_keys = set()
    if len(cells):
        cell_keys = set(zip(cells["table"].astype(int), cells["row"].astype(int), cells["col"].astype(int)))
    by_cell: dict[tuple, list[dict]] = defaultdict(list)
    table_unplaced = []
    for r in table_recs:
        m = _TABLE_LOC.search(r.get("locator") or "")
        key = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        if key in cell_keys:
            by_cell[key].append(r)
        else:
            table_unplaced.append(r)

    title = rep.get("title") or rep.get("file")
    n_fail = len(failed_rows)
    meta = "".join(f"<span><b>{k}</b> {_e(v)}</span>" for k, v in (
        ("file", rep.get("file")), ("format", rep.get("format")), ("status", rep.get("status")),
        ("era", rep.get("era")), ("year", _num(rep.get("year")) if rep.get("year") is not None else ""),
        ("agency", rep.get("agency")), ("records", len(recs)), ("failed checks", n_fail)))
    body = [f'<header><a href="../index.html">← 全部报告 / all reports</a><h1>{_e(title)}</h1>'
            f'<div class="meta">{meta}</div></header><main>']
    if rep.get("error"):
        body.append(f'<p class="bad">{_e(rep["status"])}: {_e(rep["error"])}</p>')
    if rep.get("duplicate_of"):
        body.append(f'<p class="dup">Same report as <a href="{_e(rep["duplicate_of"])}.html">{_e(rep["duplicate_of"])}'
                    f'</a> (kept in the panel); this copy is left out of the panel.</p>')
    body.append('<p class="legend"><span class="fig src-table">table figure</span><span class="fig src-text">'
                'text figure</span><span class="fig check-failed">failed check</span><span class="fig low">'
                'low confidence</span><span style="box-shadow:inset 0 0 0 2px #c2255c">number no code took</span>'
                '<span style="background:#fff0f6;border-left:4px solid #c2255c">row not mapped</span>'
                ' — hover a figure for its code, value and rule</p>')
    if failed_rows:
        items = "".join(f"<tr><td>{_e(c['check'])}</td><td>{_e(c.get('scope'))}</td><td>{_num(c.get('expected'))}"
                        f"</td><td>{_num(c.get('actual'))}</td><td>{_e(c.get('detail'))}</td></tr>" for c in failed_rows)
        body.append(f'<h2 class="bad">Failed checks ({n_fail})</h2><table class="list"><tr><th>check</th>'
                    f'<th>scope</th><th>expected</th><th>printed</th><th>detail</th></tr>{items}</table>')
    if unmapped:
        items = "".join(f"<li>{_e(c.get('detail') or c.get('scope'))}</li>" for c in unmapped)
        body.append(f'<h2 class="bad">Not mapped ({len(unmapped)})</h2><ul>{items}</ul>')

    body.append(f"<h2>Text ({len(text_recs)} narrative figures)</h2>")
    if doc is not None and doc.text:
        text_html, text_unplaced = _text_html(doc, text_recs, failed)
        body.append(text_html)
        body.append(_phrase_list(text_unplaced, failed, "Figures whose place in the text could not be shown:"))
    else:
        body.append(_phrase_list(text_recs, failed, "The document's text is not in the outputs (run "
                                 "<code>xxgk review OUT --inputs DIR</code> to show it); each figure with the "
                                 "phrase it was read from:") or "<p>No narrative figures.</p>")

    n_tables = cells["table"].nunique() if len(cells) else 0
    body.append(f"<h2>Tables ({n_tables}; {len(table_recs)} table figures)</h2>")
    for t_index, tc in (cells.groupby("table", sort=True) if len(cells) else []):
        body.append(f"<h3>表格 {int(t_index)}</h3>")
        body.append(_grid_html(int(t_index), tc, by_cell, failed, unmapped_rows))
    body.append(_phrase_list(table_unplaced, failed, "Table figures whose cell is not in <code>cells</code>:"))
    body.append("</main>")
    return _page(str(title), "".join(body))


def _true(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1")
    return bool(v) if v is not None and not pd.isna(v) else False


def index_page(reports: pd.DataFrame, n_text: dict, n_table: dict, figures: list[str],
               keys: Optional[dict] = None) -> str:
    def options(col):
        vals = sorted({_e(_num(v) if col == "year" else v) for v in reports[col] if v is not None and not pd.isna(v)})
        return "".join(f'<option value="{v}">{v}</option>' for v in vals)

    rows = []
    for rep in reports.to_dict("records"):
        rid = rep["report_id"]
        year = _num(rep.get("year")) if rep.get("year") is not None and not pd.isna(rep.get("year")) else ""
        dup = rep.get("duplicate_of")
        dup = "" if dup is None or pd.isna(dup) else dup
        key = (keys or {}).get(dup or rid, "")
        fails = int(rep.get("n_check_failures") or 0) if not pd.isna(rep.get("n_check_failures")) else 0
        rows.append(
            f'<tr data-status="{_e(rep.get("status"))}" data-era="{_e(rep.get("era"))}" data-year="{year}" '
            f'data-agency="{_e(rep.get("agency"))} {_e(key)}">'
            f'<td class="{_e(rep.get("status"))}">{_e(rep.get("status"))}</td><td>{_e(rep.get("era"))}</td>'
            f'<td>{year}</td><td>{_e(rep.get("agency"))}</td><td>{_e(key)}</td>'
            f'<td><a href="r/{_e(rid)}.html">{_e(rep.get("file"))}</a></td><td>{_e(rep.get("format"))}</td>'
            f'<td>{n_table.get(rid, 0)}</td><td>{n_text.get(rid, 0)}</td>'
            f'<td class="{"bad" if fails else ""}">{fails}</td>'
            f'<td class="dup">{("= " + _e(dup)) if dup else ""}</td><td>{_e(rep.get("error"))}</td></tr>')
    filters = (f'<div class="filters"><label>status <select data-filter="status"><option value="">all</option>'
               f'{options("status")}</select></label><label>era <select data-filter="era"><option value="">all'
               f'</option>{options("era")}</select></label><label>year <select data-filter="year"><option '
               f'value="">all</option>{options("year")}</select></label><label>agency <input data-filter="agency" '
               f'placeholder="名称包含…"></label><span><b id="shown">{len(reports)}</b> / {len(reports)} shown</span>'
               f'</div>')
    thumbs = "".join(f'<a href="../figures/{_e(f)}"><img src="../figures/{_e(f)}" alt="{_e(f)}"></a>' for f in figures)
    status = reports["status"].value_counts().to_dict()
    summary = " · ".join(f"{k} {v}" for k, v in status.items())
    body = (f'<header><h1>审核 Review — {len(reports)} files</h1><div class="meta">{_e(summary)} · '
            f'{sum(n_table.values())} table figures · {sum(n_text.values())} text figures</div></header><main>'
            + (f'<div class="thumbs">{thumbs}</div>' if thumbs else "")
            + filters + '<table class="list" id="reports"><thead><tr><th>status</th><th>era</th><th>year</th>'
            '<th>agency</th><th>agency_key</th><th>file</th><th>format</th><th>table figures</th><th>text figures</th>'
            '<th>failed checks</th><th>duplicate of</th><th>reason</th></tr></thead><tbody>'
            + "".join(rows) + f"</tbody></table></main><script>{INDEX_JS}</script>")
    return _page("审核 Review", body)


def _figures(out_dir: Path, finished: bool) -> list[str]:
    """The run's charts for the index; a run made without ``--figures`` gets them drawn now (the review
    site is where a researcher looks at them) and listed in its data package."""
    figures = sorted(p.name for p in (out_dir / "figures").glob("*.png")) if (out_dir / "figures").is_dir() else []
    if not figures and finished:
        from .datapackage import write_datapackage
        from .finalize import draw_figures
        figures = sorted(p.name for p in draw_figures(out_dir))
        write_datapackage(out_dir)
    return figures


def write_site(out_dir, inputs: Optional[Path] = None) -> Path:
    out_dir = Path(out_dir)
    reports = _read_table(out_dir, "reports")
    if reports is None:
        raise FileNotFoundError(f"{out_dir}: no reports table")
    records = _read_table(out_dir, "records")
    checks = _read_table(out_dir, "checks")
    cells = _read_table(out_dir, "cells")
    records = records if records is not None else pd.DataFrame(columns=["report_id", "source"])
    checks = checks if checks is not None else pd.DataFrame(columns=["report_id"])
    cells = cells if cells is not None else pd.DataFrame(columns=["report_id", "table", "row", "col"])
    if "value" in records.columns:
        records["value"] = pd.to_numeric(records["value"], errors="coerce")
    root = _input_root(out_dir, inputs)
    site = out_dir / "review"
    recs_by = {k: g.to_dict("records") for k, g in records.groupby("report_id", sort=False)}
    checks_by = {k: g.to_dict("records") for k, g in checks.groupby("report_id", sort=False)}
    cells_by = {k: g for k, g in cells.groupby("report_id", sort=False)}
    empty_cells = cells.iloc[0:0]
    done = set()
    for rep in reports.to_dict("records"):
        rid = rep["report_id"]
        if rid in done:
            continue
        done.add(rid)
        doc = _document(root, rep["file"]) if any(r["source"] != "table" for r in recs_by.get(rid, [])) else None
        page = report_page(rep, recs_by.get(rid, []), checks_by.get(rid, []), cells_by.get(rid, empty_cells), doc)
        _atomic_write(site / "r" / f"{rid}.html", lambda tmp, t=page: Path(tmp).write_text(t, encoding="utf-8"))
    n_text = records[records["source"] != "table"].groupby("report_id").size().to_dict() if len(records) else {}
    n_table = records[records["source"] == "table"].groupby("report_id").size().to_dict() if len(records) else {}
    panel = _read_table(out_dir, "panel")
    figures = _figures(out_dir, panel is not None)
    index = site / "index.html"
    keys = {}
    if panel is not None and "agency_key" in panel.columns:
        keys = {r: k for r, k in zip(panel["report_id"], panel["agency_key"]) if isinstance(k, str)}
    text = index_page(reports, n_text, n_table, figures, keys)
    _atomic_write(index, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return index
