"""Plain text → Document.

Encoding is detected (BOMs, strict UTF-8, GB18030, then charset-normalizer).  Table blocks as
text dumps of Word print them are rebuilt: every cell on its own tab-indented line, wrapped
cell text on following lines without the tab, blank lines between rows, blank cells kept.
Lines with tabs inside (TSV) form tables too.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..model import Cell, Document, Table, clean_cell_text, make_paragraph
from . import LoadError

# Conversion artefacts of some DOCX→text tools; never part of the report.
_ARTEFACT = re.compile(r"\[(?:bookmark|comment|footnote ref|endnote ref)[^\]]*\]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: zero bytes on the odd (LE) or even (BE) positions
        le = sample[1::2].count(0) > sample[0::2].count(0)
        return data.decode("utf-16-le" if le else "utf-16-be", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
        if best is not None:
            return str(best), best.encoding
    except ImportError:  # pragma: no cover - optional
        pass
    return data.decode("gb18030", errors="replace"), "gb18030?"


def load_txt(path: Path) -> Document:
    data = path.read_bytes()
    text, _enc = decode_bytes(data)
    from . import MAX_DOCUMENT_CHARS
    if len(text) > MAX_DOCUMENT_CHARS * 2:  # refused before parsing: markup-free text is all content
        raise LoadError(f"refused: {len(text):,} characters of text (limit {MAX_DOCUMENT_CHARS:,})")
    if "\ufffd" in text and text.count("\ufffd") > max(20, len(text) // 20):
        raise LoadError("unreadable text: unknown encoding")
    doc = Document(path=str(path), format="txt")
    doc.blocks = parse_text_blocks(text)
    return doc


def parse_text_blocks(text: str) -> list:
    text = _ARTEFACT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    blocks: list = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            j = _table_end(lines, i)
            table = _tab_table(lines[i:j])
            if table is not None:
                blocks.append(table)
            i = j
            continue
        if _is_tsv_row(line):
            j = i
            while j < n and _is_tsv_row(lines[j]):
                j += 1
            if j - i >= 2:
                blocks.append(_tsv_table(lines[i:j]))
                i = j
                continue
        para = make_paragraph(line)
        if para:
            blocks.append(para)
        i += 1
    return blocks


def _is_tsv_row(line: str) -> bool:
    return not line.startswith("\t") and line.count("\t") >= 1 and line.strip() != ""


def _next_nonblank(lines: list[str], j: int) -> Optional[int]:
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j if j < len(lines) else None


def _table_end(lines: list[str], start: int) -> int:
    """A table block runs while lines are cells, blanks, or wrapped cell text followed by a cell."""
    j = start
    last_cell_line = start
    while j < len(lines):
        line = lines[j]
        if line.startswith("\t"):
            last_cell_line = j
            j += 1
            continue
        if not line.strip():
            j += 1
            continue
        nxt = _next_nonblank(lines, j + 1)
        if nxt is not None and lines[nxt].startswith("\t"):
            j += 1
            continue
        # wrapped text of the very last cell: keep it when directly attached
        if j == last_cell_line + 1:
            j += 1
        break
    return j


def _tab_table(lines: list[str]) -> Optional[Table]:
    """Cells start at tab-indented lines; rows are separated by blank lines.

    Blank lines inside a cell occur too, so when the first row fixes a width and all cells
    divide evenly into it, rows are cut by that width instead.
    """
    cells: list[list[str]] = []  # each: list of lines
    row_breaks: list[int] = []  # index in cells where a new row starts after a blank line
    pending_blank = False
    for line in lines:
        if line.startswith("\t"):
            if pending_blank and cells:
                row_breaks.append(len(cells))
            pending_blank = False
            cells.append([line[1:]])
        elif not line.strip():
            pending_blank = True
        else:
            if cells:
                cells[-1].append(line)
            pending_blank = False
    if not cells:
        return None
    width = row_breaks[0] if row_breaks else len(cells)
    if width and len(cells) % width == 0:
        rows = [cells[k:k + width] for k in range(0, len(cells), width)]
    else:
        bounds = [0] + row_breaks + [len(cells)]
        rows = [cells[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
    out: list[Cell] = []
    for r, row in enumerate(rows):
        for c, parts in enumerate(row):
            out.append(Cell(row=r, col=c, text=clean_cell_text("\n".join(parts))))
    return Table(cells=out)


def _tsv_table(lines: list[str]) -> Table:
    out = []
    for r, line in enumerate(lines):
        for c, part in enumerate(line.split("\t")):
            out.append(Cell(row=r, col=c, text=clean_cell_text(part)))
    return Table(cells=out)
