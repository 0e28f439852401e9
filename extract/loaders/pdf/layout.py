"""One page's `PageObjects` → ordered items (paragraph lines, tables, loose text) for the loader.

Works only from positioned glyphs and ruling segments, so every page reader — pdfplumber, pypdfium2,
OCR — shares it: duplicate glyphs dropped, ruled tables found from the segments, a frame drawn around
the body text dropped, the remaining glyphs grouped into lines by vertical overlap and read by x, lines
grouped into paragraphs, page numbers dropped.  Undecodable (``(cid:NN)``, U+FFFD, private-use) and
empty pages are flagged.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ...model import Cell, Table, clean_cell_text
from .geometry import (Line, boxes_bbox, column_edges, grid_from_boxes, group_paragraphs, is_frame_table,
                       is_page_number, open_at_cut, drop_cut_slivers, ruled_tables_and_cuts,
                       visible_segments)
from .borderless import detect_tables
from .lines import build_lines, dedupe_glyphs, lines_text
from .objects import Glyph, PageObjects

PAGE_MARGIN_FRACTION = 0.08  # page numbers live in the top/bottom 8 % of the page
UNDECODABLE_FRACTION = 0.2  # a page whose glyphs are this much undecodable has no usable text
CUT_ROW_EDGE = 0.2     # share of the page height: a cut row's text reaches this close to the page edge
CUT_ROW_HEIGHT = 10.0  # × font size: the highest band of text taken as a row cut by the page break
CUT_ROW_TOUCH = 0.04   # × font size: glyphs closer than this across a column edge are one run (not a cut row)
TABLE_BOX_SLACK = 1.0  # points: a glyph centred this close outside a table box still belongs to it
CUT_EDGE_MATCH = 6.0   # points: a page cut this close to a table's top or bottom edge is that edge
CUT_TEXT_REACH = 20.0  # points: how far beyond a cut the centre of a glyph the cut runs through is looked for
_FIGURE_CELL = re.compile(r"^[\d.,，%\-]+$")
_CID = re.compile(r"^\(cid:\d+\)$")


def is_undecodable(text: str) -> bool:
    """A glyph the text layer cannot map to Unicode: pdfminer's ``(cid:NN)``, U+FFFD, private use."""
    if not text:
        return False
    if len(text) == 1:
        o = ord(text)
        return o == 0xFFFD or 0xE000 <= o <= 0xF8FF
    if text.startswith("(cid:"):
        return bool(_CID.match(text))
    return all(ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF for ch in text)


@dataclass
class _PageTable:
    table: Table
    top: float
    bottom: float
    cols: list[float]
    lead: list[str] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)
    bbox: tuple = ()
    # cells the page break cut open (no rule closes them on that side): they go on on the next page
    # (open_bottom) or come from the previous one (open_top)
    open_top: list[Cell] = field(default_factory=list)
    open_bottom: list[Cell] = field(default_factory=list)
    across: list[Glyph] = field(default_factory=list)  # glyphs outside the box read into cells a cut left open


@dataclass
class _PageContent:
    number: int
    height: float
    items: list = field(default_factory=list)  # (top, kind, payload) kind: "para" | "table"
    left: float = 0.0
    right: float = 0.0
    char_w: float = 10.0


def page_ruled_tables(po: PageObjects):
    """The page's ruled tables (cell boxes) and page cuts, from the rules that show on the page; the one
    place that finds them, so whoever matches cells to boxes later (OCR scores) sees the layout's boxes."""
    return ruled_tables_and_cuts(visible_segments(po.segments, po.width, po.height), po.height)


def layout_page(po: PageObjects, state: Optional[dict] = None):
    """Items of one page and its flag: "" | "empty" | "cid".

    ``state`` is carried from page to page of one document (the column model of a borderless table left
    open at the foot of a page); without it borderless tables are not looked for."""
    content = _PageContent(number=po.number, height=po.height)
    glyphs = dedupe_glyphs(po.glyphs)
    ink = [g for g in glyphs if not g.text.isspace()]
    if not ink:
        return content, "empty"
    sizes = sorted(g.size for g in ink)
    content.char_w = sizes[len(sizes) // 2] or 10.0
    undecodable = sum(1 for g in ink if is_undecodable(g.text))
    flag = "cid" if undecodable > UNDECODABLE_FRACTION * len(ink) else ""

    by_cy = sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2)
    cys = [(g.top + g.bottom) / 2 for g in by_cy]
    tables: list[_PageTable] = []
    taken: set[int] = set()
    found_tables, cuts = page_ruled_tables(po)
    for boxes in found_tables:
        bbox = boxes_bbox(boxes)
        lo = bisect_left(cys, bbox[1] - TABLE_BOX_SLACK)
        hi = bisect_right(cys, bbox[3] + TABLE_BOX_SLACK)
        inside = [g for g in by_cy[lo:hi] if bbox[0] - TABLE_BOX_SLACK <= g.cx <= bbox[2] + TABLE_BOX_SLACK]
        across = _across_cuts(bbox, cuts, by_cy, cys) if cuts else []
        t = _to_table(boxes, bbox, inside, po.number, cuts, across)
        if t is not None:  # its glyphs are read as cells (or a frame's peeled rows), not again as lines
            taken.update(id(g) for g in inside)
            taken.update(id(g) for g in t.across)
            tables.append(t)

    free = [g for g in glyphs if id(g) not in taken] if taken else glyphs
    for pt in tables:  # a ruled row cut by the page break: its text stands between the rules and the page edge
        band = _cut_row_band(pt, free, po.height)
        if band:
            taken.update(id(g) for g in band[1])
            free = [g for g in free if id(g) not in taken]
    if state is not None:  # statistics tables printed without ruling lines, found by text alignment
        found = detect_tables(free, po.width, po.height, state.get("carry"), state.get("more_pages", False))
        state["carry"] = found.carry
        for bt in found.tables:
            tables.append(_borderless_table(bt, po.number))
            x0, top, x1, bottom = bt.bbox
            taken.update(id(g) for g in free if x0 - TABLE_BOX_SLACK <= g.cx <= x1 + TABLE_BOX_SLACK
                         and top - TABLE_BOX_SLACK <= g.cy <= bottom + TABLE_BOX_SLACK)
        if found.tables:
            free = [g for g in free if id(g) not in taken]
    lines = []
    margin = PAGE_MARGIN_FRACTION * content.height
    for tl in build_lines(free):
        text = tl.text.strip()
        if not text:
            continue
        if (tl.top < margin or tl.bottom > content.height - margin) and is_page_number(text):
            continue
        # the band, not the union: a raised digit must not make the line look taller than its neighbours
        lines.append(Line(text=text, x0=tl.x0, x1=tl.x1, top=tl.band_top, bottom=tl.band_bottom))
    if lines:
        content.left = min(l.x0 for l in lines)
        content.right = max(l.x1 for l in lines)
    for pt in tables:
        for k, text in enumerate(pt.lead):
            content.items.append((pt.top - 1 + k * 0.01, "text", text))
        if pt.table.cells:
            content.items.append((pt.top, "table", pt))
        for k, text in enumerate(pt.trail):
            content.items.append((pt.bottom + k * 0.01, "text", text))
    for para_lines in group_paragraphs(lines, content.left, content.right, content.char_w):
        content.items.append((para_lines[0].top, "para", para_lines))
    content.items.sort(key=lambda it: it[0])
    if not lines and not tables:
        flag = flag or "empty"
    return content, flag


def _cut_row_band(pt: _PageTable, free: list[Glyph], page_h: float):
    """Text between a ruled table and the page edge that is the part of a row the page break cut (browsers
    print a row split over two pages without the rule on the cut side, so the ruled grid leaves it out and
    its text would leak out of the table as paragraphs and stop the join of the table's two parts).

    The band is taken as a row of the table when it reaches the page edge (within ``CUT_ROW_EDGE``),
    nothing else stands between the table and the page edge, the band is at most ``CUT_ROW_HEIGHT`` font
    sizes high and no run of text crosses one of the table's column edges.  Returns (side, glyphs) after
    adding the row, or None."""
    if not pt.cols or len(pt.cols) < 3 or not pt.table.cells:
        return None
    x0, x1 = pt.cols[0], pt.cols[-1]
    ink = [g for g in free if not g.text.isspace()]
    for side in ("top", "bottom"):
        if side == "top":
            band = [g for g in ink if g.cy < pt.top]
            if not band or min(g.top for g in band) > CUT_ROW_EDGE * page_h:
                continue
        else:
            band = [g for g in ink if g.cy > pt.bottom]
            if not band or max(g.bottom for g in band) < (1 - CUT_ROW_EDGE) * page_h:
                continue
            margin = (1 - PAGE_MARGIN_FRACTION) * page_h
            footer = [g for g in band if g.top > margin]
            if footer and is_page_number("".join(g.text for g in sorted(footer, key=lambda g: g.x0))):
                band = [g for g in band if g.top <= margin]
        if not band or any(not x0 <= g.cx <= x1 for g in band):
            continue
        size = sorted(g.size for g in band)[len(band) // 2] or 10.0
        extent = (pt.top - min(g.top for g in band)) if side == "top" else (max(g.bottom for g in band) - pt.bottom)
        if extent > CUT_ROW_HEIGHT * size:
            continue
        col_of = lambda g: max(k for k in range(len(pt.cols) - 1) if pt.cols[k] <= g.cx or k == 0)
        # a label may span the label sub-columns (a merged cell); figure columns it may not cross
        first_value = min((c.col for c in pt.table.cells if _FIGURE_CELL.match(c.text.strip())),
                          default=len(pt.cols) - 1)
        crossing = False
        texts: dict[int, list] = {}
        for tl in build_lines(band):
            gs = sorted((g for g in tl.glyphs if not g.text.isspace()), key=lambda g: g.x0)
            for a, b in zip(gs, gs[1:]):
                # (a label set up to the figure beside it is two cells: the run changes from text to figure)
                if col_of(a) != col_of(b) and b.x0 - a.x1 < CUT_ROW_TOUCH * size and col_of(b) >= first_value \
                        and a.text.isdigit() == b.text.isdigit():
                    crossing = True
            for g in gs:
                texts.setdefault(col_of(g), []).append(g)
        if crossing:
            continue
        n_cols = len(pt.cols) - 1
        cells = pt.table.cells
        if side == "top":
            for c in cells:
                c.row += 1
            row = 0
        else:
            row = max(c.row + c.row_span for c in cells)
        page = cells[0].page
        band_cells = [Cell(row=row, col=k, text=clean_cell_text(lines_text(texts[k]) if k in texts else ""),
                           page=page) for k in range(n_cols)]
        cells.extend(band_cells)
        cells.sort(key=lambda c: (c.row, c.col))
        # the band has no rule on the page-edge side: it is open there
        if side == "top":
            pt.open_top = band_cells
        else:
            pt.open_bottom = band_cells
        if side == "top":
            pt.top = min(g.top for g in band)
        else:
            pt.bottom = max(g.bottom for g in band)
        return side, band
    return None


def _borderless_table(bt, page_no: int) -> _PageTable:
    cells = [Cell(row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span, text=clean_cell_text(c.text),
                  page=page_no) for c in bt.cells]
    cells.sort(key=lambda c: (c.row, c.col))
    return _PageTable(table=Table(cells=cells, page=page_no), top=bt.bbox[1], bottom=bt.bbox[3], cols=list(bt.cols),
                      bbox=tuple(bt.bbox))


def _across_cuts(bbox: tuple, cuts, by_cy: list[Glyph], cys: list[float]) -> list[Glyph]:
    """Glyphs centred just outside a table that a page cut of it runs through (a line of a cell cut by the
    break, drawn on this page although most of it is beyond the cut)."""
    out = []
    for side, edge in (("top", bbox[1]), ("bottom", bbox[3])):
        if not any(c.side == side and abs(c.y - edge) <= CUT_EDGE_MATCH for c in cuts):
            continue
        span = by_cy[bisect_left(cys, edge - CUT_TEXT_REACH):bisect_left(cys, edge)] if side == "top" else \
            by_cy[bisect_right(cys, edge):bisect_right(cys, edge + CUT_TEXT_REACH)]
        out += [g for g in span if g.top < edge < g.bottom and bbox[0] <= g.cx <= bbox[2]]
    return out


def _to_table(boxes: list, bbox: tuple, glyphs: list[Glyph], page_no: int, cuts=(),
              across: Sequence[Glyph] = ()) -> Optional[_PageTable]:
    boxes = [tuple(b) for b in boxes]
    if cuts:
        boxes = drop_cut_slivers(boxes, cuts, lambda b: any(
            b[0] <= g.cx <= b[2] and b[1] <= g.cy <= b[3] and not g.text.isspace() for g in glyphs))
    if not boxes:
        return None
    grid = grid_from_boxes(boxes)
    open_top = {g.box for g in grid if cuts and open_at_cut(g.box, cuts, "top")}
    open_bottom = {g.box for g in grid if cuts and open_at_cut(g.box, cuts, "bottom")}
    centred = sorted((((g.top + g.bottom) / 2, (g.x0 + g.x1) / 2, g) for g in glyphs), key=lambda t: t[0])
    ys = [c[0] for c in centred]
    used: list[Glyph] = []
    texts_by_box = {}
    for b in boxes:
        lo, hi = bisect_left(ys, b[1]), bisect_right(ys, b[3])
        inside = [g for _, cx, g in centred[lo:hi] if b[0] <= cx <= b[2]]
        # a line the cut runs through belongs to the cell the cut left open
        extra = [g for g in across if b[0] <= g.cx <= b[2] and (
            (b in open_bottom and g.top < b[3] < g.cy) or (b in open_top and g.cy < b[1] < g.bottom))]
        used += extra
        inside += extra
        texts_by_box[b] = lines_text(inside) if inside else ""
    cells = [Cell(row=g.row, col=g.col, row_span=g.row_span, col_span=g.col_span,
                  text=clean_cell_text(texts_by_box[g.box]), page=page_no) for g in grid]
    open_top = [c for c, g in zip(cells, grid) if g.box in open_top]
    open_bottom = [c for c, g in zip(cells, grid) if g.box in open_bottom]
    n_rows = max(c.row + c.row_span for c in cells)
    n_cols = max(c.col + c.col_span for c in cells)
    if is_frame_table(n_rows, n_cols, [c.text for c in cells]):
        return None
    cells.sort(key=lambda c: (c.row, c.col))
    lead, trail, cells = peel_frame_rows(cells, n_cols)
    if not cells:
        return _PageTable(table=Table(cells=[], page=page_no), top=bbox[1], bottom=bbox[3],
                          cols=[], lead=_rows_to_paragraphs(lead + trail), bbox=bbox)
    t = Table(cells=cells, page=page_no)
    kept = {id(c) for c in cells}
    return _PageTable(table=t, top=bbox[1], bottom=bbox[3], cols=column_edges(boxes),
                      lead=_rows_to_paragraphs(lead), trail=_rows_to_paragraphs(trail), bbox=bbox,
                      open_top=[c for c in open_top if id(c) in kept],
                      open_bottom=[c for c in open_bottom if id(c) in kept], across=used)


_PROSE = re.compile(r"[。；]|^.{40,}$")


def peel_frame_rows(cells: list[Cell], n_cols: int) -> tuple[list[str], list[str], list[Cell]]:
    """Split off rows of body text that a frame drawn around the page glued onto a table.

    Leading/trailing rows made of one full-width cell are text, not table, when they read as
    prose, or when more than one precede the first real row (a table keeps one title row).
    Returns (leading texts, trailing texts, remaining cells renumbered from row 0).
    """
    rows: dict[int, list[Cell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    order = sorted(rows)

    def full_width(r: int) -> bool:
        rc = rows[r]
        return len(rc) == 1 and rc[0].col == 0 and rc[0].col_span == n_cols and rc[0].row_span == 1

    lead_rows = []
    for r in order:
        if full_width(r):
            lead_rows.append(r)
        else:
            break
    keep_title = None
    if lead_rows and len(lead_rows) < len(order) and not _PROSE.search(rows[lead_rows[-1]][0].text):
        keep_title = lead_rows[-1]
    lead = [r for r in lead_rows if r != keep_title]
    trail_rows = []
    for r in reversed(order):
        if r in lead_rows:
            break
        if full_width(r) and _PROSE.search(rows[r][0].text):
            trail_rows.insert(0, r)
        else:
            break
    drop = set(lead) | set(trail_rows)
    if not drop:
        return [], [], cells
    kept = [c for c in cells if c.row not in drop]
    remaining_rows = sorted({c.row for c in kept})
    renum = {r: i for i, r in enumerate(remaining_rows)}
    for c in kept:
        c.row = renum[c.row]
    return [rows[r][0].text for r in lead], [rows[r][0].text for r in trail_rows], kept


def _rows_to_paragraphs(texts: list[str]) -> list[str]:
    """Rows cut from a frame are wrapped lines: join them until a sentence or heading ends."""
    paras: list[str] = []
    cur = ""
    for t in texts:
        cur += t
        if re.search(r"[。：:！？]$", t) or len(t) < 20:
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras


