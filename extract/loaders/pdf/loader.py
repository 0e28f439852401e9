"""PDF → Document.

A page reader (``pdfium_reader`` or ``plumber_reader``, chosen by ``Options.pdf_engine``) gives each
page's `PageObjects`; ``layout`` turns them into ordered paragraphs and tables.  Across pages: a table at the top of a page that keeps the columns of the table ending the
previous page is joined to it (a repeated header is dropped), and a paragraph cut by the page
break is rejoined.  Pages with no text or with undecodable glyphs (``(cid:NN)``) are flagged.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional

from ...model import Cell, Document, Paragraph, Table
from ...normalize import compact, normalize
from ...numbers import parse_cell
from ...options import DEFAULT, Options
from .geometry import (Line, column_remap, snap, is_continuation, leading_columns_missing, line_is_full,
                       line_is_indented)
from .layout import _PageContent, _PageTable, layout_page, peel_frame_rows  # noqa: F401 (peel_frame_rows: API)
from .tablejoin import carry_leading_columns, join_at_cut, open_at_foot


def load_pdf(path: Path, options: Options = DEFAULT) -> Document:
    reader = open_reader(path, options.pdf_engine)
    doc = Document(path=str(path), format="pdf")
    contents: list[_PageContent] = []
    empty_pages: list[int] = []
    cid_pages: list[int] = []
    state: dict = {}  # carried across pages: a borderless table left open at the foot of a page
    pictures: dict = {}  # page → pictures large enough to hold a table, for OCR
    repair = None  # glyphs a partly wrong font map mis-named, read again from their ink (OCR integration)
    mismapped: list[int] = []  # pages with such glyphs left as they are (OCR off)
    if options.ocr != "off":
        from ..ocr.font_repair import FontMapRepair
        repair = FontMapRepair(path)
    try:
        doc.pages = len(reader)
        for i, po in reader.pages():
            if isinstance(po, Exception):
                doc.warnings.append(f"page {i} unreadable ({type(po).__name__})")
                continue
            state["more_pages"] = i < doc.pages  # a borderless table's last row may go on over the page break
            try:
                if repair is not None:
                    repair(po)
                elif _mismapped(po):
                    mismapped.append(i)
                content, flag = layout_page(po, state)
            except Exception as e:  # one bad page must not lose the others
                doc.warnings.append(f"page {i} unreadable ({type(e).__name__})")
                continue
            if options.ocr == "auto" and po.images:  # pictures that may hold a table (OCR integration)
                from ..ocr.pdf_pages import picture_boxes
                pictures[i] = picture_boxes(po)
            if flag == "empty":
                empty_pages.append(i)
            elif flag == "cid":
                cid_pages.append(i)
            contents.append(content)
    finally:
        reader.close()
        if repair is not None:
            repair.close()
    if repair is not None:
        doc.repaired_pages = list(repair.result.pages)
    if mismapped:
        doc.warnings.append(f"font map partly wrong on page(s) {_ranges(mismapped)} (OCR off: not repaired)")
    ocr_run = None
    if options.ocr != "off" and contents:  # OCR integration point (extract/loaders/ocr)
        from ..ocr.pdf_pages import apply_ocr
        ocr_run = apply_ocr(path, contents, empty_pages, cid_pages, options.ocr, doc, pictures)
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


MISMAPPED_MIN_GLYPHS = 3  # a page with fewer suspect glyphs is not reported as mis-mapped (a stray sign)


def _mismapped(po) -> bool:
    from ..ocr.font_repair import suspects
    return len(suspects(po)) >= MISMAPPED_MIN_GLYPHS


def open_reader(path: Path, engine: str):
    """The page reader for ``engine``: "plumber" (pdfminer) or "pdfium" (pypdfium2)."""
    if engine == "pdfium":
        from .pdfium_reader import PdfiumReader
        return PdfiumReader(path)
    if engine == "plumber":
        from .plumber_reader import PlumberReader  # pdfplumber (pdfminer): imported only for this engine
        return PlumberReader(path)
    raise ValueError(f"unknown PDF engine {engine!r} (pdfium | plumber)")


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
                    missing = leading_columns_missing(last_table.cols, pt.cols)
                    rows_before = last_table.table.n_rows
                    union = _align_columns(last_table, pt)
                    if _repeated_header_rows(last_table.table, pt.table) or not join_at_cut(
                            last_table.table, pt.table, last_table.open_bottom, pt.open_top):
                        _append_rows(last_table.table, pt.table)
                    if missing:  # the continuation's grid starts right of the previous part's group column
                        carry_leading_columns(last_table.table, rows_before, missing)
                    last_table.open_bottom = open_at_foot(last_table.table, pt.open_bottom)
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


HEADER_REPEAT_SIMILARITY = 0.8  # a repeated header read by OCR again may differ in a character or a bracket form


def _same_header_text(a: str, b: str) -> bool:
    if a == b:
        return True
    a, b = a.translate(_BRACKETS), b.translate(_BRACKETS)
    return a == b or (bool(a) and bool(b) and SequenceMatcher(None, a, b).ratio() >= HEADER_REPEAT_SIMILARITY)


_BRACKETS = str.maketrans("（）：，", "():,")


def _repeated_header_rows(base: Table, cont: Table) -> int:
    k = 0
    while k < min(3, cont.n_rows - 1, base.n_rows):
        a = [compact(c.text) for c in base.row_cells(k)]
        b = [compact(c.text) for c in cont.row_cells(k)]
        if a and len(a) == len(b) and any(a) and all(_same_header_text(x, y) for x, y in zip(a, b)):
            k += 1
        else:
            break
    if k:  # a header cell spanning the header's next line (统计指标 beside 单 / 位): that line is header too
        def covered(t: Table) -> int:
            return max(c.row + c.row_span for c in t.cells if c.row < k)
        k = max(k, min(covered(base), covered(cont), cont.n_rows - 1, base.n_rows))
    return k
