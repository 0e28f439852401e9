"""`PageObjects` → the PDF loader's page content (paragraph lines and ruled tables).

Ruled tables are rebuilt from the segments alone: rules that touch form a table, the distinct rule
positions form the grid, and two neighbouring grid cells are one (merged) cell where no rule
separates them; `grid_from_boxes` then gives rows, columns and spans exactly as for vector tables.
Each glyph goes to the cell holding its centre.  Glyphs outside tables become lines by vertical
overlap, and lines become paragraphs with the loader's own `group_paragraphs`.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Sequence

from ...model import Cell, Table, clean_cell_text
from ..pdf.geometry import Line, column_edges, grid_from_boxes, group_paragraphs, is_frame_table, is_page_number
from ..pdf.objects import Glyph, PageObjects, Segment

TOUCH_TOL = 4.0          # points: rules this close touch (scans leave small gaps at crossings)
POSITION_TOL = 4.0       # points: rules this close are the same grid line
BORDER_COVER = 0.6       # a grid cell side is ruled when a rule covers this share of it
LINE_OVERLAP = 0.5       # glyphs overlapping vertically by this share of the smaller height share a line
WORD_GAP_CHARS = 1.2     # a horizontal gap this many character widths wide separates columns: a space
PAGE_MARGIN_FRACTION = 0.08
MIN_TABLE_CELLS = 2
# A lone horizontal stroke in a table cell is a dash (a zero): the recognizer cannot tell it from 一 or =
DASH_LOOKALIKES = {"一", "=", "_", "ー", "―", "一一", "--"}


@dataclass
class OcrTable:
    cells: list[Cell]
    bbox: tuple[float, float, float, float]
    cols: list[float]


def _touch(a: Segment, b: Segment, tol: float = TOUCH_TOL) -> bool:
    return not (a.x1 + tol < b.x0 or b.x1 + tol < a.x0 or a.bottom + tol < b.top or b.bottom + tol < a.top)


def cluster_segments(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Groups of rules connected by touching or crossing: one group per drawn table."""
    parent = list(range(len(segments)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(segments)):
        for j in range(i + 1, len(segments)):
            if segments[i].horizontal != segments[j].horizontal and _touch(segments[i], segments[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _positions(values: list[float], tol: float = POSITION_TOL) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _covered(rules: list[tuple[float, float, float]], pos: float, lo: float, hi: float) -> bool:
    """Some rule at ``pos`` (within tolerance) covers most of [lo, hi]."""
    need = BORDER_COVER * (hi - lo)
    got = 0.0
    for p, a, b in rules:
        if abs(p - pos) <= POSITION_TOL:
            got += max(0.0, min(b, hi) - max(a, lo))
    return got >= need


def cell_boxes(group: Sequence[Segment]) -> list[tuple[float, float, float, float]]:
    """The cells a group of rules draws, merged cells as one box."""
    hs = [((s.top + s.bottom) / 2, s.x0, s.x1) for s in group if s.horizontal]
    vs = [((s.x0 + s.x1) / 2, s.top, s.bottom) for s in group if not s.horizontal]
    ys = _positions([h[0] for h in hs])
    xs = _positions([v[0] for v in vs])
    if len(ys) < 2 or len(xs) < 2:
        return []
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[find((r, c))] = find((r, c + 1))
            if r + 1 < nr and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r, c))] = find((r + 1, c))
    regions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        regions.setdefault(find(k), []).append(k)
    boxes = []
    for members in regions.values():
        r0 = min(r for r, _ in members)
        r1 = max(r for r, _ in members) + 1
        c0 = min(c for _, c in members)
        c1 = max(c for _, c in members) + 1
        if len(members) != (r1 - r0) * (c1 - c0):
            continue  # not a rectangle: open area around the table, not a cell
        # a real cell is closed: its outer sides are ruled
        if not (_covered(hs, ys[r0], xs[c0], xs[c1]) and _covered(hs, ys[r1], xs[c0], xs[c1])
                and _covered(vs, xs[c0], ys[r0], ys[r1]) and _covered(vs, xs[c1], ys[r0], ys[r1])):
            continue
        boxes.append((xs[c0], ys[r0], xs[c1], ys[r1]))
    return boxes


def _inside(g: Glyph, box) -> bool:
    return box[0] <= g.cx <= box[2] and box[1] <= g.cy <= box[3]


def glyph_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines (vertical overlap), each sorted left to right, lines top to bottom."""
    lines: list[list[Glyph]] = []
    bounds: list[list[float]] = []  # top, bottom per line
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        h = max(0.1, g.bottom - g.top)
        placed = False
        for ln, bd in zip(lines, bounds):
            overlap = min(bd[1], g.bottom) - max(bd[0], g.top)
            if overlap >= LINE_OVERLAP * min(h, bd[1] - bd[0]):
                ln.append(g)
                bd[0], bd[1] = min(bd[0], g.top), max(bd[1], g.bottom)
                placed = True
                break
        if not placed:
            lines.append([g])
            bounds.append([g.top, g.bottom])
    for ln in lines:
        ln.sort(key=lambda g: g.x0)
    order = sorted(range(len(lines)), key=lambda i: bounds[i][0])
    return [lines[i] for i in order]


def line_text(glyphs: Sequence[Glyph], char_w: float) -> str:
    out = ""
    prev = None
    for g in glyphs:
        if prev is not None and g.x0 - prev.x1 > WORD_GAP_CHARS * char_w:
            out += " "
        out += g.text
        prev = g
    return out


def char_width(glyphs: Sequence[Glyph]) -> float:
    """Typical width of a Han character (the unit the paragraph rules count in)."""
    han = [g.x1 - g.x0 for g in glyphs if "\u4e00" <= g.text <= "\u9fff"]
    if han:
        return median(han)
    sizes = [g.size for g in glyphs]
    return median(sizes) if sizes else 10.0


def build_tables(objs: PageObjects) -> list[OcrTable]:
    tables = []
    for group in cluster_segments(objs.segments):
        boxes = cell_boxes(group)
        if len(boxes) < MIN_TABLE_CELLS:
            continue
        grid = grid_from_boxes(boxes)
        cells = []
        for gc in grid:
            inside = [g for g in objs.glyphs if _inside(g, gc.box)]
            lines = glyph_lines(inside)
            cw = char_width(inside) if inside else 10.0
            text = "\n".join(line_text(ln, cw) for ln in lines)
            if text.strip() in DASH_LOOKALIKES:
                text = "—"
            cell = Cell(row=gc.row, col=gc.col, row_span=gc.row_span, col_span=gc.col_span,
                        text=clean_cell_text(text), page=objs.number)
            cell.confidence = min((g.confidence for g in inside), default=1.0)
            cell.ocr = True
            cells.append(cell)
        n_rows = max(c.row + c.row_span for c in cells)
        n_cols = max(c.col + c.col_span for c in cells)
        if is_frame_table(n_rows, n_cols, [c.text for c in cells]):
            continue
        cells.sort(key=lambda c: (c.row, c.col))
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        tables.append(OcrTable(cells=cells, bbox=bbox, cols=column_edges(boxes)))
    return tables


def free_lines(objs: PageObjects, tables: Sequence[OcrTable], char_w: float) -> list[tuple[Line, float]]:
    """Lines of text outside the tables (page numbers dropped), each with its lowest glyph confidence."""
    boxes = [t.bbox for t in tables]
    free = [g for g in objs.glyphs if not any(b[0] - 1 <= g.cx <= b[2] + 1 and b[1] - 1 <= g.cy <= b[3] + 1
                                                 for b in boxes)]
    margin = PAGE_MARGIN_FRACTION * objs.height
    out = []
    for ln in glyph_lines(free):
        text = line_text(ln, char_w).strip()
        top, bottom = min(g.top for g in ln), max(g.bottom for g in ln)
        if not text or ((top < margin or bottom > objs.height - margin) and is_page_number(text)):
            continue
        out.append((Line(text=text, x0=ln[0].x0, x1=ln[-1].x1, top=top, bottom=bottom),
                    min(g.confidence for g in ln)))
    return out


def layout_page(objs: PageObjects):
    """The page content the PDF loader assembles, from OCR'd page objects (same shape as a text page),
    and the lowest recognizer score of each free text line (for the paragraphs' confidence)."""
    from ..pdf.loader import _PageContent, _PageTable, _rows_to_paragraphs, peel_frame_rows

    content = _PageContent(number=objs.number, height=objs.height)
    content.char_w = char_width(objs.glyphs)
    tables = build_tables(objs)
    lines = free_lines(objs, tables, content.char_w)
    conf = {id(l): c for l, c in lines}
    plain = [l for l, _ in lines]
    if plain:
        content.left = min(l.x0 for l in plain)
        content.right = max(l.x1 for l in plain)
    for t in tables:
        n_cols = max(c.col + c.col_span for c in t.cells)
        lead, trail, cells = peel_frame_rows(t.cells, n_cols)
        table = Table(cells=cells, page=objs.number)
        pt = _PageTable(table=table, top=t.bbox[1], bottom=t.bbox[3], cols=t.cols,
                        lead=_rows_to_paragraphs(lead), trail=_rows_to_paragraphs(trail), bbox=t.bbox)
        for k, text in enumerate(pt.lead):
            content.items.append((pt.top - 1 + k * 0.01, "text", text))
        if cells:
            content.items.append((pt.top, "table", pt))
        for k, text in enumerate(pt.trail):
            content.items.append((pt.bottom + k * 0.01, "text", text))
    line_conf: dict[str, float] = {}
    for l in plain:
        line_conf[l.text] = min(conf[id(l)], line_conf.get(l.text, 1.0))
    for para_lines in group_paragraphs(plain, content.left, content.right, content.char_w):
        content.items.append((para_lines[0].top, "para", para_lines))
    content.items.sort(key=lambda it: it[0])
    return content, line_conf
