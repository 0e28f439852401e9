"""Statistics tables printed without ruling lines, found by text alignment.

Pure functions over positioned glyphs (``objects.Glyph``): no PDF needed to test any of it.

A page's glyphs (those outside ruled tables) are grouped into visual lines and the lines into
*chunks* (runs of glyphs without a column-sized gap).  A table starts at a header line whose words
are template header words (``patterns/table_labels.yaml``), or continues at the top of a page the
columns of the table left open at the bottom of the previous page (``carry``).  Below the header:

- **columns** are the header's leaf cells (a header cell with no header cell under it); header text
  wrapped onto a second line of the same width is one cell; the label zone is left of the first
  column that holds figures;
- **label cells**: label chunks are put on levels by their left edge (the label sub-columns of 表三);
  consecutive chunks of one level are one cell (a wrapped label) until a new item number, a gap or a
  shallower label starts a new one; stacked single characters (a rotated group label) are one cell;
- **rows** are the innermost (leaf) label cells, figures joining the row whose label they sit beside
  (top-, middle- or bottom-aligned); a line of figures with no label (表四) is a row of its own;
- **merged group labels** (a label with deeper labels beside it) span the rows of their group: the
  rows between shallower labels, cut where the sub-items restart at 1 (or, without numbering, from the
  group's first row).

The result is cells (row, col, row_span, col_span, text) and a bbox, mapped by the usual table mapper.
Guard: a candidate becomes a table only when its header carries template header words and its rows
or header read as one of the statistics tables (``accept``), so prose is never a table.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from ...codebook import best_match, clean_label, table_labels
from ...normalize import compact
from .objects import Glyph

LINE_TOL = 0.45          # × font size: glyph centres closer than this vertically are one line
CHUNK_GAP = 0.45         # × font size: a horizontal gap wider than this separates two cells' text
LEVEL_TOL = 0.6          # × font size: label chunks whose left edges agree within this share a level
WRAP_GAP = 0.9           # × line height: a label line closer than this below another continues its cell
BRIDGE_GAP = 1.6         # × line height: the widest gap inside a wrapped label that figures set in the gap bridge
BRIDGE_SLACK = 0.25      # × figure height: how far a bridging figure's centre may stand off the cell's middle
BRIDGE_LINES = 4         # a wrapped label centred on its figures is looked for this many lines down
BLOCK_GAP = 2.8          # × line height: a vertical gap wider than this ends a table
FIRST_ROW_GAP = 6.0      # × line height: the widest gap allowed between a header and its first row
PROSE_WIDTH = 0.62       # a single chunk wider than this share of the text width is prose, not a row
HEADER_WRAP_TOL = 1.2    # × font size: wrapped header lines agree in left edge / centre within this
STACK_GAP = 0.25         # × font size: stacked characters of vertical text nearly touch (wrapped lines do not)
SHORT_LINE = 1.5         # × font size: a label line ending this far short of its column's right edge is complete
VERTICAL_STACK = 3       # this many single characters stacked at one x are one vertical label
MIN_LABEL_HITS = 2       # a table without a readable header needs this many known row labels
MAX_HEADER_LINES = 12    # a header is at most this many lines
PAGE_FOOT = 0.8          # × page height: a table whose last line ends below this runs to the foot of the page
SAME_HEADER = 0.8        # share of characters two printings of one header have in common
HEADER_BAND_LINES = 4    # header words wrapped within their cells are looked for over this many lines

_FIGURE = re.compile(r"^(?:[减增+\-−－]?\s*\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|件|条|个|次|人次|人|期|份|篇|%)?"
                     r"(?:[（(][^（）()]*[）)])?|[—\-－–/无0０])$")
_ENUM = re.compile(r"^\s*(?:其中|[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]\d+[)）]|\d+\s*[、.．](?!\d)|[①-⑳])")
_FIRST_SUB = re.compile(r"^\s*(?:[（(]1[)）]|1\s*[、.．](?!\d)|①)")
_NUMBERED_SUB = re.compile(r"^\s*(?:[（(]\d+[)）]|\d+\s*[、.．](?!\d)|[①-⑳])")  # 1. / (1) / ① items of a group
_SENTENCE = re.compile(r"[。；！？]")
_CAPTION = re.compile(r"^第[一二三四五六七八九十百]+条")


# ---------------------------------------------------------------- results

@dataclass
class BCell:
    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass
class BTable:
    cells: list[BCell]
    bbox: tuple[float, float, float, float]   # x0, top, x1, bottom
    cols: list[float]                         # column anchors (for joining a table continued on the next page)
    kind: str = ""


@dataclass
class Columns:
    """The column model of a table: value-column intervals and where the label zone ends.
    Handed to the next page (``carry``) when the table runs to the bottom of this one."""
    label_right: float
    spans: list[tuple[float, float]]          # per value column: (left boundary, right boundary)
    header: list = field(default_factory=list)   # the header's chunks, repeated on a continuation page
    open_groups: list = field(default_factory=list)  # (x0, text) of group labels still open at the page end
    left: float = 0.0                                # the table's left edge (its label header)
    levels: list = field(default_factory=list)       # left edges of the label sub-columns seen so far
    open_at_bottom: bool = False
    header_lines: list = field(default_factory=list)  # the header's lines (TLine), as printed
    header_only: bool = False                         # the page ended inside or just below the header
    pending: list = field(default_factory=list)       # the last row's lines, handed to the next page (TLine)


@dataclass
class Detection:
    tables: list[BTable] = field(default_factory=list)
    carry: Optional[Columns] = None


# ---------------------------------------------------------------- lines and chunks

@dataclass
class Chunk:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    handed_over: bool = False   # a row handed over from the previous page (its coordinates are not this page's)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def is_figure(self) -> bool:
        return bool(_FIGURE.match(compact(self.text)))


@dataclass
class TLine:
    chunks: list[Chunk]

    @property
    def top(self) -> float:
        return min(c.top for c in self.chunks)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chunks)

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chunks)


def build_lines(glyphs: Sequence[Glyph]) -> list[TLine]:
    """Glyphs → visual lines (centres within LINE_TOL) → chunks split at column-sized gaps."""
    gs = sorted((g for g in glyphs if g.text and not g.text.isspace()), key=lambda g: (g.cy, g.x0))
    rows: list[list[Glyph]] = []
    # the current row's sum of centres and largest size, kept as glyphs join (the same sums, added in the
    # same order, as summing the row again for every glyph: a page's lines in linear time)
    cy_sum, max_size = 0.0, 0.0
    for g in gs:
        gcy = g.cy
        if rows:
            cur = rows[-1]
            size = min(max_size, g.size) or 10.0
            if abs(gcy - cy_sum / len(cur)) <= LINE_TOL * size:
                cur.append(g)
                cy_sum += gcy
                max_size = max(max_size, g.size)
                continue
        rows.append([g])
        cy_sum, max_size = 0 + gcy, g.size
    lines = []
    for row in rows:
        row.sort(key=lambda g: g.x0)
        chunks: list[list[Glyph]] = [[row[0]]]
        for g in row[1:]:
            prev = chunks[-1][-1]
            size = max(prev.size, g.size) or 10.0
            if g.x0 - prev.x1 > CHUNK_GAP * size:
                chunks.append([g])
            else:
                chunks[-1].append(g)
        lines.append(TLine([_chunk(c) for c in chunks]))
    lines.sort(key=lambda l: l.top)
    return lines


def _chunk(gs: list[Glyph]) -> Chunk:
    sizes = sorted(g.size for g in gs)
    return Chunk(text=unicodedata.normalize("NFKC", "".join(g.text for g in gs)), x0=min(g.x0 for g in gs), top=min(g.top for g in gs),
                 x1=max(g.x1 for g in gs), bottom=max(g.bottom for g in gs), size=sizes[len(sizes) // 2] or 10.0)


def _upright(c: Chunk) -> bool:
    """Characters of vertical text that landed in one chunk: much taller than wide."""
    return (c.bottom - c.top) > 1.5 * max(1.0, c.x1 - c.x0)


def stack_vertical(lines: list[TLine]) -> list[TLine]:
    """Single characters stacked at one x over consecutive lines (a rotated or vertical label) → one chunk
    on the first of those lines, tall enough to cover them."""
    singles: dict[int, list[tuple[int, Chunk]]] = {}
    out = [TLine(list(l.chunks)) for l in lines]
    used: set[int] = set()
    for i, ln in enumerate(out):
        for c in ln.chunks:
            if not c.is_figure and (len(compact(c.text)) == 1 or _upright(c)):
                singles.setdefault(round(c.cx / max(1.0, c.size * LEVEL_TOL)), []).append((i, c))
    for _, items in singles.items():
        run: list[tuple[int, Chunk]] = []
        for i, c in items + [(None, None)]:
            if run and c is not None and i == run[-1][0] + 1 and abs(c.cx - run[-1][1].cx) <= LEVEL_TOL * c.size \
                    and c.top - run[-1][1].bottom <= STACK_GAP * c.size:
                run.append((i, c))
                continue
            if len(run) >= VERTICAL_STACK:
                first_i, first = run[0]
                merged = Chunk(text="".join(x.text for _, x in run), x0=min(x.x0 for _, x in run), top=first.top,
                               x1=max(x.x1 for _, x in run), bottom=run[-1][1].bottom, size=first.size)
                for k, x in run:
                    out[k].chunks = [y for y in out[k].chunks if y is not x]
                    used.add(id(x))
                out[first_i].chunks.append(merged)
                out[first_i].chunks.sort(key=lambda y: y.x0)
            run = [(i, c)] if c is not None else []
    return [l for l in out if l.chunks]


# ---------------------------------------------------------------- vocabulary (patterns/table_labels.yaml)

@lru_cache(maxsize=None)
def header_words() -> tuple[frozenset, frozenset]:
    """(value-column header words, label-column header words) of the template tables."""
    cfg = table_labels()
    values: set[str] = set()
    labels: set[str] = set()
    for m in cfg["table2"]["measures"]:
        values.update(m["labels"])
    labels.update(cfg["table2"]["header_words"])
    for c in cfg["table3"]["columns"]:
        values.update(c["labels"])
    for b in cfg["table4"]["block_labels"].values():
        values.update(b)
    for m in cfg["table4"]["measures"]:
        values.update(m["labels"])
    pre = cfg["pre2019"]
    labels.update(pre["label_headers"])
    values.update(pre["unit_headers"])
    for v in pre["value_columns"]:
        values.update(v["labels"])
    extra = cfg.get("borderless", {})
    values.update(extra.get("header_words", []))
    labels.update(extra.get("label_header_words", []))
    return (frozenset(clean_label(w) for w in values if clean_label(w)),
            frozenset(clean_label(w) for w in labels if clean_label(w)))


@lru_cache(maxsize=None)
def _row_entries() -> tuple:
    cfg = table_labels()
    return tuple(cfg["table3"]["rows"]) + tuple(cfg["table2"]["items"]) + tuple(cfg["pre2019"]["rows"])


@lru_cache(maxsize=8192)
def _label_score(text: str) -> float:
    return best_match(text, list(_row_entries()))[1] if len(clean_label(text)) >= 2 else 0.0


@lru_cache(maxsize=8192)
def is_known_label(text: str) -> bool:
    key = clean_label(text)
    return len(key) >= 2 and best_match(text, list(_row_entries()))[1] >= 0.85


@lru_cache(maxsize=8192)
def _header_hit(text: str) -> str:
    """'value' / 'label' when a chunk reads as a template header word, else ''."""
    key = clean_label(text)
    if not key or len(key) > 40:
        return ""
    values, labels = header_words()
    if key in labels or any(w in key for w in labels if len(w) >= 4):
        return "label"
    if len(key) > 16:
        return ""
    if key in values or any(len(w) >= 3 and (key.startswith(w) or w.startswith(key) and len(key) >= 2)
                            for w in values):
        return "value"
    if re.fullmatch(r"(?:19|20)\d{2}年(?:度)?", key):  # a bare year heads the year's figures (pre-2019)
        return "value"
    return ""


def is_header_start(line: TLine) -> bool:
    """A line that opens a table header: two template header words, or a label-column header beside
    another chunk (信息内容 | 本年新制作数量 …)."""
    hits = [_header_hit(c.text) for c in line.chunks]
    n_value = hits.count("value")
    return n_value >= 2 or ("label" in hits and len(line.chunks) >= 2)


def opens_header(lines: list[TLine], i: int, width: float, line_h: float) -> bool:
    """Line i opens a table header, read alone or with the next few lines when the header words are wrapped
    within their cells (a narrow browser column prints 单 / 位 and 统计 / 数 on two lines, the label header
    between them): the wrapped pieces joined (``merge_header_wraps``) must read as a header start."""
    if is_header_start(lines[i]):
        return True
    if any(c.is_figure for c in lines[i].chunks) or _is_prose(lines[i], width):
        return False
    chunks = list(lines[i].chunks)
    for k in range(i + 1, min(len(lines), i + HEADER_BAND_LINES)):
        ln = lines[k]
        if any(c.is_figure for c in ln.chunks) or _is_prose(ln, width) or is_header_start(ln) or \
                ln.top - lines[k - 1].bottom > WRAP_GAP * line_h:
            break  # (a line that opens a header by itself is where that header starts)
        chunks += ln.chunks
        merged = merge_header_wraps(chunks)
        if len(merged) < len(chunks) and is_header_start(TLine(merged)):
            return True
    return False


# ---------------------------------------------------------------- page → tables

def detect_tables(glyphs: Sequence[Glyph], page_width: float, page_height: float,
                  carry: Optional[Columns] = None, more_pages: bool = False) -> Detection:
    """Borderless statistics tables on one page.

    ``glyphs``: the page's glyphs outside ruled tables (reading orientation, top-down y).
    ``carry``: the column model of a table the previous page left open at its bottom.
    ``more_pages``: a page follows, so the last row of a table at the foot of this one may be handed over
    to it (its label may go on there); on the last page nothing is held back.
    Returns the tables found and the column model to hand to the next page (or None).
    """
    lines = stack_vertical(build_lines(glyphs))
    if not lines:
        return Detection()
    left = min(c.x0 for l in lines for c in l.chunks)
    right = max(c.x1 for l in lines for c in l.chunks)
    width = max(1.0, right - left)
    heights = sorted(l.height for l in lines)
    line_h = heights[len(heights) // 2]
    if carry is not None and carry.header_only and carry.header_lines:
        # the previous page ended inside (or just below) a header: its lines are read as the top of this
        # page's, so a header split by the page break is one header again (行政复议 | 行政诉讼 / 结果维持 …)
        lines = _above(carry.header_lines, lines[0].top) + lines
        carry = None
    if carry is not None and carry.pending:
        # the row the previous page ended with (its label perhaps cut by the break) is read again on this
        # page, just below the repeated header or at the top, so the rest of its label joins it
        n = _repeated_header(lines, carry) or _leading_header(lines, carry)
        at_line = lines[n] if n < len(lines) else lines[-1]
        pending = _above(carry.pending, at_line.top, handed_over=True)
        rest = _join_cut_labels(pending, lines[n:], carry)
        if rest:  # just above the first line left after the joined pieces
            pending = _above(pending, rest[0].top, handed_over=True)
        lines = lines[:n] + pending + rest
    out = Detection()
    i = 0
    first_content = 0
    while i < len(lines):
        start_header = opens_header(lines, i, width, line_h)
        use_carry = carry is not None and i == first_content and not start_header and not _is_prose(lines[i], width)
        if not (start_header or use_carry):
            i += 1
            continue
        at = i  # the line that gave the header away: the scan resumes after it, never above it
        if start_header:
            i = _header_top(lines, i, width, line_h)
        # a header repeated on this page: nothing but header lines above it
        inherit = carry if (carry is not None and not any(
            any(c.is_figure for c in ln.chunks) or _is_prose(ln, width) for ln in lines[first_content:i])) else None
        end, table, cols = _read_block(lines, i, None if start_header else carry, width, line_h, inherit,
                                        page_height if more_pages else 0.0)
        if table is None and cols is not None and (end >= len(lines) or
                                                   _only_page_furniture(lines[end:], page_height)):
            cols.open_at_bottom = True  # a header at the foot of the page: its rows are on the next one
            cols.header_only = True
            out.carry = cols
            break
        if table is not None and accept(table, header=start_header or bool(carry and carry.header)):
            table.cells.sort(key=lambda c: (c.row, c.col))
            out.tables.append(table)
            if end >= len(lines) or _only_page_furniture(lines[end:], page_height):
                cols.open_at_bottom = True
                out.carry = cols
            i = max(end, at + 1)
        else:
            i = at + 1
    return out


def _above(carried: list[TLine], top: float, handed_over: bool = False) -> list[TLine]:
    """Lines carried from the previous page, moved to stand just above ``top`` (the gap they keep between
    themselves, or half a character)."""
    bottom = max(l.bottom for l in carried)
    gaps = [b.top - a.bottom for a, b in zip(carried, carried[1:]) if b.top > a.bottom]
    gap = min(gaps) if gaps else 0.5 * max(c.size for l in carried for c in l.chunks)
    dy = top - gap - bottom
    return [TLine([Chunk(text=c.text, x0=c.x0, top=c.top + dy, x1=c.x1, bottom=c.bottom + dy, size=c.size,
                         handed_over=handed_over) for c in l.chunks]) for l in carried]


def _join_cut_labels(pending: list[TLine], rest: list[TLine], carry: Columns) -> list[TLine]:
    """The rest of the labels the page break cut: label pieces on the lines above this page's first figures
    join the handed-over row's label at their sub-column (予公开 → (三)不, 秘密 → (1)属于国家).  A piece with
    no label of the row at its sub-column completes a group label still open there (三、本年度办理结 | 果).
    Returns ``rest`` without the joined pieces."""
    out: list[TLine] = []
    joining = True
    for k, ln in enumerate(rest):
        if joining and (any(c.is_figure or c.cx >= carry.label_right for c in ln.chunks) or
                        any(_ENUM.match(c.text) or _CAPTION.match(compact(c.text)) for c in ln.chunks) or
                        (k and ln.top - rest[k - 1].bottom > WRAP_GAP * ln.height) or
                        (k + 1 < len(rest) and is_header_start(rest[k + 1]))):
            joining = False  # (a row's figures, a new item, a gap, or the caption of the next table)
        if not joining:
            out.append(ln)
            continue
        left: list[Chunk] = []
        for c in ln.chunks:
            mine = [p for pl in pending for p in pl.chunks if p.cx < carry.label_right
                    and abs(p.x0 - c.x0) <= LEVEL_TOL * c.size and not p.is_figure]
            groups = [k for k, (x0, _) in enumerate(carry.open_groups) if abs(x0 - c.x0) <= LEVEL_TOL * c.size]
            if mine:
                target = max(mine, key=lambda p: p.bottom)
                target.text += c.text
                target.x1 = max(target.x1, c.x1)
            elif groups:
                x0, text = carry.open_groups[groups[-1]]
                carry.open_groups[groups[-1]] = (x0, text + c.text)
            else:
                left.append(c)
        if left:
            out.append(TLine(left))
    return out


def _leading_header(lines: list[TLine], carry: Columns) -> int:
    """How many lines at the top of the page are a header (repeated, though not word for word): up to the
    last line above the first figures with text over the value columns.  Label pieces below it are the
    rest of a cut row's labels."""
    n = 0
    for k, ln in enumerate(lines[:MAX_HEADER_LINES]):
        if any(c.is_figure for c in ln.chunks) or _is_prose(ln, 1e9):
            break
        if any(c.cx >= carry.label_right for c in ln.chunks):
            n = k + 1
    if not n or not carry.header_lines:
        return 0
    # the carried table's header in other line breaks has the same characters (another table's has not)
    return n if _same_text([l.text for l in lines[:n]], [l.text for l in carry.header_lines]) else 0


def _repeated_header(lines: list[TLine], carry: Columns) -> int:
    """How many lines at the top of the page repeat the carried table's header (0: none)."""
    want = [compact(l.text) for l in carry.header_lines]
    n = len(want)
    return n if n and [compact(l.text) for l in lines[:n]] == want else 0


def _header_top(lines: list[TLine], i: int, width: float, line_h: float) -> int:
    """Header rows above the line that gave the header away (申请人情况 over 法人或其他组织 over 商 / 业 set one
    character a line): lines just above whose chunks all sit over the value columns."""
    # (the header band's lines: a browser sets the header rows of neighbouring cells at staggered heights)
    band = [c for ln in lines[i:i + HEADER_BAND_LINES] if not any(x.is_figure for x in ln.chunks)
            for c in (ln.chunks[1:] if ln is lines[i] else ln.chunks) if c.x0 > lines[i].chunks[0].x1]
    starts = [c.x0 for c in lines[i].chunks if _header_hit(c.text) == "value"]
    if len(lines[i].chunks) > 1:
        starts += [c.x0 for c in band]
    values_x0 = min(starts, default=None)
    if values_x0 is None:
        return i
    while i > 0:
        prev = lines[i - 1]
        if _is_prose(prev, width) or lines[i].top - prev.bottom > BLOCK_GAP * line_h:
            break
        if any(c.is_figure or c.x0 < values_x0 - c.size for c in prev.chunks):
            break
        if any(_ENUM.match(c.text) or _CAPTION.match(compact(c.text)) for c in prev.chunks):
            break  # a numbered heading or a caption (四、政府信息公开行政复议… / 第二十条第(一)项) heads no column
        i -= 1
    return i


def _only_page_furniture(rest: list[TLine], page_height: float) -> bool:
    """Nothing but a page number below: the table ran to the bottom of the page."""
    return all(l.top > 0.9 * page_height and len(compact(l.text)) <= 12 for l in rest)


def _numbered_label(line: TLine) -> bool:
    """A long row label inside a table ((一)回应公众关注热点或重大舆情数(不同方式回应同一热点或舆情计1次)):
    one numbered item, no sentence in it."""
    return len(line.chunks) == 1 and bool(_ENUM.match(line.chunks[0].text)) and \
        not _SENTENCE.search(line.chunks[0].text)


def _is_prose(line: TLine, width: float) -> bool:
    if len(line.chunks) != 1:
        return False
    c = line.chunks[0]
    return (c.x1 - c.x0) > PROSE_WIDTH * width or bool(_SENTENCE.search(c.text) and len(compact(c.text)) > 20)


def _read_block(lines: list[TLine], i: int, carry: Optional[Columns], width: float,
                line_h: float, inherit: Optional[Columns] = None,
                page_height: float = 0.0) -> tuple[int, Optional[BTable], Optional[Columns]]:
    """Header (or carried columns) at line i, then rows until prose, a gap or the next header.
    ``page_height``: 0 when no page follows (no row is handed over)."""
    repeated = _repeated_header(lines[i:], inherit) if inherit is not None else 0
    if carry is None and repeated:
        h_end = i + repeated  # the header repeated on this page: what follows it is rows, however it reads
        header = [c for ln in lines[i:h_end] for c in ln.chunks]
    elif carry is None:
        h_end = i + 1
        while h_end < len(lines) and h_end - i < MAX_HEADER_LINES:
            ln = lines[h_end]
            if any(c.is_figure for c in ln.chunks) or _is_prose(ln, width):
                break
            if ln.top - lines[h_end - 1].bottom > BLOCK_GAP * line_h:
                break
            if (is_known_label(ln.chunks[0].text) or _ENUM.match(ln.chunks[0].text)) and \
                    not _header_hit(ln.chunks[0].text):
                break
            h_end += 1
        header = [c for ln in lines[i:h_end] for c in ln.chunks]
    else:
        h_end = i
        header = []
    # data lines
    end = h_end
    while end < len(lines):
        ln = lines[end]
        if (_is_prose(ln, width) and not _numbered_label(ln)) or _next_header(ln):
            break
        if not any(c.is_figure for c in ln.chunks) and end + 1 < len(lines) and _next_header(lines[end + 1]):
            break  # the caption of the next table (第二十条第(五)项 over 信息内容 | …)
        gap = FIRST_ROW_GAP if end == h_end else BLOCK_GAP  # a repeated header may stand apart from the rows
        handed = any(c.handed_over for c in ln.chunks + (lines[end - 1].chunks if end > i else []))
        if end > i and not handed and ln.top - lines[end - 1].bottom > gap * line_h:
            break  # (the row handed over from the previous page stands where the pieces of its labels were)
        end += 1
    while h_end < end and not any(c.is_figure for c in lines[end - 1].chunks) and \
            not any(is_known_label(c.text) for c in lines[end - 1].chunks) and \
            (end < len(lines) or any(_CAPTION.match(compact(c.text)) for c in lines[end - 1].chunks)):
        end -= 1  # lines below the last figures that name no template row: the next heading, not a row
        # (at the foot of the page only a caption: a label there may go on over the page break)
    data = lines[h_end:end]
    data_chunks = [c for ln in data for c in ln.chunks]
    if carry is None:
        cols = _columns_from_header(header, data_chunks)
        if cols is not None:
            cols.header = header
            cols.header_lines = lines[i:h_end]
            cols.left = min(c.x0 for c in header)
            if inherit is not None and _same_columns(cols, inherit):
                cols.open_groups, cols.levels = list(inherit.open_groups), list(inherit.levels)
    else:
        cols = Columns(label_right=carry.label_right, spans=list(carry.spans), header=carry.header,
                       header_lines=carry.header_lines, open_groups=list(carry.open_groups), left=carry.left, levels=list(carry.levels))
        header = carry.header
    if cols is None or not cols.spans:
        return end, None, None
    if not data:
        return end, None, cols
    # a line that runs from the label zone across the value columns without figures is not a row (heading)
    kept: list[TLine] = []
    for ln in data:
        if not any(c.is_figure for c in ln.chunks) and len(ln.chunks) == 1 and \
                ln.chunks[0].x1 > cols.spans[0][0] + (cols.spans[0][1] - cols.spans[0][0]) and \
                ln.chunks[0].x0 < cols.label_right:
            break
        kept.append(ln)
    if not kept:
        return end, None, None
    end = h_end + len(kept)
    pending: list[TLine] = []
    if page_height and kept[-1].bottom > PAGE_FOOT * page_height and (
            end >= len(lines) or _only_page_furniture(lines[end:], page_height)):
        kept, pending = _split_last_row(kept, cols, line_h)
    table = assemble(header, kept, cols, line_h, carried=carry is not None or bool(cols.open_groups))
    cols.pending = pending
    if table is not None and pending:  # the handed-over row's glyphs are this table's, not the page's text
        own = [c for ln in pending for c in ln.chunks]
        x0, top, x1, bottom = table.bbox
        table.bbox = (min([x0] + [c.x0 for c in own]), top, max([x1] + [c.x1 for c in own]),
                      max([bottom] + [c.bottom for c in own]))
    return end, table, cols


def _next_header(line: TLine) -> bool:
    """A line inside a table's rows opens the next table's header: header words and no figures (a row
    whose labels read as header words — 结果 of a wrapped 三、本年度办理结果 beside (七)总计 — prints its figures)."""
    return is_header_start(line) and not any(c.is_figure for c in line.chunks)


def _split_last_row(kept: list[TLine], cols: Columns, line_h: float) -> tuple[list[TLine], list[TLine]]:
    """A table running to the foot of the page: its last row (the lines from its leaf label's top down)
    goes to the next page, where the rest of a label the page break cut is printed.  Kept when no row
    with figures would be left."""
    label_chunks = [c for ln in kept for c in ln.chunks if c.cx < cols.label_right]
    values = [c for ln in kept for c in ln.chunks if c.cx >= cols.label_right]
    if not label_chunks:
        return kept, []
    levels = _levels([c.x0 for c in label_chunks], [c.size for c in label_chunks])
    leaves = _leaf_labels(label_cells(label_chunks, levels, line_h, [v for v in values if v.is_figure]), line_h)
    if len(leaves) < 2:
        return kept, []
    last = max(leaves, key=lambda l: l.top)
    if _inside_open_group(last, label_chunks, levels, line_h):
        return kept, []
    # a finished label (its last line ends short of its sub-column) with figures beside it stays: the row
    # keeps the context of the rows above it (六、被举报投诉数量 over (三)其他情形数)
    tail = max((c for c in label_chunks if c.top >= last.top - 1 and _level_of(c.x0, levels) == last.level
                and c.top <= last.bottom), key=lambda c: c.bottom, default=None)
    right = cols.label_right  # a label reaching into the next sub-column spans the label columns
    if last.level + 1 < len(levels) and tail is not None and tail.x1 <= levels[last.level + 1] + tail.size:
        right = levels[last.level + 1]
    has_figures = any(v.is_figure and v.bottom > last.top and v.top < last.bottom + line_h for v in values)
    if tail is not None and has_figures and tail.x1 < right - SHORT_LINE * tail.size:
        return kept, []
    row_top = last.top - 0.3 * line_h
    main = [ln for ln in kept if ln.top < row_top]
    pending = [ln for ln in kept if ln.top >= row_top]
    if not any(c.is_figure for ln in main for c in ln.chunks):
        return kept, []
    return main, pending


def _inside_open_group(last: "_Label", label_chunks: list[Chunk], levels: list[float], line_h: float) -> bool:
    """The last row is a later numbered item of a group whose label stands beside it (set at the bottom of
    the group's rows on this page): handing the row over would take the group label away from the group's
    other rows, so the row stays (its group then spans them all and goes on to the next page)."""
    if not _NUMBERED_SUB.match(last.text) or _FIRST_SUB.match(last.text):
        return False
    return any(_level_of(c.x0, levels) < last.level and c.top < last.bottom + line_h and c.bottom > last.top
               for c in label_chunks)


def _leaf_labels(labels: list["_Label"], line_h: float) -> list["_Label"]:
    """Mark group labels (a deeper label beside them, or set between two rows: just above and just below);
    the rest, the rows' own labels, top-down."""
    for lab in labels:
        deeper = [o for o in labels if o.level > lab.level]
        beside = any(o.top < lab.bottom and o.bottom > lab.top for o in deeper)
        above = any(lab.top - line_h <= o.bottom <= lab.top + 1 for o in deeper)
        below = any(lab.bottom - 1 <= o.top <= lab.bottom + line_h for o in deeper)
        lab.leaf = not (beside or (above and below))
    return sorted((l for l in labels if l.leaf), key=lambda l: l.top)


def _columns_from_header(header: list[Chunk], data: list[Chunk]) -> Optional[Columns]:
    cells = merge_header_wraps(header)
    leaves = [c for c in cells if not any(o is not c and o.top > c.bottom - 1 and _x_overlap(c, o) > 0.3 * min(
        c.x1 - c.x0, o.x1 - o.x0) for o in cells)]
    leaves.sort(key=lambda c: c.x0)
    if not leaves:
        return None
    figures = [d for d in data if d.is_figure]
    # the label zone: leaves left of the first leaf with figures below it
    first_value = None
    for k, lf in enumerate(leaves):
        if _header_hit(lf.text) == "value" or any(lf.x0 - lf.size <= f.cx <= lf.x1 + lf.size for f in figures):
            first_value = k
            break
    if first_value is None:
        return None
    value_leaves = leaves[first_value:]
    bounds = []
    for k, lf in enumerate(value_leaves):
        lo = (value_leaves[k - 1].x1 + lf.x0) / 2 if k else lf.x0 - max(lf.size, (lf.x0 - (
            leaves[first_value - 1].x1 if first_value else lf.x0 - 2 * lf.size)) / 2)
        # the last column reaches the table's right edge: a figure centred in a wide last cell stands well
        # right of its left-aligned header word
        hi = (lf.x1 + value_leaves[k + 1].x0) / 2 if k + 1 < len(value_leaves) else max(
            [lf.x1 + 4 * lf.size] + [d.x1 + 1 for d in figures if d.x0 > lf.x0])
        bounds.append((lo, hi))
    bounds[0] = (_label_zone_end(bounds[0], data), bounds[0][1])
    return Columns(label_right=bounds[0][0], spans=bounds)


def _label_zone_end(first: tuple[float, float], data: list[Chunk]) -> float:
    """Where the label zone ends: halfway between the header words' columns, unless the rows' labels reach
    further right — then halfway between the longest label line and the first column's figures (a narrow
    first value column beside a wide label column: its header word stands far right of the labels' end)."""
    lo, hi = first
    figs = [d.x0 for d in data if d.is_figure and lo <= d.cx < hi]
    if not figs:
        return lo
    fig_x0 = min(figs)
    reach = [d.x1 for d in data if not d.is_figure and d.x0 < lo and d.x1 < fig_x0]
    if not reach or max(reach) <= lo:
        return lo
    return (max(reach) + fig_x0) / 2


def _same_columns(a: Columns, b: Columns, tol: float = 4.0) -> bool:
    """One table's column model twice (a header repeated on the next page): the same columns, the same
    boundaries between them (the label zone's end and the last column's reach depend on the rows), the same
    header characters."""
    if len(a.spans) != len(b.spans):
        return False
    if any(abs(x[1] - y[1]) > tol for x, y in zip(a.spans[:-1], b.spans[:-1])):
        return False
    return _same_text([c.text for c in a.header], [c.text for c in b.header])


def _same_text(a: Sequence[str], b: Sequence[str]) -> bool:
    mine, theirs = Counter(compact("".join(a))), Counter(compact("".join(b)))
    return sum((mine & theirs).values()) >= SAME_HEADER * max(sum(mine.values()), sum(theirs.values()), 1)


def merge_header_wraps(chunks: list[Chunk]) -> list[Chunk]:
    """Header text wrapped within its cell (商业 / 企业, 法律服 / 务机构) → one chunk: the line below has the
    same left edge or centre, is not wider, and the upper chunk has nothing else under it."""
    cells = sorted(chunks, key=lambda c: (c.top, c.x0))
    merged = True
    while merged:
        merged = False
        for a in cells:
            below = [b for b in cells if b is not a and 0 <= b.top - a.bottom <= 0.8 * a.size
                     and _x_overlap(a, b) > 0]
            if len(below) != 1:
                continue
            b = below[0]
            tol = HEADER_WRAP_TOL * a.size
            aligned = abs(a.x0 - b.x0) <= tol or abs(a.cx - b.cx) <= tol
            if aligned and (b.x1 - b.x0) <= (a.x1 - a.x0) + 0.5 * a.size:
                joined = Chunk(text=a.text + b.text, x0=min(a.x0, b.x0), top=a.top, x1=max(a.x1, b.x1),
                               bottom=b.bottom, size=a.size)
                cells = [c for c in cells if c is not a and c is not b] + [joined]
                cells.sort(key=lambda c: (c.top, c.x0))
                merged = True
                break
    return cells


def _x_overlap(a: Chunk, b: Chunk) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _column_of(c: Chunk, cols: Columns) -> Optional[int]:
    for k, (lo, hi) in enumerate(cols.spans):
        if lo <= c.cx < hi:
            return k
    return None


# ---------------------------------------------------------------- header + rows → grid

@dataclass
class _Label:
    level: int
    text: str
    top: float
    bottom: float
    x0: float
    leaf: bool = True
    row: int = -1


def assemble(header: list[Chunk], data: list[TLine], cols: Columns, line_h: float,
             carried: bool = False) -> Optional[BTable]:
    label_chunks: list[Chunk] = []
    value_chunks: list[tuple[int, Chunk]] = []
    for ln in data:
        for c in ln.chunks:
            k = _column_of(c, cols) if c.cx >= cols.label_right else None
            if k is None:
                if c.cx < cols.label_right:
                    label_chunks.append(c)
            else:
                value_chunks.append((k, c))
    carried_groups = list(cols.open_groups) if carried else []
    cols.open_groups = []
    # label sub-columns: this page's, the table's left edge, and those of the table's earlier pages, so that
    # every part of a table continued over pages has the same column edges
    extra_x = [x for x, _ in carried_groups] + list(cols.levels) + ([cols.left] if cols.left else [])
    centred = _centred_continuations(label_chunks, line_h)
    levels = _levels([c.x0 for c in label_chunks if id(c) not in centred] + extra_x,
                     [c.size for c in label_chunks] or [10.0])
    cols.levels = list(levels)
    # (figures only: a unit column's 万 / 元 set on the lines of a wrapped label does not cut it; each with
    # its line's height, so that the figures of one line stand beside the same label lines)
    labels = label_cells(label_chunks, levels, line_h, _figures_by_line(data, {id(c) for _, c in value_chunks}))
    n_levels = max(1, len(levels))
    leaves = _leaf_labels(labels, line_h)
    # rows: leaf labels; figures join the leaf row beside them, or make a row of their own
    bands: list[list[float]] = [[l.top, l.bottom] for l in leaves]
    row_of_value: list[int] = []
    orphan: list[tuple[int, Chunk]] = []
    for k, c in value_chunks:
        r = _band_of(c, bands, line_h)
        if r is None and not c.is_figure:
            # a word wrapped in its cell (万 / 元 of a unit column) continues the cell just above it
            above = [(j, v) for j, (kk, v) in enumerate(value_chunks[:len(row_of_value)])
                     if kk == k and row_of_value[j] >= 0 and 0 <= c.top - v.bottom <= WRAP_GAP * line_h]
            if above:
                r = row_of_value[max(above, key=lambda t: t[1].bottom)[0]]
        if r is None:
            orphan.append((k, c))
            row_of_value.append(-1)
        else:
            row_of_value.append(r)
    # orphan figure lines (no label beside them): new rows, ordered among the label rows by height
    extra: list[list[float]] = []
    for k, c in orphan:
        for b in extra:
            if abs((b[0] + b[1]) / 2 - c.cy) <= 0.6 * line_h:
                b[0], b[1] = min(b[0], c.top), max(b[1], c.bottom)
                break
        else:
            extra.append([c.top, c.bottom])
    all_bands = sorted([(b[0], b[1], "leaf", i) for i, b in enumerate(bands)] +
                       [(b[0], b[1], "extra", i) for i, b in enumerate(extra)])
    n_header = _header_row_count(header)
    row_index = {(kind, i): n_header + r for r, (_, _, kind, i) in enumerate(all_bands)}
    for i, lab in enumerate(leaves):
        lab.row = row_index[("leaf", i)]
    cells: list[BCell] = []
    # header cells
    cells += _header_cells(header, cols, n_levels, n_header)
    # label cells
    for lab in leaves:
        cells.append(BCell(row=lab.row, col=lab.level, col_span=n_levels - lab.level, text=lab.text))
    groups = [l for l in labels if not l.leaf]
    group_cells = _group_cells(groups, leaves)
    group_cells += _carried_group_cells(carried_groups, levels, labels, leaves, group_cells)
    cells += group_cells
    if leaves:
        last = max(l.row for l in leaves)
        cols.open_groups = [(levels[g.col], g.text) for g in group_cells if g.row + g.row_span - 1 == last]
    # value cells
    by_pos: dict[tuple[int, int], list[Chunk]] = {}
    for (k, c), r in zip(value_chunks, row_of_value):
        if r == -1:
            band = next(i for i, b in enumerate(extra) if b[0] - 0.01 <= c.top and c.bottom <= b[1] + 0.01)
            row = row_index[("extra", band)]
        else:
            row = row_index[("leaf", r)]
        by_pos.setdefault((row, k), []).append(c)
    for (row, k), cs in by_pos.items():
        cs.sort(key=lambda c: (c.top, c.x0))
        cells.append(BCell(row=row, col=n_levels + k, text="".join(c.text for c in cs)))
    if not cells:
        return None
    # every value position of a data row gets a cell, blank where nothing is printed (as a ruled grid has)
    taken = {(c.row, c.col) for c in cells}
    for row in sorted({r for r in row_index.values()}):
        for k in range(len(cols.spans)):
            if (row, n_levels + k) not in taken:
                cells.append(BCell(row=row, col=n_levels + k, text=""))
    own = [c for ln in data for c in ln.chunks if not c.handed_over] + (header if not carried else [])
    if not own:  # nothing but the row handed over from the previous page
        own = [c for ln in data for c in ln.chunks]
    bbox = (min(c.x0 for c in own), min(c.top for c in own), max(c.x1 for c in own), max(c.bottom for c in own))
    # column edges as a ruled grid would have them: label sub-columns, then the value columns
    edges = [round(x, 1) for x in (levels or [bbox[0]])] + [
        round(lo, 1) for lo, _ in cols.spans] + [round(cols.spans[-1][1], 1)]
    return BTable(cells=_dedupe(cells), bbox=bbox, cols=edges)


def _figures_by_line(data: list[TLine], values: set[int]) -> list[Chunk]:
    """The value columns' figures, each given the height of all the figures on its line (a digit's box and
    a dash's differ by a point, enough to set them beside different lines of a wrapped label)."""
    out = []
    for ln in data:
        figs = [c for c in ln.chunks if id(c) in values and c.is_figure]
        if figs:
            top, bottom = min(c.top for c in figs), max(c.bottom for c in figs)
            out += [Chunk(text=c.text, x0=c.x0, top=top, x1=c.x1, bottom=bottom, size=c.size) for c in figs]
    return out


def _centred_continuations(chunks: list[Chunk], line_h: float) -> set[int]:
    """Last lines of a centred label (三、本年度办理结 / 果): narrower, centred under the line just above, and
    indented by more than a level's tolerance — their left edge is no label sub-column of its own."""
    out: set[int] = set()
    for c in chunks:
        for a in chunks:
            if a is c or not 0 <= c.top - a.bottom <= BRIDGE_GAP * line_h:
                continue
            if c.x0 - a.x0 > LEVEL_TOL * c.size and c.x1 < a.x1 and abs(a.cx - c.cx) <= HEADER_WRAP_TOL * c.size:
                out.add(id(c))
                break
    return out


def _dedupe(cells: list[BCell]) -> list[BCell]:
    """One cell per anchor position (a merged cell appears once)."""
    seen: dict[tuple[int, int], BCell] = {}
    for c in cells:
        if (c.row, c.col) in seen:
            seen[(c.row, c.col)].text += c.text
        else:
            seen[(c.row, c.col)] = c
    return list(seen.values())


def _levels(x0s: list[float], sizes: list[float]) -> list[float]:
    """Left edges of the label sub-columns, left to right."""
    out: list[float] = []
    size = sorted(sizes)[len(sizes) // 2] if sizes else 10.0
    for x in sorted(x0s):
        if out and x - out[-1] <= LEVEL_TOL * size:
            continue
        out.append(x)
    return out


def _level_of(x0: float, levels: list[float]) -> int:
    return min(range(len(levels)), key=lambda i: abs(levels[i] - x0))


def label_cells(chunks: list[Chunk], levels: list[float], line_h: float,
                values: Sequence[Chunk] = ()) -> list[_Label]:
    """Label chunks → label cells.  A wrapped label is one cell; a new cell starts at an item number, a
    vertical gap, a shallower label starting in between, a line with figures of its own below a label that
    has figures, or after a line that ended short of the column (a finished label) — unless the figures
    beside the label are those of the line above (a label broken by hand, figures top-aligned)."""
    if not levels:
        return []
    by_level: dict[int, list[Chunk]] = {}
    for c in chunks:
        by_level.setdefault(_level_of(c.x0, levels), []).append(c)

    def beside(c: Chunk) -> set[int]:
        return {k for k, v in enumerate(values)
                if min(c.bottom, v.bottom) - max(c.top, v.top) >= 0.3 * max(1.0, v.bottom - v.top)}

    def deeper_beside(c: Chunk, lv: int) -> bool:
        return any(min(c.bottom, o.bottom) - max(c.top, o.top) > 0 for k, os in by_level.items() if k > lv for o in os)

    out: list[_Label] = []
    cell_starts: list[tuple[int, float]] = []  # (level, top) of every cell of the shallower levels
    for lv in sorted(by_level):
        cs = sorted(by_level[lv], key=lambda c: c.top)
        # the column's right edge: where the next label sub-column starts (labels spanning it are not wrapped)
        right = max(c.x1 for c in cs)
        if lv + 1 < len(levels):
            right = min(right, levels[lv + 1])
        cur: Optional[_Label] = None
        cur_vals: set[int] = set()
        last: Optional[Chunk] = None
        mine: list[float] = []
        for j, c in enumerate(cs):
            c_vals = beside(c)
            grouped = last is not None and (_upright(c) or _upright(last) or deeper_beside(c, lv)
                                            or deeper_beside(last, lv))
            # a group label's lines (deeper labels beside both) keep together over a row's gap
            gap = c.top - cur.bottom if cur is not None else 0.0
            new = cur is None or bool(_ENUM.match(c.text)) or (
                gap > WRAP_GAP * line_h and not (grouped and deeper_beside(c, lv) and deeper_beside(last, lv)
                                                 and gap <= BRIDGE_GAP * line_h)
                and not (not (c_vals and cur_vals) and _bridged(cur, cs[j:], values, line_h)))
            if not new:
                # a shallower label cell starting between the two lines cuts the cell
                # — unless the two read as one template label ((四)无 + 法提供 beside a group label 三、本年度办理结果
                # centred on its rows, whose first line falls between them)
                new = any(s < lv and cur.bottom - 1 <= t <= c.top + 1 for s, t in cell_starts) and not (
                    is_known_label(cur.text + c.text) and _label_score(cur.text + c.text) > _label_score(cur.text))
            if not new and not grouped:  # (a group label's lines sit beside other rows' figures)
                own, shared = c_vals - cur_vals, c_vals & cur_vals
                short = last.x1 < right - SHORT_LINE * last.size
                if own and cur_vals and (short or not shared):
                    # (a full line with figures set between it and the next: a wrapped label, whatever
                    # other figures its lines touch)
                    new = True
                elif short and not shared and not (cur_vals and not c_vals):
                    # a finished label, or one broken by hand with its figures set at the bottom: the label
                    # vocabulary decides (二、上年结转 + 政府信息公开申请数量 reads better joined)
                    # (a tie — a wrapped label's first line already reads as the whole template label — goes
                    # by the figures: centred on the two lines, they are one cell: 2.没有现成信息 | 需要另行制作)
                    joined, alone = _label_score(cur.text + c.text), _label_score(cur.text)
                    new = joined < alone or (joined == alone and not _bridged(cur, cs[j:], values, line_h))
                if not new and is_known_label(cur.text) and is_known_label(c.text) and \
                        _label_score(cur.text + c.text) < min(_label_score(cur.text), _label_score(c.text)):
                    new = True  # two template labels one under the other (行政处罚 over 行政强制, its figure blank)
            if new:
                cur = _Label(level=lv, text=c.text, top=c.top, bottom=c.bottom, x0=c.x0)
                cur_vals = set()
                out.append(cur)
                mine.append(c.top)
            else:
                cur.text += c.text
                cur.bottom = max(cur.bottom, c.bottom)
            cur_vals |= c_vals
            last = c
        cell_starts += [(lv, t) for t in mine]
    return out


def _bridged(upper: "_Label", below: Sequence[Chunk], values: Sequence[Chunk], line_h: float) -> bool:
    """A label line a row's gap below another still continues its cell when figures stand at the middle of
    the cell the two would open (the upper line through this or one of the next few lines of the run):
    browsers print cells with a generous line height and centre the figures on the cell, so the gap alone
    cannot tell a wrapped label from the next row.  ``below``: the level's chunks from the candidate on."""
    bottom = upper.bottom
    for k, x in enumerate(below[:BRIDGE_LINES]):
        if x.top - bottom > BRIDGE_GAP * line_h or (k and _ENUM.match(x.text)):
            return False
        mid = (upper.top + x.bottom) / 2
        if any(abs(v.cy - mid) <= BRIDGE_SLACK * (v.bottom - v.top) for v in values):
            return True
        bottom = x.bottom
    return False


def _band_of(c: Chunk, bands: list[list[float]], line_h: float) -> Optional[int]:
    best, best_d = None, None
    for i, (t, b) in enumerate(bands):
        if t - 0.3 * line_h <= c.cy <= b + 0.3 * line_h:
            d = abs(c.cy - (t + b) / 2)
            if best_d is None or d < best_d:
                best, best_d = i, d
    return best


def _group_cells(groups: list[_Label], leaves: list[_Label]) -> list[BCell]:
    """Each group label spans the leaf rows of its group (see module docstring)."""
    cells = []
    for lv in sorted({g.level for g in groups}):
        gs = sorted((g for g in groups if g.level == lv), key=lambda g: g.top)
        # runs of deeper leaves between leaves at this level or shallower
        runs: list[list[_Label]] = []
        cur: list[_Label] = []
        for lf in leaves:
            if lf.level > lv:
                cur.append(lf)
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        for run in runs:
            mine = [g for g in gs if g.bottom >= run[0].top - 1 and g.top <= run[-1].bottom + 1]
            if not mine:
                continue
            restarts = _split_at_restarts(run)
            if len(restarts) >= len(mine) and len(restarts) > 1:
                # each group label lies beside its own segment (top-, middle- or bottom-aligned)
                pairs = [(g, max(restarts, key=lambda seg: _v_overlap(g, seg))) for g in mine]
            elif len(mine) == 1:
                pairs = [(mine[0], run)]
            else:
                pairs = list(zip(mine, _split_at_group_tops(run, mine)))
            for g, seg in pairs:
                if seg:
                    cells.append(BCell(row=seg[0].row, col=lv, row_span=seg[-1].row - seg[0].row + 1, text=g.text))
    return cells


def _v_overlap(g: _Label, seg: list[_Label]) -> float:
    return min(g.bottom, seg[-1].bottom) - max(g.top, seg[0].top)


def _carried_group_cells(carried: list, levels: list[float], labels: list[_Label], leaves: list[_Label],
                         found: list[BCell]) -> list[BCell]:
    """Group labels the previous page left open span this page's first rows, up to the first label at
    their level or shallower; a bare continuation of the label's text there (a wrapped group label cut
    by the page break: 不予处 | 理) completes it."""
    out = []
    ordered = sorted(leaves, key=lambda l: l.top)
    for x0, text in carried:
        lv = _level_of(x0, levels)
        if not ordered:
            continue
        rest = [l for l in labels if not l.leaf and l.level == lv and not _ENUM.match(l.text)
                and l.top <= ordered[0].bottom + 1]  # the wrapped rest of the carried label, not a new group
        # the carried label ends where the next label at its level or shallower starts (a group or a row)
        stop = min((l.top for l in labels if l.level <= lv and l not in rest), default=float("inf"))
        rows: list[_Label] = []
        for lf in ordered:
            if lf.level <= lv or lf.top >= stop - 1:
                break
            rows.append(lf)
        if not rows:
            continue
        for g in rest:
            text += g.text
            found[:] = [c for c in found if not (c.col == lv and c.text == g.text)]
        out.append(BCell(row=rows[0].row, col=lv, row_span=rows[-1].row - rows[0].row + 1, text=text))
    return out


def _split_at_restarts(run: list[_Label]) -> list[list[_Label]]:
    segs: list[list[_Label]] = []
    for lf in run:
        if not segs or _FIRST_SUB.match(lf.text):
            segs.append([lf])
        else:
            segs[-1].append(lf)
    return segs


def _split_at_group_tops(run: list[_Label], groups: list[_Label]) -> list[list[_Label]]:
    """No numbering to go by: a group label sits in its group's first row (top-aligned cells)."""
    segs: list[list[_Label]] = [[] for _ in groups]
    for lf in run:
        k = 0
        for j, g in enumerate(groups):
            if g.top <= lf.bottom:
                k = j
        segs[k].append(lf)
    return segs


def _header_row_count(header: list[Chunk]) -> int:
    if not header:
        return 0
    return len(_header_levels(merge_header_wraps(header)))


def _header_levels(cells: list[Chunk]) -> list[float]:
    tops: list[float] = []
    for c in sorted(cells, key=lambda c: c.top):
        if tops and c.top - tops[-1] <= 0.5 * c.size:
            continue
        tops.append(c.top)
    return tops


def _header_cells(header: list[Chunk], cols: Columns, n_levels: int, n_header: int) -> list[BCell]:
    if not header:
        return []
    cells = merge_header_wraps(header)
    tops = _header_levels(cells)
    out = []
    zone = [c for c in cells if c.x1 <= cols.label_right or c.cx < cols.label_right]
    if zone:  # the label columns' header (统计指标, 信息内容, the 表三 note) is one merged cell
        zone.sort(key=lambda c: (c.top, c.x0))
        out.append(BCell(row=0, col=0, row_span=max(1, n_header), col_span=n_levels,
                         text="".join(c.text for c in zone)))
    for c in cells:
        if any(c is z for z in zone):
            continue
        r = max(i for i, t in enumerate(tops) if t <= c.top + 0.5 * c.size)
        if not any(o is not c and o.bottom <= c.top + 1 and _x_overlap(c, o) > 0 for o in cells):
            r = 0  # nothing above it: the cell starts at the header's top (set lower only by the line breaks)
        if True:
            ks = [k for k, (lo, hi) in enumerate(cols.spans) if min(hi, c.x1) - max(lo, c.x0) > 0.25 * min(
                hi - lo, c.x1 - c.x0)]
            if not ks:
                continue
            col, span = n_levels + ks[0], ks[-1] - ks[0] + 1
        under = [o for o in cells if o is not c and o.top > c.bottom - 1 and _x_overlap(c, o) > 0]
        row_span = 1 if under else n_header - r
        out.append(BCell(row=r, col=col, row_span=max(1, row_span), col_span=span, text=c.text))
    return out


# ---------------------------------------------------------------- guard

def accept(t: BTable, header: bool = True) -> bool:
    """Only statistics tables: the mapper reads it as 表二/表三/表四/统计表 and it holds figures; a table
    whose header was not readable needs MIN_LABEL_HITS known row labels."""
    from ...model import Cell, Table
    from ...tables.mapper import classify

    table = Table(cells=[Cell(row=c.row, col=c.col, text=c.text, row_span=c.row_span, col_span=c.col_span)
                         for c in t.cells])
    kind = classify(table)
    if kind not in ("table2", "table3", "table4", "pre2019"):
        return False
    if not any(_FIGURE.match(compact(c.text)) for c in t.cells if c.text.strip()):
        return False
    hits = sum(1 for c in t.cells if c.col_span >= 1 and is_known_label(c.text))
    if kind != "table4" and hits < (1 if header else MIN_LABEL_HITS):
        return False
    t.kind = kind
    return True
