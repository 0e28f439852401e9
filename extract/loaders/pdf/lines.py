"""Glyphs → visual lines, whatever the font: pure functions, testable without a PDF.

Producers set digits in a Latin font beside CJK in another font, with other heights, baselines and
font boxes; grouping characters by exact baseline or by font then splits one visual line in two
(``本年度全区共收到件申70请``).  Here a glyph joins the line it overlaps vertically (by a fraction of the
smaller height), and each line is read left to right by x.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .objects import Glyph

LINE_OVERLAP_FRACTION = 0.35  # a glyph belongs to a line whose band it overlaps by this much of the smaller height
# (a digit lowered or raised by a third of its height still overlaps; two lines whose font boxes are
# taller than their leading overlap by a fifth at most)
MIN_GLYPH_HEIGHT = 1.0  # points: a flatter glyph box is placed by its vertical centre
WORD_GAP = 1.5  # points: a wider gap between neighbouring glyphs is a space (pdfplumber's x_tolerance)
DEDUPE_TOLERANCE = 1.0  # points: the same character drawn again this close is one (fake bold)


@dataclass
class TextLine:
    glyphs: list[Glyph] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    band_top: float = 0.0  # the vertical extent of the line's tallest glyph: what others must overlap
    band_bottom: float = 0.0

    @property
    def height(self) -> float:
        return self.band_bottom - self.band_top

    @property
    def text(self) -> str:
        return glyphs_text(self.glyphs)


def dedupe_glyphs(glyphs: Iterable[Glyph], tol: float = DEDUPE_TOLERANCE) -> list[Glyph]:
    """Drop a character drawn again at (almost) the same place in the same font and size (fake bold,
    shadows); the first drawing is kept, in drawing order."""
    # (text, font, size) → grid cell (x, y) two tolerances wide → places drawn there; a character's first
    # drawing on the page (most of them) costs one lookup
    cells: dict[tuple, dict[tuple[int, int], list[tuple[float, float]]]] = {}
    out = []
    step = 2 * tol
    for g in glyphs:
        x0, top = g.x0, g.top
        fx, fy = x0 / step, top / step
        gx, gy = int(fx), int(fy)
        key = (g.text, g.font, round(g.size, 1))
        grid = cells.get(key)
        if grid is None:
            cells[key] = {(gx, gy): [(x0, top)]}
            out.append(g)
            continue
        # a copy within tol lies in this grid cell or the neighbour on the nearer side, each way
        nx = gx + (1 if fx - gx >= 0.5 else -1)
        ny = gy + (1 if fy - gy >= 0.5 else -1)
        dup = False
        for cell in ((gx, gy), (nx, gy), (gx, ny), (nx, ny)):
            places = grid.get(cell)
            if places and any(abs(x0 - x) <= tol and abs(top - t) <= tol for x, t in places):
                dup = True
                break
        if dup:
            continue
        places = grid.get((gx, gy))
        if places is None:
            grid[(gx, gy)] = [(x0, top)]
        else:
            places.append((x0, top))
        out.append(g)
    return out


def build_lines(glyphs: Sequence[Glyph], fraction: float = LINE_OVERLAP_FRACTION) -> list[TextLine]:
    """Group glyphs into visual lines by vertical overlap and order each line by x.

    A line's band is that of its tallest glyph, not the union of its glyphs, so a raised or lowered
    digit (a baseline offset) joins the line without widening it towards the next line.  Whitespace glyphs are kept (they mark word breaks) when they fall in a line's band.
    Lines come out top to bottom.
    """
    ink = sorted((g for g in glyphs if not g.text.isspace()), key=lambda g: (g.top, g.x0))
    blanks = [g for g in glyphs if g.text.isspace()]
    lines: list[TextLine] = []
    open_lines: list[TextLine] = []
    for g in ink:
        top, bottom = g.top, g.bottom
        reach = top - MIN_GLYPH_HEIGHT
        open_lines = [ln for ln in open_lines if ln.band_bottom >= reach]
        best, best_ov = None, None
        h = bottom - top
        for ln in open_lines:  # inline: two calls per glyph and open line were most of the time
            band_top, band_bottom = ln.band_top, ln.band_bottom
            line_h = band_bottom - band_top
            ov = min(band_bottom, bottom) - max(band_top, top)
            if h < MIN_GLYPH_HEIGHT or line_h < MIN_GLYPH_HEIGHT:
                cy = (top + bottom) / 2
                fits = band_top - MIN_GLYPH_HEIGHT <= cy <= band_bottom + MIN_GLYPH_HEIGHT
            else:
                fits = ov >= fraction * min(h, line_h)
            if fits and (best is None or ov > best_ov):  # the line it overlaps most
                best, best_ov = ln, ov
        if best is None:
            best = TextLine(glyphs=[], top=g.top, bottom=g.bottom, x0=g.x0, x1=g.x1, band_top=g.top,
                            band_bottom=g.bottom)
            lines.append(best)
            open_lines.append(best)
        else:
            best.top, best.bottom = min(best.top, g.top), max(best.bottom, g.bottom)
            best.x0, best.x1 = min(best.x0, g.x0), max(best.x1, g.x1)
            if g.bottom - g.top > best.height:
                best.band_top, best.band_bottom = g.top, g.bottom
        best.glyphs.append(g)
    for b in blanks:
        cy = (b.top + b.bottom) / 2
        for ln in lines:
            if ln.top <= cy <= ln.bottom and ln.x0 <= b.cx <= ln.x1:
                ln.glyphs.append(b)
                break
    for ln in lines:
        ln.glyphs.sort(key=lambda g: g.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def glyphs_text(glyphs: Sequence[Glyph], gap: float = WORD_GAP) -> str:
    """One line's glyphs (sorted by x) as text: a space where they stand apart or a blank was drawn."""
    out: list[str] = []
    prev = None
    space = False
    for g in glyphs:
        if g.text.isspace():
            space = bool(out)
            continue
        if prev is not None and (space or g.x0 > prev.x1 + gap):
            out.append(" ")
        out.append(g.text)
        prev = g
        space = False
    return "".join(out)


def lines_text(glyphs: Sequence[Glyph]) -> str:
    """Text of a block of glyphs (a table cell): its lines joined by newlines."""
    return "\n".join(t for t in (ln.text for ln in build_lines(glyphs)) if t)
