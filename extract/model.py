"""The one document model every loader produces and every stage reads.

Ordered blocks (paragraphs and tables).  A table is a grid of cells; a merged cell appears
once with its row_span/col_span and is never repeated in the positions it covers.  Every block
knows its page (where the format has pages) and its character offsets in ``Document.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

from .normalize import normalize


@dataclass
class Cell:
    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    page: Optional[int] = None
    confidence: float = 1.0  # the recognizer's lowest score over the cell's text (1.0 from a text layer)
    ocr: bool = False


@dataclass
class Table:
    cells: list[Cell]
    page: Optional[int] = None
    index: int = 0
    start: int = 0
    end: int = 0
    pages: list[int] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return max((c.row + c.row_span for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.col_span for c in self.cells), default=0)

    def grid(self) -> list[list[Optional[Cell]]]:
        """Every grid position points at the cell covering it (None where nothing does)."""
        g: list[list[Optional[Cell]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.row_span):
                for k in range(c.col, c.col + c.col_span):
                    g[r][k] = c
        return g

    def anchored(self) -> dict[tuple[int, int], Cell]:
        return {(c.row, c.col): c for c in self.cells}

    def row_cells(self, r: int) -> list[Cell]:
        return sorted((c for c in self.cells if c.row == r), key=lambda c: c.col)

    def text(self) -> str:
        """A plain rendering (cells joined by tabs, rows by newlines) for the document text."""
        rows = []
        for r in range(self.n_rows):
            rows.append("\t".join(c.text for c in self.row_cells(r)))
        return "\n".join(rows)


@dataclass
class Paragraph:
    text: str  # normalized
    raw: str = ""
    page: Optional[int] = None
    start: int = 0
    end: int = 0
    confidence: float = 1.0  # as Cell.confidence, over the paragraph's lines
    ocr: bool = False


Block = Union[Paragraph, Table]


@dataclass
class Document:
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: Optional[int] = None
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR
    repaired_pages: list[int] = field(default_factory=list)  # text-layer pages whose mis-mapped glyphs OCR read again

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


def make_paragraph(raw: str, page: Optional[int] = None) -> Optional[Paragraph]:
    n = normalize(raw)
    if not n.text.strip():
        return None
    return Paragraph(text=n.text, raw=raw, page=page)


def clean_cell_text(raw: str) -> str:
    """Cell text: lines joined (labels wrapped or printed one character per line), widths folded."""
    return normalize(raw or "").text


def finalize(doc: Document) -> Document:
    """Number tables, assign character offsets, build ``doc.text`` from the blocks in order."""
    parts: list[str] = []
    pos = 0
    t_index = 0
    for b in doc.blocks:
        if isinstance(b, Table):
            b.index = t_index
            t_index += 1
            if not b.pages:
                b.pages = sorted({c.page for c in b.cells if c.page is not None}) or (
                    [b.page] if b.page is not None else [])
            body = b.text()
        else:
            body = b.text
        b.start = pos
        b.end = pos + len(body)
        parts.append(body)
        pos = b.end + 1
    doc.text = "\n".join(parts)
    return doc
