"""What a page reader hands to the layout: positioned glyphs and ruling segments.

Every source of page content — the PDF text layer (pdfplumber or pypdfium2) and OCR of a page image —
produces the same `PageObjects`, so that line building, table geometry and borderless-table detection
are written once and tested without a PDF.  Coordinates are PDF points in the page's reading orientation,
origin top-left, y growing downwards (pdfplumber's `top`/`bottom` convention).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Glyph:
    text: str           # usually one character; an OCR reader may give a whole word or cell text
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 10.0  # font size in points (OCR: the box height)
    font: str = ""
    confidence: float = 1.0  # 1.0 for a text layer; the recognizer's score for OCR
    clipped: bool = False    # drawn partly outside its clip path: only part of its ink shows on the page

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Segment:
    """A ruling line (a thin rectangle or a stroked path), horizontal or vertical."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class PageObjects:
    number: int                     # 1-based page number
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    source: str = "text"            # "text" (text layer) | "ocr"
    images: list = field(default_factory=list)  # (x0, top, x1, bottom) of the pictures drawn on the page
    hidden: list = field(default_factory=list)  # glyphs of clipped text whose centre the clip hides (not read)
    rotation: int = 0               # degrees the reader turned user space to read the text upright (/Rotate, or text drawn turned)
