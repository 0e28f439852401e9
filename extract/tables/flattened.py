"""Rebuild a statistics table that a text dump flattened with spaces between its cells.

``指标名称 计量单位 2014年度 历年累计 主动公开文件数 条 2543 78967 其中：1、政府网站公开数 条 …`` is
the table it was (ANNOTATION.md); the glued form without separators (``主动公开文件数条212210037``) is
left alone: no figure is guessed from it.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Cell, Document, Paragraph, Table, finalize, make_paragraph

_HEADER = re.compile(r"(指标名称|统计指标|指\s*标)\s+(计量单位|单位)\s+")
_COLUMN_HEADER = re.compile(r"(年度|累计|统计数|本期|合计|数量)$")
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
    cols = []
    i = 0
    while i < len(tokens) and _COLUMN_HEADER.search(tokens[i][0]) and len(cols) < 4:
        cols.append(tokens[i][0])
        i += 1
    if not cols:
        return None
    n = len(cols)
    rows: list[list[str]] = []
    end_pos = tokens[i - 1][2] if i else m.end()
    while i < len(tokens):
        label_parts = []
        j = i
        while j < len(tokens) and tokens[j][0] not in UNITS and not _NUM.match(tokens[j][0]) and len(label_parts) < 4:
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
    header = [m.group(1).replace(" ", ""), m.group(2)] + cols
    cells = [Cell(row=0, col=c, text=t) for c, t in enumerate(header)]
    for r, row in enumerate(rows, start=1):
        cells += [Cell(row=r, col=c, text=t) for c, t in enumerate(row)]
    return raw[:m.start()], Table(cells=cells), raw[end_pos:]


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
