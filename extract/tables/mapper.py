"""Statistics tables → codebook records, for the three eras.

Each table is classified from its labels (表二, 表三, 表四, pre-2019 统计表, task table, other),
then its row labels × column headers are matched against the aliases in
``patterns/table_labels.yaml``.  Nothing is dropped silently: a row with figures that no alias
matches becomes an issue (reported as a check row and as status partial).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..codebook import (MATCH_THRESHOLD, best_match, clean_label, contains_any, is_money, known,
                        label_score, table_labels, unit_of)
from ..model import Cell, Table
from ..normalize import compact
from ..numbers import parse_cell
from ..records import Record

NUMERIC_ROW_MIN = 0.5  # a data row has at least this share of numeric cells in its value columns


@dataclass
class TableResult:
    index: int
    kind: str  # table2 | table3 | table4 | pre2019 | tasks | other
    records: list[Record] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    era_hint: str = ""


# ---------------------------------------------------------------- helpers

def _all_text(t: Table) -> str:
    return "".join(compact(c.text) for c in t.cells)


def _covering(grid, r: int, c: int) -> Optional[Cell]:
    if 0 <= r < len(grid) and 0 <= c < len(grid[r]):
        return grid[r][c]
    return None


def _row_labels(grid, r: int, first_value_col: int) -> list[Cell]:
    """Distinct cells covering row r left of the value columns, left to right."""
    out: list[Cell] = []
    for c in range(min(first_value_col, len(grid[r]))):
        cell = grid[r][c]
        if cell is not None and cell not in out and cell.text.strip():
            out.append(cell)
    return out


def _record(code: str, dim: str, cell: Cell, t: Table, r: int, c: int, rule: str,
            unit_hint: str = "") -> Optional[Record]:
    parsed = parse_cell(cell.text)
    if parsed is None:
        return None
    value = parsed.value
    if is_money(code) and not parsed.unit and "万元" in unit_hint:
        value *= 10_000
    return Record(indicator=code, dimension=dim, value=round(value, 6), unit=unit_of(code), source="table",
                  raw=cell.text, page=cell.page if cell.page is not None else t.page,
                  locator=f"table {t.index} row {r} col {c}", rule=rule + ("+ocr" if cell.ocr else ""),
                  confidence=cell.confidence)


def _is_value_text(text: str) -> bool:
    return parse_cell(text) is not None


# ---------------------------------------------------------------- classification

def classify(t: Table) -> str:
    text = _all_text(t)
    cfg = table_labels()
    if ("自然人" in text and ("申请" in text or "予以公开" in text)) or "本年新收" in text or "上年结转" in text:
        return "table3"
    if "行政复议" in text and ("行政诉讼" in text or "复议后起诉" in text) and t.n_cols >= 10:
        return "table4"
    if "信息内容" in text or "第二十条" in text or ("规章" in text and ("行政许可" in text or "行政处罚" in text)):
        return "table2"
    header = "".join(compact(c.text) for c in t.row_cells(0))
    if "序号" in header and any(w in header for w in ("工作任务", "完成情况", "具体要求", "责任单位")):
        return "tasks"
    if any(w in text for w in cfg["pre2019"]["label_headers"][:2]) or "计量单位" in text:
        return "pre2019"
    if "单位" in header and any(w in header for w in cfg["pre2019"]["label_headers"]):
        return "pre2019"
    # an unlabelled table whose rows read like a pre-2019 statistics table
    hits = 0
    entries = cfg["pre2019"]["rows"]
    for r in range(t.n_rows):
        cells = t.row_cells(r)
        if cells and best_match(cells[0].text, entries)[0] is not None:
            hits += 1
    return "pre2019" if hits >= 3 else "other"


def detect_era(texts: list[str]) -> str:
    """Era from printed labels: 2021 markers win over 2019 ones; template tables without either are 2019."""
    k = compact("".join(texts))
    eras = table_labels()["eras"]
    if any(compact(w) in k for w in eras["t2021"]):
        return "t2021"
    if any(compact(w) in k for w in eras["t2019"]):
        return "t2019"
    if any(compact(w) in k for w in eras["template_any"]):
        return "t2019"
    if sum(compact(w) in k for w in eras["pre2019"]) >= 1:
        return "pre2019"
    return "unknown"


# ---------------------------------------------------------------- 表三

def map_table3(t: Table) -> TableResult:
    res = TableResult(t.index, "table3")
    cfg = table_labels()["table3"]
    grid = t.grid()
    col_dims: dict[int, str] = {}
    header_bottom = -1
    rows_cfg = cfg["rows"]
    first_data_row = t.n_rows
    for cell in t.cells:
        key = clean_label(cell.text)
        if len(key) >= 4 and best_match(cell.text, rows_cfg)[1] >= 0.9:
            first_data_row = min(first_data_row, cell.row)
    for cell in t.cells:
        if cell.col_span != 1 or cell.row >= first_data_row:
            continue
        key = clean_label(cell.text)
        if not key or len(key) > 8:
            continue
        for entry in cfg["columns"]:
            if any(key == clean_label(a) or (len(key) >= 2 and clean_label(a).startswith(key) and len(key) >= 2
                                              and entry["dimension"] != "legal.other")
                   for a in entry["labels"]):
                if cell.col not in col_dims:
                    col_dims[cell.col] = entry["dimension"]
                    header_bottom = max(header_bottom, cell.row + cell.row_span - 1)
                break
    if len(col_dims) < 7:
        col_dims, header_bottom = _positional_columns(t, grid, cfg["column_order"], rows_cfg, header_bottom)
        if col_dims:
            res.issues.append(f"table {t.index}: 表三 header not fully readable; applicant columns taken by position")
    if not col_dims:
        res.issues.append(f"table {t.index}: 表三 applicant columns not found")
        return res
    first_value_col = min(col_dims)
    seen_codes: set[str] = set()
    for r in range(header_bottom + 1, t.n_rows):
        labels = _row_labels(grid, r, first_value_col)
        if not labels:
            continue
        leaf = labels[-1].text
        group = "".join(c.text for c in labels[:-1])
        entry, score = best_match(leaf, rows_cfg, context=group, ctx_key="group")
        if entry is None and group:
            entry, score = best_match(group + leaf, rows_cfg)
        value_cells = [(c, grid[r][c]) for c in sorted(col_dims) if grid[r][c] is not None and grid[r][c].row == r]
        has_values = any(_is_value_text(cell.text) for _, cell in value_cells)
        if entry is None:
            if has_values:
                res.issues.append(f"table {t.index} row {r}: 表三 row label not recognised: {compact(leaf)[:30]}")
            continue
        code = entry["code"]
        seen_codes.add(code)
        for c, cell in value_cells:
            if cell.col != c:
                continue
            rec = _record(code, col_dims[c], cell, t, r, c, rule=f"t3:{code}")
            if rec:
                res.records.append(rec)
            elif cell.text.strip():
                res.issues.append(f"table {t.index} row {r} col {c}: not a number: {cell.text[:20]}")
    return res


def _positional_columns(t: Table, grid, order: list[str], rows_cfg, header_bottom: int):
    """No readable header: the last seven columns of rows with figures, in template order."""
    value_cols: Optional[list[int]] = None
    first_row = None
    for r in range(t.n_rows):
        cells = [grid[r][c] for c in range(t.n_cols)]
        numeric = [c for c in range(t.n_cols) if cells[c] is not None and cells[c].col == c and cells[c].row == r
                   and _is_value_text(cells[c].text)]
        if len(numeric) >= 7:
            value_cols = numeric[-7:]
            first_row = r if first_row is None else first_row
            break
    if not value_cols:
        return {}, header_bottom
    return dict(zip(value_cols, order)), (first_row - 1 if header_bottom < 0 else header_bottom)


# ---------------------------------------------------------------- 表四

def map_table4(t: Table) -> TableResult:
    res = TableResult(t.index, "table4")
    cfg = table_labels()["table4"]
    grid = t.grid()
    value_row = None
    for r in range(t.n_rows):
        anchored = [c for c in t.row_cells(r)]
        nums = [c for c in anchored if _is_value_text(c.text)]
        if len(nums) >= 10 or (len(anchored) >= 15 and len(nums) >= 1):
            value_row = r
            break
    if value_row is None:
        blank_row = _blank_value_row(t)
        if blank_row is None:
            res.issues.append(f"table {t.index}: 表四 value row not found")
        return res
    cols = [c for c in range(t.n_cols) if grid[value_row][c] is not None and grid[value_row][c].col == c]
    if len(cols) > 15:
        cols = cols[-15:]
    if len(cols) != 15:
        res.issues.append(f"table {t.index}: 表四 has {len(cols)} value cells, expected 15")
        if len(cols) < 15:
            return res
    order = cfg["measure_order"]
    for i, c in enumerate(cols):
        block = cfg["blocks"][i // 5]
        measure = order[i % 5]
        header_measure = _header_measure(grid, value_row, c, cfg["measures"])
        if header_measure and header_measure != measure:
            block_measures = [_header_measure(grid, value_row, cc, cfg["measures"]) for cc in cols[(i // 5) * 5:(i // 5) * 5 + 5]]
            if sorted(filter(None, block_measures)) == sorted(order):
                measure = header_measure
        code = f"{block}.{measure}"
        if not known(code):
            continue
        cell = grid[value_row][c]
        rec = _record(code, "total", cell, t, value_row, c, rule=f"t4:{code}")
        if rec:
            res.records.append(rec)
        elif cell.text.strip():
            res.issues.append(f"table {t.index} col {c}: 表四 cell not a number: {cell.text[:20]}")
    return res


def _blank_value_row(t: Table) -> Optional[int]:
    for r in range(t.n_rows):
        cells = t.row_cells(r)
        if len(cells) >= 15 and all(not c.text.strip() for c in cells):
            return r
    return None


def _header_measure(grid, value_row: int, c: int, measures: list[dict]) -> Optional[str]:
    for r in range(value_row - 1, -1, -1):
        cell = grid[r][c]
        if cell is None or cell.col_span > 1:
            continue
        key = clean_label(cell.text)
        for m in measures:
            if any(key == clean_label(a) for a in m["labels"]):
                return m["measure"]
        return None
    return None


# ---------------------------------------------------------------- 表二

def map_table2(t: Table) -> TableResult:
    res = TableResult(t.index, "table2")
    cfg = table_labels()["table2"]
    grid = t.grid()
    header: dict[int, tuple[str, str]] = {}  # col -> (measure, header text)
    for r in range(t.n_rows):
        cells = t.row_cells(r)
        if not cells:
            continue
        first = cells[0]
        if contains_any(first.text, cfg["header_words"]) or (
                len(cells) >= 2 and all(_measure_of(c.text, cfg) for c in cells[1:] if c.text.strip())
                and any(_measure_of(c.text, cfg) for c in cells[1:])):
            header = {}
            for c in cells[1:]:
                m = _measure_of(c.text, cfg)
                if m:
                    for k in range(c.col, c.col + c.col_span):
                        header[k] = (m, c.text)
            continue
        item_entry, _ = best_match(first.text, cfg["items"])
        if item_entry is None:
            if any(_is_value_text(c.text) for c in cells[1:]) and not contains_any(first.text, ["第二十条"]):
                res.issues.append(f"table {t.index} row {r}: 表二 item not recognised: {compact(first.text)[:30]}")
            continue
        item = item_entry["item"]
        for c in cells[1:]:
            if c.row != r:
                continue
            measure, htext = header.get(c.col, (None, ""))
            if measure is None:
                if _is_value_text(c.text):
                    res.issues.append(f"table {t.index} row {r} col {c.col}: 表二 value without a column header")
                continue
            code = f"active.{item}.{measure}"
            if not known(code):
                if _is_value_text(c.text):
                    res.issues.append(f"table {t.index} row {r}: 表二 {item} × {measure} is not on the codebook")
                continue
            rec = _record(code, "total", c, t, r, c.col, rule=f"t2:{code}", unit_hint=htext)
            if rec:
                res.records.append(rec)
            elif c.text.strip():
                res.issues.append(f"table {t.index} row {r} col {c.col}: 表二 cell not a number: {c.text[:20]}")
    return res


def _measure_of(text: str, cfg) -> Optional[str]:
    key = clean_label(text, keep_parens=False)
    if not key:
        return None
    best, best_s = None, 0.0
    for m in cfg["measures"]:
        s = label_score(key, m["labels"])
        if s > best_s:
            best, best_s = m["measure"], s
    return best if best_s >= 0.85 else None


# ---------------------------------------------------------------- pre-2019 统计表

_L1 = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_L2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_L3 = re.compile(r"^(?:\d+[、.．]|[（(]\d+[)）]|[①-⑳])")


def map_pre2019(t: Table) -> TableResult:
    res = TableResult(t.index, "pre2019")
    cfg = table_labels()["pre2019"]
    label_col, unit_col, value_cols, header_row = _pre2019_columns(t, cfg)
    if not value_cols:
        res.issues.append(f"table {t.index}: statistics table without a value column")
        return res
    grid = t.grid()
    stack: list[tuple[int, str]] = []
    prev_level = 0
    sibling_mode = False
    for r in range(header_row + 1, t.n_rows):
        lab_cell = _covering(grid, r, label_col)
        if lab_cell is None or lab_cell.row != r or not lab_cell.text.strip():
            continue
        text = compact(lab_cell.text)
        level, sibling_mode = _level(text, prev_level, sibling_mode)
        while stack and stack[-1][0] >= level:
            stack.pop()
        context = "".join(s for _, s in stack)
        stack.append((level, text))
        prev_level = level
        values = [(c, d, _covering(grid, r, c)) for c, d in value_cols]
        has_values = any(cell is not None and cell.row == r and _is_value_text(cell.text) for _, _, cell in values)
        if label_score(clean_label(text), cfg["section_only"]) >= 0.9:
            continue
        entry, _ = best_match(text, cfg["rows"], context=context, ctx_key="under")
        if entry is None:
            if has_values:
                res.issues.append(f"table {t.index} row {r}: row label not recognised: {text[:30]}")
            continue
        code = entry["code"]
        dim_override = entry.get("dimension")
        unit_text = ""
        if unit_col is not None:
            uc = _covering(grid, r, unit_col)
            unit_text = uc.text if uc is not None else ""
        for c, dim, cell in values:
            if cell is None or cell.row != r or cell.col != c:
                continue
            dimension = dim if dim == "cumulative" else (dim_override or "total")
            rec = _record(code, dimension, cell, t, r, c, rule=f"pre2019:{code}", unit_hint=unit_text)
            if rec:
                res.records.append(rec)
            elif cell.text.strip():
                res.issues.append(f"table {t.index} row {r} col {c}: not a number: {cell.text[:20]}")
    return res


def _level(text: str, prev_level: int, sibling_mode: bool) -> tuple[int, bool]:
    """Depth of a row from its numbering; 其中 rows go one below the row before them, and unnumbered
    rows after a 其中 row are its siblings."""
    body = text
    if body.startswith("其中"):
        return prev_level + 1, True
    if _L1.match(body):
        return 1, False
    if _L2.match(body):
        return 2, False
    if _L3.match(body):
        return 3, False
    if sibling_mode:
        return prev_level, True
    return 1, False


def _pre2019_columns(t: Table, cfg) -> tuple[int, Optional[int], list[tuple[int, str]], int]:
    grid = t.grid()
    for r in range(min(4, t.n_rows)):
        cells = t.row_cells(r)
        texts = [compact(c.text) for c in cells]
        if not any(any(compact(h) in x for h in cfg["label_headers"] + cfg["unit_headers"]) for x in texts):
            continue
        label_col, unit_col = 0, None
        value_cols: list[tuple[int, str, int]] = []
        for c in cells:
            k = compact(c.text)
            if any(compact(h) == k or k.startswith(compact(h)) for h in cfg["label_headers"]) and label_col == 0:
                label_col = c.col
                continue
            if any(compact(h) == k for h in cfg["unit_headers"]):
                unit_col = c.col
                continue
            for prio, entry in enumerate(cfg["value_columns"]):
                if any(compact(a) in k for a in entry["labels"]):
                    value_cols.append((c.col, entry["dimension"], prio))
                    break
            else:
                if re.search(r"(?:19|20)\d{2}年", k):  # a bare year heads the year's figures
                    value_cols.append((c.col, "total", len(cfg["value_columns"])))
        # one column per dimension: the best-ranked header wins (本年累计 over 本期 …)
        chosen: dict[str, tuple[int, int]] = {}
        for col, dim, prio in value_cols:
            if dim not in chosen or prio < chosen[dim][1]:
                chosen[dim] = (col, prio)
        cols = sorted(((col, dim) for dim, (col, _) in chosen.items()))
        return label_col, unit_col, cols, r
    # no header: label, optional unit, last column is the figure
    unit_col = 1 if t.n_cols >= 3 else None
    return 0, unit_col, [(t.n_cols - 1, "total")], -1


# ---------------------------------------------------------------- dispatch

MAPPERS = {"table2": map_table2, "table3": map_table3, "table4": map_table4, "pre2019": map_pre2019}


def map_table(t: Table) -> TableResult:
    kind = classify(t)
    fn = MAPPERS.get(kind)
    if fn is None:
        return TableResult(t.index, kind)
    res = fn(t)
    res.era_hint = detect_era([c.text for c in t.cells]) if kind != "pre2019" else "pre2019"
    return res
