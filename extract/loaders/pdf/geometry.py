"""Pure geometry for the PDF loader: no PDF needed to test any of it.

Boxes are (x0, top, x1, bottom) in PDF points, top-down like pdfplumber.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional, Sequence

Box = tuple[float, float, float, float]

EDGE_SNAP = 3.0  # points: cell edges closer than this are the same grid line
COLUMN_MATCH_TOL = 4.0  # points: column edges of a continued table must agree within this
CONTINUATION_TOP_MARGIN = 0.25  # a continuation table starts in the top quarter of the page
INDENT_CHARS = 1.5  # a line starting this many character widths right of the margin is indented
SHORT_LINE_CHARS = 2.0  # a line ending this many character widths short of the margin ends a paragraph
WRAP_SLACK_CHARS = 6.0  # a line this many characters short of the margin ends its paragraph anyway
PARA_GAP_LINES = 1.2  # a vertical gap of this many line heights starts a paragraph

_SENTENCE_END = re.compile(r"[。！？：:；;）)]\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
                          r"\d{1,4}\s*/\s*\d{1,4}|\d{1,3})\s*$")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def snap(values: Sequence[float], tol: float = EDGE_SNAP) -> list[float]:
    """Cluster nearly equal coordinates; return one representative per cluster."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """Index of the edge nearest ``v`` (edges sorted ascending; the first of equally near ones)."""
    i = bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return i - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


@dataclass
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    box: Box


def grid_from_boxes(boxes: Sequence[Box]) -> list[GridCell]:
    """Assign row/col and spans to cell boxes from the union of their edges.

    A merged cell covers several grid lines and gets a span; it appears once.
    """
    if not boxes:
        return []
    xs = snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = snap([b[1] for b in boxes] + [b[3] for b in boxes])
    out = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        out.append(GridCell(row=r0, col=c0, row_span=max(1, r1 - r0), col_span=max(1, c1 - c0), box=b))
    return out


def column_edges(boxes: Sequence[Box]) -> list[float]:
    return snap([b[0] for b in boxes] + [b[2] for b in boxes])


def columns_match(a: Sequence[float], b: Sequence[float], tol: float = COLUMN_MATCH_TOL) -> bool:
    """Two tables share their column grid (a continued table keeps its columns)."""
    if len(a) != len(b) or not a:
        return False
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def outer_edges_match(a: Sequence[float], b: Sequence[float], tol: float = COLUMN_MATCH_TOL) -> bool:
    return bool(a and b) and abs(a[0] - b[0]) <= tol and abs(a[-1] - b[-1]) <= tol


def is_continuation(text_after_prev: bool, next_top: float, next_page_height: float, text_before_next: bool,
                    prev_cols: Sequence[float], next_cols: Sequence[float]) -> bool:
    """A table at the top of a page continues the table that ended the previous page.

    Nothing may stand between them but the page break (rows that may not split leave the
    previous page short, so its table need not reach the bottom).
    """
    if text_after_prev or text_before_next:
        return False
    if next_top > next_page_height * CONTINUATION_TOP_MARGIN:
        return False
    if columns_match(prev_cols, next_cols):
        return True
    # either part may lack a column split the other has (a sub-header or a label column that only
    # some rows use): the outer frame still agrees and one part's edges are a subset of the other's
    if outer_edges_match(prev_cols, next_cols):
        return _subset(next_cols, prev_cols) or _subset(prev_cols, next_cols)
    return leading_columns_missing(prev_cols, next_cols) > 0


MIN_SUFFIX_EDGES = 3  # a continuation matched on the right-hand part of the columns has at least two columns


def leading_columns_missing(prev_cols: Sequence[float], next_cols: Sequence[float],
                            tol: float = COLUMN_MATCH_TOL) -> int:
    """How many leading columns of the previous part a continued table lacks on its page, or 0.

    A merged cell down the left of a table (a group column) with no rule on the next page (its
    borders drawn only where it starts) leaves the next page a grid that starts at the group column's
    right edge: its column edges are the previous part's from some edge k > 0 on (the right edge the
    same; either may lack a split the other has)."""
    if len(next_cols) < MIN_SUFFIX_EDGES or not prev_cols or abs(prev_cols[-1] - next_cols[-1]) > tol:
        return 0
    k = next((i for i, x in enumerate(prev_cols) if abs(x - next_cols[0]) <= tol), None)
    if not k:
        return 0
    tail = prev_cols[k:]
    return k if _subset(next_cols, tail) or _subset(tail, next_cols) else 0


def _subset(a: Sequence[float], b: Sequence[float]) -> bool:
    return all(any(abs(x - y) <= COLUMN_MATCH_TOL for y in b) for x in a)


def column_remap(edges: Sequence[float], union: Sequence[float]) -> list[int]:
    """Index in ``union`` of each of ``edges`` (matched within tolerance)."""
    return [min(range(len(union)), key=lambda i: abs(union[i] - x)) for x in edges]


def is_frame_table(n_rows: int, n_cols: int, texts: Sequence[str]) -> bool:
    """A page frame or text box drawn around body text: one column (or one cell) of prose."""
    if n_cols <= 1:
        return True
    non_empty = [t for t in texts if t.strip()]
    if len(non_empty) <= 1 and n_rows <= 1:
        return True
    return False


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def group_paragraphs(lines: Sequence[Line], left: float, right: float, char_w: float) -> list[list[Line]]:
    """Join wrapped lines into paragraphs by indentation, short lines and vertical gaps."""
    paras: list[list[Line]] = []
    prev: Optional[Line] = None
    for ln in lines:
        start = prev is None
        if prev is not None:
            height = max(1.0, prev.bottom - prev.top)
            if ln.top - prev.bottom > PARA_GAP_LINES * height:
                start = True
            elif ln.x0 - left > INDENT_CHARS * char_w and (
                    _SENTENCE_END.search(prev.text) or not line_is_full(prev, right, char_w)):
                start = True
            elif right - prev.x1 > SHORT_LINE_CHARS * char_w and (
                    _SENTENCE_END.search(prev.text) or right - prev.x1 > WRAP_SLACK_CHARS * char_w):
                # a line may end a little short when the next word (2,703) did not fit: only a
                # finished sentence or a clearly short line ends the paragraph
                start = True
        if start:
            paras.append([ln])
        else:
            paras[-1].append(ln)
        prev = ln
    return paras


def line_is_full(line: Line, right: float, char_w: float) -> bool:
    return right - line.x1 <= SHORT_LINE_CHARS * char_w


def line_is_indented(line: Line, left: float, char_w: float) -> bool:
    return line.x0 - left > INDENT_CHARS * char_w


# ---- ruled tables from segments

RULE_SNAP = 3.0  # points: parallel rules closer than this are one line (pdfplumber's snap_tolerance)
RULE_JOIN = 3.0  # points: collinear rules with a smaller gap are one rule (join_tolerance)
RULE_MIN_LENGTH = 3.0  # points: shorter rules (after joining) are not table lines (edge_min_length)
RULE_PREFILTER_LENGTH = 1.0  # points: shorter pieces are dropped before joining
RULE_INTERSECTION = 3.0  # points: a horizontal and a vertical rule this close cross (intersection_tolerance)


def segment_edges(segments) -> list[dict]:
    """Segments as pdfplumber edge dicts (a zero-thickness line each, on the segment's centre line)."""
    from .dotted import join_dotted_rules

    edges = []
    for s in join_dotted_rules(segments):
        w, h = s.x1 - s.x0, s.bottom - s.top
        if w >= h:
            if w < RULE_PREFILTER_LENGTH:
                continue
            y = (s.top + s.bottom) / 2
            edges.append({"x0": s.x0, "x1": s.x1, "top": y, "bottom": y, "width": w, "height": 0.0,
                          "orientation": "h"})
        else:
            if h < RULE_PREFILTER_LENGTH:
                continue
            x = (s.x0 + s.x1) / 2
            edges.append({"x0": x, "x1": x, "top": s.top, "bottom": s.bottom, "width": 0.0, "height": h,
                          "orientation": "v"})
    return edges


def ruled_tables(segments, page_height: Optional[float] = None) -> list[list[Box]]:
    """Cell boxes of each ruled table drawn by ``segments``: rules snapped and joined, crossings found,
    the smallest rectangles closed by rules taken as cells, touching cells grouped into tables."""
    return ruled_tables_and_cuts(segments, page_height)[0]


def ruled_tables_and_cuts(segments, page_height: Optional[float] = None
                          ) -> tuple[list[list[Box]], list[PageCut]]:
    """`ruled_tables`, and with ``page_height`` the page cuts (`page_cuts`): a table the page break
    cut is closed along the cut, and the cuts tell which cells go on across it."""
    from .rule_grid import cells_to_tables, edges_to_intersections, merge_edges  # pdfplumber's, without pdfminer

    edges = segment_edges(segments)
    if not edges:
        return [], []
    edges = merge_edges(edges, RULE_SNAP, RULE_SNAP, RULE_JOIN, RULE_JOIN)
    edges = [e for e in edges if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"])
             >= RULE_MIN_LENGTH]
    if not edges:
        return [], []
    cuts = page_cuts(edges, page_height) if page_height else []
    if cuts:
        edges = merge_edges(edges + page_cut_rules(cuts), RULE_SNAP, RULE_SNAP, RULE_JOIN, RULE_JOIN)
    points = edges_to_intersections(edges, RULE_INTERSECTION, RULE_INTERSECTION)
    return cells_to_tables(cells_from_intersections(points)), cuts


PAGE_CUT_ZONE = 0.2  # share of the page height: rules ending this close to the page's top or bottom may be cut by the break
PAGE_CUT_MIN_RULES = 2  # vertical rules that must end together for a cut to be drawn
CUT_OPEN_SHARE = 0.5  # a cell is open at a cut when no drawn rule closes this share of its edge along it


@dataclass
class PageCut:
    """Where the page break cut a ruled table: the height of the cut and the stretches along it that no
    drawn rule closes (there the cells go on on the next or the previous page)."""
    side: str  # "top" | "bottom": the side of the table the cut is on
    y: float
    x0: float
    x1: float
    open: list[tuple[float, float]]


def page_cuts(edges: Sequence[dict], page_height: float, zone: float = PAGE_CUT_ZONE,
              tol: float = RULE_SNAP) -> list[PageCut]:
    """The lines along which the page break cut ruled tables.

    A browser prints a table cut by a page break without a rule on the cut side: a row split over two
    pages, and every merged cell left open (a group column spanning rows), stay open on both pages, so
    no cell closes and their text drops out of the grid.  Where several vertical rules end at the same
    height near the top or bottom of the page, and no rule of theirs goes on beyond it, that height is a
    cut.  Edges are pdfplumber edge dicts (merged: one vertical rule per line)."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    out: list[PageCut] = []
    for side in ("top", "bottom"):
        ends = sorted(verticals, key=lambda e: e[side])
        groups: list[list[dict]] = []
        for e in ends:
            if groups and e[side] - groups[-1][-1][side] <= tol:
                groups[-1].append(e)
            else:
                groups.append([e])
        for g in groups:
            y = min(e[side] for e in g) if side == "top" else max(e[side] for e in g)
            near_edge = y <= zone * page_height if side == "top" else y >= (1 - zone) * page_height
            if len(g) < PAGE_CUT_MIN_RULES or not near_edge:
                continue
            x0, x1 = min(e["x0"] for e in g), max(e["x0"] for e in g)
            beyond = [e for e in verticals if (e["top"] < y - tol if side == "top" else e["bottom"] > y + tol)
                      and x0 - tol <= e["x0"] <= x1 + tol]
            if beyond:  # the table goes on past this height: not its end on this page
                continue
            drawn = [(h["x0"], h["x1"]) for h in horizontals if abs(h["top"] - y) <= tol]
            out.append(PageCut(side=side, y=y, x0=x0, x1=x1, open=uncovered(x0, x1, drawn, tol)))
    return out


def uncovered(x0: float, x1: float, covers: Sequence[tuple[float, float]], tol: float = RULE_SNAP
              ) -> list[tuple[float, float]]:
    """The stretches of [x0, x1] that none of ``covers`` covers (stretches shorter than ``tol`` ignored)."""
    out = []
    at = x0
    for a, b in sorted(covers):
        if a > at + tol:
            out.append((at, min(a, x1)))
        at = max(at, b)
        if at >= x1:
            break
    if x1 > at + tol:
        out.append((at, x1))
    return [(a, b) for a, b in out if b - a > tol]


CUT_SLIVER_HEIGHT = 6.0  # points: a blank row this thin along a page cut is a gap, not a row


def drop_cut_slivers(boxes: Sequence[Box], cuts: Sequence[PageCut], has_text, tol: float = RULE_SNAP) -> list[Box]:
    """Cells of a blank sliver between a table's last drawn rule and the page cut are left out.

    A converter that moves a row whole to the next page leaves the cell spacing (or the part of a border)
    between the row above and the cut: a band thinner than any text line, which would be read as an empty
    row and join the next page's first row to the row above it.  ``has_text(box)`` tells whether glyphs
    stand in a box."""
    out = []
    for b in boxes:
        if b[3] - b[1] < CUT_SLIVER_HEIGHT and any(
                abs((b[3] if c.side == "bottom" else b[1]) - c.y) <= tol for c in cuts) and not has_text(b):
            continue
        out.append(b)
    return out


def page_cut_rules(cuts: Sequence[PageCut]) -> list[dict]:
    """A rule along each cut, so that the cells it leaves open close there (one already drawn merges)."""
    return [{"x0": c.x0, "x1": c.x1, "top": c.y, "bottom": c.y, "width": c.x1 - c.x0, "height": 0.0,
             "orientation": "h"} for c in cuts]


def open_at_cut(box: Box, cuts: Sequence[PageCut], side: str, tol: float = RULE_SNAP) -> bool:
    """The cell ``box`` goes on across a page cut on ``side``: its edge there lies on the cut, and
    no drawn rule closes most of it."""
    y = box[1] if side == "top" else box[3]
    width = box[2] - box[0]
    for c in cuts:
        if c.side != side or abs(c.y - y) > tol or width <= 0:
            continue
        open_len = sum(max(0.0, min(b, box[2]) - max(a, box[0])) for a, b in c.open)
        if open_len >= CUT_OPEN_SHARE * width:
            return True
    return False


def cells_from_intersections(points: dict) -> list[Box]:
    """pdfplumber's ``intersections_to_cells`` with indexes instead of rescans: for each crossing, the
    smallest rectangle whose four sides run along rules through its corners.  Same cells, same order."""
    def bbox(e):
        return (e["x0"], e["top"], e["x1"], e["bottom"])

    v_rules = {p: {bbox(e) for e in d["v"]} for p, d in points.items()}
    h_rules = {p: {bbox(e) for e in d["h"]} for p, d in points.items()}
    column: dict[float, list] = {}
    row: dict[float, list] = {}
    for p in sorted(points):
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)

    def down(p, q):  # same x: a vertical rule joins them
        return not v_rules[p].isdisjoint(v_rules[q])

    def across(p, q):  # same y: a horizontal rule joins them
        return not h_rules[p].isdisjoint(h_rules[q])

    cells = []
    for pt in sorted(points):
        below = [q for q in column[pt[0]] if q > pt]
        right = [q for q in row[pt[1]] if q > pt]
        found = None
        for b in below:
            if not down(pt, b):
                continue
            for r in right:
                if not across(pt, r):
                    continue
                corner = (r[0], b[1])
                if corner in points and down(r, corner) and across(b, corner):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def boxes_bbox(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


# ---- ruling segments from drawn paths (shared by every page reader)

THIN_RULE = 2.0  # points: a filled shape no thicker than this is a drawn rule, a thicker one a background
AXIS_TOLERANCE = 0.5  # points: a path piece this close to horizontal or vertical is axis-aligned

Point = tuple  # (x, y) or (x, y, straight): straight is False for a point reached along a curve


def path_rulings(subpaths: Sequence[Sequence[Point]], stroke: bool, fill: bool) -> list[Box]:
    """The rules a path draws, as boxes (x0, top, x1, bottom) in reading coordinates.

    ``subpaths`` are polylines (a closed one repeats its first point).  A stroked path rules along its
    straight horizontal and vertical pieces; a filled-only path rules only where a whole subpath is thin
    (borders drawn as thin filled rectangles) — a filled cell background or a shaded box is no ruling.
    """
    out: list[Box] = []
    for sp in subpaths:
        if len(sp) < 2:
            continue
        if not stroke:
            if not fill:
                continue
            xs = [p[0] for p in sp]
            ys = [p[1] for p in sp]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            if min(x1 - x0, y1 - y0) <= THIN_RULE:
                out.append((x0, y0, x1, y1))
            continue
        for p, q in zip(sp, sp[1:]):
            if len(q) > 2 and not q[2]:
                continue
            (ax, ay), (bx, by) = p[:2], q[:2]
            if abs(ay - by) <= AXIS_TOLERANCE and abs(ax - bx) > AXIS_TOLERANCE:
                y = (ay + by) / 2
                out.append((min(ax, bx), y, max(ax, bx), y))
            elif abs(ax - bx) <= AXIS_TOLERANCE and abs(ay - by) > AXIS_TOLERANCE:
                x = (ax + bx) / 2
                out.append((x, min(ay, by), x, max(ay, by)))
    return out


def clip_rulings(rulings: Sequence[Box], clip: Box) -> list[Box]:
    """The visible part of each ruling inside a clip box (x0, top, x1, bottom); rulings wholly outside
    are dropped.

    Qt/WebKit converters (wkhtmltopdf) paint the whole table on every page it touches and clip it to the
    page's body: the rows of the neighbouring pages and merged cells drawn whole are there in the
    content stream, beyond the clip, where nobody sees them, and would add rows at the join."""
    cx0, ctop, cx1, cbottom = clip
    out: list[Box] = []
    for x0, top, x1, bottom in rulings:
        nx0, ntop, nx1, nbottom = max(x0, cx0), max(top, ctop), min(x1, cx1), min(bottom, cbottom)
        if nx0 > nx1 or ntop > nbottom:
            continue
        if (nx1 - nx0 < RULE_PREFILTER_LENGTH and x1 - x0 >= RULE_PREFILTER_LENGTH) or (
                nbottom - ntop < RULE_PREFILTER_LENGTH and bottom - top >= RULE_PREFILTER_LENGTH
                and x1 - x0 < bottom - top):
            continue  # only a stub of a rule running out of the clip is left
        out.append((nx0, ntop, nx1, nbottom))
    return out


def visible_segments(segments, width: float, height: float) -> list:
    """The segments' parts on the page: nothing drawn beyond the page's box shows (a reader that knows
    the clip paths has already cut each rule to its clip; this holds for every reader)."""
    from .objects import Segment
    if all(s.x0 >= 0 and s.top >= 0 and s.x1 <= width and s.bottom <= height for s in segments):
        return segments
    return [Segment(*b) for b in clip_rulings([(s.x0, s.top, s.x1, s.bottom) for s in segments],
                                              (0.0, 0.0, width, height))]
