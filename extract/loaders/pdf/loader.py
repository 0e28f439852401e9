"""PDF → Document with pdfplumber.

Per page: doubled (fake-bold) characters removed, ruled tables found, a frame around the body
text dropped, text outside tables grouped into lines and paragraphs, page numbers dropped.
Across pages: a table at the top of a page that keeps the columns of the table ending the
previous page is joined to it (a repeated header is dropped), and a paragraph cut by the page
break is rejoined.  Pages with no text or with undecodable glyphs (``(cid:NN)``) are flagged.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pdfplumber
from pdfplumber.utils import extract_text
from pdfminer.pdfdocument import PDFPasswordIncorrect, PDFEncryptionError
from pdfminer.pdfparser import PDFSyntaxError

from ...model import Cell, Document, Paragraph, Table, clean_cell_text
from ...normalize import compact, normalize
from ...numbers import parse_cell
from ...options import DEFAULT, Options
from .. import LoadError
from .geometry import (Line, column_edges, column_remap, grid_from_boxes, snap, group_paragraphs, is_continuation,
                           is_frame_table, is_page_number, line_is_full, line_is_indented)

DEDUPE_TOLERANCE = 1.0  # points: a character drawn twice this close is one (fake bold)
PAGE_MARGIN_FRACTION = 0.08  # page numbers live in the top/bottom 8 % of the page
CID_FRACTION = 0.2  # a page whose text is this much "(cid:NN)" has no usable text
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                  "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _PageTable:
    table: Table
    top: float
    bottom: float
    cols: list[float]
    lead: list[str] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)
    bbox: tuple = ()


@dataclass
class _PageContent:
    number: int
    height: float
    items: list = field(default_factory=list)  # (top, kind, payload) kind: "para" | "table"
    left: float = 0.0
    right: float = 0.0
    char_w: float = 10.0


def load_pdf(path: Path, options: Options = DEFAULT) -> Document:
    try:
        pdf = pdfplumber.open(str(path))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise LoadError("encrypted PDF: password required") from e
    except PDFSyntaxError as e:
        raise LoadError(f"corrupt PDF: {str(e)[:100]}") from e
    except Exception as e:
        # pdfplumber wraps pdfminer's errors: look through the wrapper and its arguments
        causes = [e, e.__cause__, e.__context__] + [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)]
        names = " ".join(type(c).__name__ for c in causes if c is not None)
        if "Password" in names or "Encrypt" in names:
            raise LoadError("encrypted PDF: password required") from e
        detail = next((type(c).__name__ for c in causes[1:] if c is not None), type(e).__name__)
        raise LoadError(f"corrupt PDF: {detail}") from e
    doc = Document(path=str(path), format="pdf")
    with pdf:
        try:
            pages = pdf.pages
        except Exception as e:
            raise LoadError(f"corrupt PDF: {type(e).__name__}") from e
        doc.pages = len(pages)
        contents: list[_PageContent] = []
        empty_pages: list[int] = []
        cid_pages: list[int] = []
        for i, page in enumerate(pages, start=1):
            try:
                content, flag = _read_page(page, i)
            except Exception as e:  # one bad page must not lose the others
                doc.warnings.append(f"page {i} unreadable ({type(e).__name__})")
                continue
            if flag == "empty":
                empty_pages.append(i)
            elif flag == "cid":
                cid_pages.append(i)
            contents.append(content)
            if hasattr(page, "flush_cache"):
                page.flush_cache()  # keep memory flat on long reports
    ocr_run = None
    if options.ocr != "off" and contents:  # OCR integration point (extract/loaders/ocr)
        from ..ocr.pdf_pages import apply_ocr
        ocr_run = apply_ocr(path, contents, empty_pages, cid_pages, options.ocr, doc)
    if empty_pages:
        doc.warnings.append(f"no text on page(s) {_ranges(empty_pages)} (scanned image? OCR not applied)")
    if cid_pages:
        doc.warnings.append(f"undecodable glyphs (cid) on page(s) {_ranges(cid_pages)}")
    doc.blocks = _assemble(contents)
    if ocr_run is not None:
        from ..ocr.pdf_pages import mark_provenance
        mark_provenance(doc.blocks, ocr_run)
    if doc.pages and len(empty_pages) + len(cid_pages) == doc.pages:
        doc.blocks = []
    return doc


def _ranges(nums: list[int]) -> str:
    out = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ",".join(out)


def _read_page(page, number: int):
    page = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE)
    content = _PageContent(number=number, height=float(page.height))
    chars = page.chars
    if not chars:
        return content, "empty"
    sizes = sorted(c.get("size", 10) for c in chars)
    content.char_w = sizes[len(sizes) // 2] or 10.0

    tables = []
    for ft in page.find_tables(TABLE_SETTINGS):
        t = _to_table(ft, number)
        if t is None:
            continue
        tables.append(t)
    table_boxes = [t.bbox for t in tables]

    def outside(obj):
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in table_boxes)

    free = page.filter(lambda o: o.get("object_type") != "char" or outside(o)) if table_boxes else page
    raw_lines = free.extract_text_lines(layout=False, strip=True, return_chars=False, x_tolerance=1.5)
    lines = []
    margin = PAGE_MARGIN_FRACTION * content.height
    for rl in raw_lines:
        text = rl["text"]
        if (rl["top"] < margin or rl["bottom"] > content.height - margin) and is_page_number(text):
            continue
        if not text.strip():
            continue
        lines.append(Line(text=text, x0=rl["x0"], x1=rl["x1"], top=rl["top"], bottom=rl["bottom"]))
    all_text = "".join(l.text for l in lines) + "".join(c.text for t in tables for c in t.table.cells)
    flag = ""
    if all_text and len("".join(_CID.findall(all_text))) > CID_FRACTION * len(all_text):
        flag = "cid"
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


def _to_table(ft, page_no: int) -> Optional[_PageTable]:
    boxes = [tuple(b) for b in ft.cells]
    if not boxes:
        return None
    texts_by_box = {}
    x0, top, x1, bottom = ft.bbox
    # each character once: its centre, kept only when inside the table, sorted by height
    centred = sorted((((ch["top"] + ch["bottom"]) / 2, (ch["x0"] + ch["x1"]) / 2, ch) for ch in ft.page.chars
                      if top - 1 <= (ch["top"] + ch["bottom"]) / 2 <= bottom + 1
                      and x0 - 1 <= (ch["x0"] + ch["x1"]) / 2 <= x1 + 1), key=lambda t: t[0])
    ys = [c[0] for c in centred]
    for b in boxes:
        lo, hi = bisect_left(ys, b[1]), bisect_right(ys, b[3])
        inside = [ch for cy, cx, ch in centred[lo:hi] if b[0] <= cx <= b[2]]
        texts_by_box[b] = extract_text(inside, x_tolerance=1.5) if inside else ""
    grid = grid_from_boxes(boxes)
    cells = [Cell(row=g.row, col=g.col, row_span=g.row_span, col_span=g.col_span,
                  text=clean_cell_text(texts_by_box[g.box]), page=page_no) for g in grid]
    n_rows = max(c.row + c.row_span for c in cells)
    n_cols = max(c.col + c.col_span for c in cells)
    if is_frame_table(n_rows, n_cols, [c.text for c in cells]):
        return None
    cells.sort(key=lambda c: (c.row, c.col))
    lead, trail, cells = peel_frame_rows(cells, n_cols)
    if not cells:
        return _PageTable(table=Table(cells=[], page=page_no), top=ft.bbox[1], bottom=ft.bbox[3],
                          cols=[], lead=_rows_to_paragraphs(lead + trail), bbox=ft.bbox)
    t = Table(cells=cells, page=page_no)
    return _PageTable(table=t, top=ft.bbox[1], bottom=ft.bbox[3], cols=column_edges(boxes),
                      lead=_rows_to_paragraphs(lead), trail=_rows_to_paragraphs(trail), bbox=ft.bbox)


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


def _assemble(contents: list[_PageContent]) -> list:
    """Order blocks, join continued tables and paragraphs across page breaks."""
    blocks: list = []
    last_table: Optional[_PageTable] = None
    last_table_is_last_item = False
    last_para_open = False  # the previous page ended inside a paragraph
    prev_page: Optional[_PageContent] = None
    for content in contents:
        for idx, (top, kind, payload) in enumerate(content.items):
            first_on_page = idx == 0
            if kind == "table":
                pt: _PageTable = payload
                if (last_table is not None and prev_page is not None and prev_page.number == content.number - 1
                        and is_continuation(not last_table_is_last_item, pt.top, content.height, not first_on_page,
                                            last_table.cols, pt.cols)):
                    union = _align_columns(last_table, pt)
                    _append_rows(last_table.table, pt.table)
                    last_table.bottom = pt.bottom
                    last_table.cols = union
                else:
                    blocks.append(pt.table)
                    last_table = pt
                last_para_open = False
            elif kind == "text":
                n = normalize(payload)
                if n.text:
                    blocks.append(Paragraph(text=n.text, raw=payload, page=content.number))
                last_para_open = False
            else:
                lines: list[Line] = payload
                raw = _join_lines([l.text for l in lines])
                if (first_on_page and last_para_open and blocks and isinstance(blocks[-1], Paragraph)
                        and not line_is_indented(lines[0], content.left, content.char_w)):
                    prev = blocks[-1]
                    joined = prev.raw + raw
                    n = normalize(joined)
                    prev.raw, prev.text = joined, n.text
                else:
                    n = normalize(raw)
                    if n.text:
                        blocks.append(Paragraph(text=n.text, raw=raw, page=content.number))
                last_para_open = line_is_full(lines[-1], content.right, content.char_w)
        last_table_is_last_item = bool(content.items) and content.items[-1][1] == "table"
        if not content.items:
            last_table_is_last_item = False
        prev_page = content
    return blocks


def _join_lines(texts: list[str]) -> str:
    """Wrapped lines of one paragraph: no separator between CJK, a space between Latin words, and a space
    where a line ending in a figure meets a line starting with a label (rows of a table without rules);
    normalization removes that space again between Han characters and digits."""
    out = ""
    for t in texts:
        if out and t:
            a, b = out[-1], t[0]
            if (a.isascii() and a.isalnum() and b.isascii() and b.isalpha()) or (a.isdigit() and not b.isdigit()
                                                                                 and not b.isspace()):
                out += " "
        out += t
    return out


def _align_columns(prev: _PageTable, nxt: _PageTable) -> list[float]:
    """Put both parts of a continued table on the union of their column edges."""
    union = snap(list(prev.cols) + list(nxt.cols))
    if len(union) == len(prev.cols) == len(nxt.cols):
        return union
    for part in (prev, nxt):
        idx = column_remap(part.cols, union)
        for c in part.table.cells:
            start, end = idx[c.col], idx[min(c.col + c.col_span, len(idx) - 1)]
            c.col, c.col_span = start, max(1, end - start)
    return union


def _append_rows(base: Table, cont: Table) -> None:
    """Join a continuation table below ``base``.

    A repeated header is dropped; a row the page break cut in two is joined back; merged label
    cells that run on across the break (blank at the top of the new page) extend their cell.
    """
    offset = base.n_rows
    skip = _repeated_header_rows(base, cont)
    last_row_cells = {(c.col, c.col_span): c for c in base.cells if c.row + c.row_span == offset}
    if skip < cont.n_rows and _is_split_row(base, cont, skip):
        for c in cont.row_cells(skip):
            target = last_row_cells.get((c.col, c.col_span))
            if target is not None and c.text.strip():
                target.text += c.text
        skip += 1
    row_cells = sorted((c for c in cont.cells if c.row <= skip < c.row + c.row_span and c.text.strip()),
                       key=lambda c: c.col)
    # blank cells left of a label continue merged labels above; left of a figure they are blank figures
    first_filled_col = row_cells[0].col if row_cells and not _is_value(row_cells[0].text) else 0
    for c in cont.cells:
        end = c.row + c.row_span
        if end <= skip:
            continue
        start = max(c.row, skip)
        span = end - start
        r = start - skip
        if r == 0 and (c.col, c.col_span) in last_row_cells:
            above = last_row_cells[(c.col, c.col_span)]
            leading_blank = not c.text.strip() and c.col < first_filled_col
            cut_label = (c.text.strip() and span > 1 and not _is_value(above.text)
                         and not _is_value(c.text) and not _ENUM_START.match(c.text))
            carried = c.row < skip  # a merged cell that began in a row consumed above
            if above.text.strip() and (leading_blank or cut_label or (carried and not c.text.strip())):
                above.row_span += span  # a merged (label) cell cut by the page break
                above.text += c.text if c.row >= skip else ""
                continue
        base.cells.append(Cell(row=offset + r, col=c.col, text=c.text, row_span=span,
                               col_span=c.col_span, page=c.page))
    base.cells.sort(key=lambda c: (c.row, c.col))


_ENUM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+\s*[、.．])")


def _is_value(text: str) -> bool:
    """A figure as tables print it, zeros written 无 / — / - / / included."""
    return bool(text.strip()) and parse_cell(text) is not None and not re.search(r"[\u4e00-\u9fff]{2,}", text)


_SENTENCE_DONE = re.compile(r"[。！？!?；;]\s*$")


def _is_split_row(base: Table, cont: Table, first: int) -> bool:
    """The continuation's first row is the rest of a row the page break cut.

    It holds no figure and starts no new item; its text cells sit exactly under cells of the
    previous page's last row that hold long, unfinished text (a re-filled short cell — a unit, a
    figure — or a finished sentence above means a new row); and some filled cell of that last row has nothing below it (the figures
    stayed on the first part) right of where the continuation's text starts — blanks to its left
    are merged labels running on, as in a task table's 序号 column.
    """
    offset = base.n_rows
    last = {(c.col, c.col_span): c for c in base.cells if c.row + c.row_span == offset}
    cells = {(c.col, c.col_span): c for c in cont.row_cells(first)}
    filled = [c for c in cells.values() if c.text.strip()]
    if not filled or any(_is_value(c.text) or _ENUM_START.match(c.text) for c in filled):
        return False
    for c in filled:
        above = last.get((c.col, c.col_span))
        if above is None or len(compact(above.text)) <= 2 or _SENTENCE_DONE.search(above.text):
            return False
    first_col = min(c.col for c in filled)
    return any(c.text.strip() and c.col > first_col and not (cells.get(k) and cells[k].text.strip())
               for k, c in last.items())


def _repeated_header_rows(base: Table, cont: Table) -> int:
    k = 0
    while k < min(3, cont.n_rows - 1, base.n_rows):
        a = [compact(c.text) for c in base.row_cells(k)]
        b = [compact(c.text) for c in cont.row_cells(k)]
        if a and a == b and any(a):
            k += 1
        else:
            break
    return k
