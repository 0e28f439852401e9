"""Render the document model as readable text: what the loader saw."""
from __future__ import annotations

from .model import Document, Paragraph, Table

MAX_CELL = 18


def render_table(t: Table, max_cell: int = MAX_CELL) -> str:
    """A grid; a merged cell is printed once, the positions it covers show ``〃`` (left) or ``‖`` (above)."""
    grid = t.grid()
    rows = []
    for r, row in enumerate(grid):
        out = []
        for c, cell in enumerate(row):
            if cell is None:
                out.append("")
            elif cell.row == r and cell.col == c:
                span = ""
                if cell.row_span > 1 or cell.col_span > 1:
                    span = f"[{cell.row_span}x{cell.col_span}]"
                txt = cell.text.replace("\n", " ")
                if len(txt) > max_cell:
                    txt = txt[: max_cell - 1] + "…"
                out.append(txt + span)
            elif cell.row == r:
                out.append("〃")
            else:
                out.append("‖")
        rows.append(out)
    widths = [0] * t.n_cols
    for row in rows:
        for c, txt in enumerate(row):
            widths[c] = max(widths[c], _width(txt))
    lines = []
    for r, row in enumerate(rows):
        lines.append(f"{r:>3} | " + " | ".join(_pad(txt, widths[c]) for c, txt in enumerate(row)))
    return "\n".join(lines)


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def render(doc: Document) -> str:
    out = [f"# {doc.path}  format={doc.format}  pages={doc.pages or '-'}  blocks={len(doc.blocks)}"
           f"  tables={len(doc.tables)}"]
    for w in doc.warnings:
        out.append(f"! {w}")
    for b in doc.blocks:
        page = f"p{b.page} " if b.page else ""
        if isinstance(b, Paragraph):
            out.append(f"[{page}{b.start}-{b.end}] {b.text}")
        else:
            pages = ",".join(map(str, b.pages)) if b.pages else "-"
            out.append(f"\n== table {b.index} ({b.n_rows} rows x {b.n_cols} cols, pages {pages}, "
                       f"chars {b.start}-{b.end})")
            out.append(render_table(b))
            out.append("")
    return "\n".join(out)
