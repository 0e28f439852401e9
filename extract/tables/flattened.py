"""Rebuild a statistics table that a text dump flattened with spaces between its cells.

``指标名称 计量单位 2014年度 历年累计 主动公开文件数 条 2543 78967 其中：1、政府网站公开数 条 …`` is
the table it was (ANNOTATION.md); the glued form without separators (``主动公开文件数条212210037``) is
left alone: no figure is guessed from it.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Cell, Document, Paragraph, Table, finalize, make_paragraph

# header words may themselves be broken by spaces (计量 单位, 指标 名称, 2011 年度, 历年 累计)
_HEADER = re.compile(r"(指\s*标\s*名\s*称|统\s*计\s*指\s*标|指\s*标)\s+(计\s*量\s*单\s*位|单\s*位)\s+")
_COLUMN_HEADER = re.compile(r"(年度|累计|统计数|本期|合计|数量)$")
MAX_HEADER_TOKENS = 3  # a column header broken into at most this many pieces (2011 年 度)
MAX_LABEL_TOKENS = 8  # a row label broken into at most this many pieces (其中： 1、 政府 网站 公开数)
UNITS = {"条", "件", "个", "人", "人次", "次", "万元", "元", "篇", "期", "份", "项", "场", "名", "家", "%"}
_NUM = re.compile(r"^(?:-?\d+(?:,\d{3})*(?:\.\d+)?|[-—–/／]|无)$")
MIN_ROWS = 3


def recover_table(raw: str) -> Optional[tuple[str, Table, str]]:
    """(text before, table, text after) or None when the paragraph holds no flattened table."""
    m = _HEADER.search(raw)
    if not m:
        return None
    tokens_text = raw[m.end():]
    tokens = [(t.group(0), t.start() + m.end(), t.end() + m.end()) for t in re.finditer(r"\S+", tokens_text)]
    tokens = _merge_units(tokens)
    cols = []
    i = 0
    while i < len(tokens) and len(cols) < 4:
        k = _header_span(tokens, i)
        if not k:
            break
        cols.append("".join(t[0] for t in tokens[i:i + k]))
        i += k
    if not cols:
        return None
    n = len(cols)
    rows: list[list[str]] = []
    end_pos = tokens[i - 1][2] if i else m.end()
    while i < len(tokens):
        label_parts = []
        j = i
        while (j < len(tokens) and tokens[j][0] not in UNITS and not _NUM.match(tokens[j][0])
               and len(label_parts) < MAX_LABEL_TOKENS):
            label_parts.append(tokens[j][0])
            j += 1
        if not label_parts or j >= len(tokens) or tokens[j][0] not in UNITS:
            break
        vals = [t[0] for t in tokens[j + 1:j + 1 + n]]
        if len(vals) < n or not all(_NUM.match(v) for v in vals):
            break
        rows.append(["".join(label_parts), tokens[j][0]] + vals)
        end_pos = tokens[j + n][2]
        i = j + 1 + n
    if len(rows) < MIN_ROWS:
        return None
    header = [re.sub(r"\s", "", m.group(1)), re.sub(r"\s", "", m.group(2))] + cols
    cells = [Cell(row=0, col=c, text=t) for c, t in enumerate(header)]
    for r, row in enumerate(rows, start=1):
        cells += [Cell(row=r, col=c, text=t) for c, t in enumerate(row)]
    return raw[:m.start()], Table(cells=cells), raw[end_pos:]


def _header_span(tokens: list, i: int) -> int:
    """How many tokens from ``i`` make one column header (2011 年度 → 2011年度; 历年 累计); 0 if none."""
    for k in range(min(MAX_HEADER_TOKENS, len(tokens) - i), 0, -1):
        joined = "".join(t[0] for t in tokens[i:i + k])
        if _COLUMN_HEADER.search(joined) and not _NUM.match(joined):
            if k > 1 and any(_COLUMN_HEADER.search(t[0]) for t in tokens[i:i + k - 1]):
                continue  # 2014年度 历年累计 are two headers, not one
            return k
    return 0


def _merge_units(tokens: list) -> list:
    """A unit the dump broke in two (人 次, 万 元) is one token again."""
    out: list = []
    for t in tokens:
        if out and out[-1][0] + t[0] in UNITS:
            prev = out.pop()
            out.append((prev[0] + t[0], prev[1], t[2]))
        else:
            out.append(t)
    return out


def recover_flattened_tables(doc: Document) -> int:
    """Replace paragraphs holding a flattened table by (paragraph, table, paragraph); returns how many."""
    out: list = []
    found = 0
    for b in doc.blocks:
        if isinstance(b, Paragraph) and b.raw and _HEADER.search(b.raw):
            rec = recover_table(b.raw)
            if rec is not None:
                before, table, after = rec
                table.page = b.page
                for part in (before, None, after):
                    if part is None:
                        out.append(table)
                        continue
                    p = make_paragraph(part, page=b.page)
                    if p:
                        out.append(p)
                found += 1
                continue
        out.append(b)
    if found:
        doc.blocks = out
        finalize(doc)
    return found


# ---------------------------------------------------------------- 表三 / 表四 rows flattened with spaces

_VALUE_TOKEN = re.compile(r"^(?:[-+]?\d+(?:\.\d+)?|[—\-–/／无])$")
_GROUP = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_LEAF_NUM = r"(?:\d+\s*[.、．]|[（(]\d+[)）])"
_LEAF = re.compile("^" + _LEAF_NUM)
_TOP_LEVEL = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)")
T3_HEADER = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_HEADER = [["行政复议"] * 5 + ["行政诉讼"] * 10,
             ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
             [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2]
MIN_T3_ROWS = 3


def _runs(raw: str) -> list[tuple[list, list[str], int, int]]:
    """(label tokens before, value tokens, start, end) for every run of figures in ``raw``."""
    out = []
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", raw)]
    label: list[tuple[str, int]] = []
    i = 0
    while i < len(tokens):
        if _VALUE_TOKEN.match(tokens[i][0]):
            j = i
            while j < len(tokens) and _VALUE_TOKEN.match(tokens[j][0]):
                j += 1
            out.append((label, [t[0] for t in tokens[i:j]], tokens[i][1], tokens[j - 1][2]))
            label = []
            i = j
        else:
            label.append((tokens[i][0], tokens[i][1]))
            i += 1
    return out


MAX_LABEL_TOKENS = 4


def split_group(label: str) -> tuple[Optional[str], str]:
    """``（三）不予公开1.属于国家秘密`` → (group, leaf); a label without a group → (None or "", label)."""
    label = re.sub(r"^三、本年度办理结果", "", label)
    g = _GROUP.match(label)
    if not g:
        return None, label
    rest = label[g.end():]
    leaf_m = re.search(_LEAF_NUM, rest)
    if leaf_m:
        return label[:g.end() + leaf_m.start()], rest[leaf_m.start():]
    return "", label


def _best_label(tokens: list, rows_cfg, group: str, default_start: int) -> tuple[str, int]:
    """The label is the last few tokens before the figures: the suffix that best reads as a 表三 row."""
    from ..codebook import best_match

    best, best_s, best_start = "", 0.0, default_start
    for k in range(1, min(MAX_LABEL_TOKENS, len(tokens)) + 1):
        cand = "".join(t for t, _ in tokens[-k:])
        g, leaf = split_group(cand)
        _, s = best_match(leaf, rows_cfg, context=g if g is not None else group, ctx_key="group")
        if s > best_s + 1e-9:
            best, best_s, best_start = cand, s, tokens[-k][1]
    if not best and tokens:
        best, best_start = "".join(t for t, _ in tokens[-2:]), tokens[-min(2, len(tokens))][1]
    return best, best_start


def recover_template_rows(raw: str) -> Optional[tuple[str, list[Table], str]]:
    """表三 rows (label + 7 figures) and the 表四 row (15 figures) of a text dump with spaces between cells."""
    from ..codebook import best_match, table_labels

    rows_cfg = table_labels()["table3"]["rows"]
    t3_rows: list[list[str]] = []
    t4_row: Optional[list[str]] = None
    first = last = None
    group = ""
    for label_tokens, values, start, end in _runs(raw):
        label, start = _best_label(label_tokens, rows_cfg, group, start)
        g, leaf = split_group(label)
        if g is not None:
            group = g  # a group opens even on a row we cannot read
        elif _TOP_LEVEL.match(label):
            group = ""  # （一）予以公开, （七）总计, 四、结转…: outside any group
        if len(values) == 7 and label:
            entry, _ = best_match(leaf, rows_cfg, context=group, ctx_key="group")
            if entry is None:
                continue
            t3_rows.append([group, leaf] + values)
        elif len(values) == 15 and ("行政复议" in label or "审结" in label or "行政诉讼" in raw[:start]):
            t4_row = values
        else:
            continue
        first = start if first is None else first
        last = end
    tables = []
    if len(t3_rows) >= MIN_T3_ROWS:
        header_known = "自然人" in raw and "总计" in raw
        rows = ([T3_HEADER] if header_known else []) + t3_rows
        tables.append(Table(cells=[Cell(row=r, col=c, text=t) for r, row in enumerate(rows)
                                   for c, t in enumerate(row)]))
    if t4_row is not None:
        rows = T4_HEADER + [t4_row]
        tables.append(Table(cells=[Cell(row=r, col=c, text=t) for r, row in enumerate(rows)
                                   for c, t in enumerate(row)]))
    if not tables:
        return None
    return raw[:first], tables, raw[last:]


def recover_template_tables(doc: Document) -> int:
    """Paragraphs (or runs of row-like paragraphs) holding flattened 表三/表四 rows → tables."""
    if any(_is_template_table(t) for t in doc.tables):
        return 0  # the document has its real tables: never guess from text
    out: list = []
    found = 0
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if not isinstance(b, Paragraph) or not b.raw:
            out.append(b)
            i += 1
            continue
        # a run of paragraphs, each ending in figures: one row per line of a table without rules
        j = i
        while j < len(blocks) and isinstance(blocks[j], Paragraph) and _ROW_TAIL.search(blocks[j].raw or ""):
            j += 1
        group = blocks[i:j] if j - i >= MIN_T3_ROWS else [b]
        raw = " ".join(p.raw for p in group)
        rec = recover_template_rows(raw)
        if rec is None:
            out.append(b)
            i += 1
            continue
        before, tables, after = rec
        for part in (before, None, after):
            if part is None:
                for t in tables:
                    t.page = b.page
                    out.append(t)
                continue
            p = make_paragraph(part, page=b.page)
            if p:
                out.append(p)
        found += len(tables)
        i += len(group)
    if found:
        doc.blocks = out
        finalize(doc)
    return found


_ROW_TAIL = re.compile(r"(?:\s+(?:[-+]?\d+(?:\.\d+)?|[—\-–/／无])){7}\s*$")


def _is_template_table(t: Table) -> bool:
    text = "".join(c.text for c in t.cells)
    return "自然人" in text or "本年新收" in text or ("行政复议" in text and "行政诉讼" in text)
