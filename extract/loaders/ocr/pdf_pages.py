"""OCR for the PDF loader: which pages need it, reading them, and marking what came from OCR."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ...model import Paragraph, Table, clean_cell_text
from ...normalize import compact
from ..pdf.layout import layout_page
from .page import OCR_DPI, ocr_image, render_pdf_page

MIN_TEXT_FOR_SCRIPT_TEST = 20  # characters: shorter text layers say too little about their script
MIN_CJK_SHARE = 0.1            # a Chinese report's text layer that is mostly not CJK is garbled
MAX_STRAY_SHARE = 0.02         # stray Latin letters/controls between Han characters, per Han character
_CJK = re.compile(r"[\u4e00-\u9fff]")
# a font whose ToUnicode map is partly wrong (Ghostscript re-distilling a browser's Type 3 fonts) turns some
# Han characters into Latin-1/Latin Extended letters, controls or lone ASCII letters between correct ones:
# 移ú版, 政府会¯.  A real report's text has at most a '|' or a bracket there (measured: ≤ 0.004 a page).
_STRAY = re.compile(r"(?<=[\u4e00-\u9fff])[\u007f-\u024fA-Za-z](?=[\u4e00-\u9fff])")


@dataclass
class OcrRun:
    pages: list[int] = field(default_factory=list)
    seconds: float = 0.0
    scores: dict[int, dict[str, float]] = field(default_factory=dict)  # page → compact box text → score
    cells: dict[int, dict[str, deque]] = field(default_factory=dict)   # page → cell text → scores, row order


def content_text(content) -> str:
    parts = []
    for _top, kind, payload in content.items:
        if kind == "para":
            parts.extend(l.text for l in payload)
        elif kind == "text":
            parts.append(payload)
        else:
            parts.extend(c.text for c in payload.table.cells)
    return "".join(parts)


def cjk_share(text: str) -> float:
    letters = [ch for ch in text if not ch.isspace() and not ch.isdigit() and ch not in ".,:;-—/()（）%"]
    return len(_CJK.findall(text)) / len(letters) if letters else 0.0


def garbled(content) -> bool:
    """A text layer that is there but mostly not Chinese, or Chinese strewn with stray letters: a broken font
    mapping, not a foreign page."""
    text = content_text(content)
    return len(text.strip()) >= MIN_TEXT_FOR_SCRIPT_TEST and (cjk_share(text) < MIN_CJK_SHARE
                                                               or stray_share(text) >= MAX_STRAY_SHARE)


def stray_share(text: str) -> float:
    """Stray letters between Han characters per Han character (whitespace ignored): a partly wrong font map."""
    text = re.sub(r"\s+", "", text)
    han = len(_CJK.findall(text))
    return len(_STRAY.findall(text)) / han if han >= MIN_TEXT_FOR_SCRIPT_TEST else 0.0


def ocr_pdf_pages(path: Path, numbers: Iterable[int], dpi: float = OCR_DPI):
    """{page number: page content} for the given pages, read by OCR, and the run's provenance."""
    import pypdfium2 as pdfium

    run = OcrRun()
    out = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in numbers:
            page = pdf[n - 1]
            try:
                gray = render_pdf_page(page, dpi)
            finally:
                page.close()
            objs, stats = ocr_image(gray, dpi, n)
            del gray
            content, _flag = layout_page(objs)  # the same layout as a text layer's page
            score_cells(objs, content)
            out[n] = content
            record_page(run, n, stats, content)
    finally:
        pdf.close()
    return out, run


def _bbox_key(b) -> tuple:
    return tuple(round(v, 1) for v in b)


def score_cells(objs, content) -> None:
    """Each table cell's score: the lowest of the glyphs in it.  The layout's cells carry text only, so
    the same ruled boxes are found again from the segments and matched by table, column and text, in
    row order."""
    from ..pdf.geometry import boxes_bbox, grid_from_boxes
    from ..pdf.layout import page_ruled_tables
    from ..pdf.lines import dedupe_glyphs, lines_text

    glyphs = dedupe_glyphs(objs.glyphs)
    found: dict[tuple, deque] = {}
    for boxes in page_ruled_tables(objs)[0]:
        bbox = _bbox_key(boxes_bbox(boxes))
        for g in sorted(grid_from_boxes(boxes), key=lambda g: (g.row, g.col)):
            b = g.box
            inside = [x for x in glyphs if b[0] <= x.cx <= b[2] and b[1] <= x.cy <= b[3]]
            text = clean_cell_text(lines_text(inside)) if inside else ""
            found.setdefault((bbox, g.col, text), deque()).append(min((x.confidence for x in inside), default=1.0))
    for _top, kind, pt in content.items:
        if kind != "table":
            continue
        bbox = _bbox_key(pt.bbox)
        for c in sorted(pt.table.cells, key=lambda c: (c.row, c.col)):
            q = found.get((bbox, c.col, c.text))
            c.ocr = True
            if q:
                c.confidence = q.popleft()


def record_page(run: OcrRun, n: int, stats, content=None) -> None:
    """Keep a page's scores: per recognized text, and per table cell in row order, for after assembly
    (which may rebuild the cells of a table continued from the previous page)."""
    run.pages.append(n)
    run.seconds += stats.seconds
    page = run.scores.setdefault(n, {})
    for text, score in stats.texts:
        key = compact(text)
        if key:
            page[key] = min(score, page.get(key, 1.0))
    cells = run.cells.setdefault(n, {})
    for _top, kind, pt in (content.items if content is not None else []):
        if kind == "table":
            for c in sorted(pt.table.cells, key=lambda c: (c.row, c.col)):
                cells.setdefault(c.text, deque()).append(c.confidence)


def mark_provenance(blocks: list, run: OcrRun) -> None:
    """Blocks from OCR'd pages say so, with the recognizer's lowest score over their text: a cell takes
    the score found for it before assembly (same page and text, in row order); a cell joined across a page
    break and a paragraph take the lowest score of the recognized boxes whose text they hold."""
    pages = set(run.pages)
    for b in blocks:
        if isinstance(b, Table):
            for c in sorted(b.cells, key=lambda c: (c.row, c.col)):
                if c.page in pages:
                    c.ocr = True
                    q = run.cells.get(c.page, {}).get(c.text)
                    c.confidence = q.popleft() if q else _lookup(run.scores.get(c.page, {}), compact(c.text))
        elif isinstance(b, Paragraph) and b.page in pages:
            b.ocr = True
            b.confidence = _lookup(run.scores.get(b.page, {}), compact(b.raw))


def _lookup(scores: dict[str, float], text: str) -> float:
    if not text:
        return 1.0
    if text in scores:
        return scores[text]
    parts = [s for t, s in scores.items() if t in text or (len(text) >= 4 and text in t)]
    return min(parts, default=1.0)


def apply_ocr(path: Path, contents: list, empty_pages: list[int], cid_pages: list[int], mode: str, doc):
    """Replace the content of pages without a usable text layer (every page with ``force``) by OCR.

    Pages OCR read leave ``empty_pages``/``cid_pages`` (so no "not applied" warning remains; a page OCR
    finds blank is a blank page) and are listed in ``doc.ocr_pages``; when OCR cannot run, the lists stay
    and a warning says why.
    """
    by_number = {c.number: i for i, c in enumerate(contents)}
    garbled_pages = [c.number for c in contents if c.number not in empty_pages and c.number not in cid_pages
                     and garbled(c)]
    if mode == "force":
        wanted = sorted(by_number)
    else:
        wanted = sorted(set(empty_pages) | set(cid_pages) | set(garbled_pages))
    if not wanted:
        return None
    try:
        read, run = ocr_pdf_pages(path, wanted)
    except Exception as e:  # OCR unavailable or crashed: the text layer's result stands, with the reason
        doc.warnings.append(f"OCR failed ({type(e).__name__}: {str(e)[:80]})")
        return None
    for n, content in read.items():
        old = contents[by_number[n]]
        if n in garbled_pages and cjk_share(content_text(content)) <= cjk_share(content_text(old)):
            run.pages.remove(n)  # the text layer was not garbled after all: keep it
            continue
        contents[by_number[n]] = content
        if n in empty_pages:
            empty_pages.remove(n)
        if n in cid_pages:
            cid_pages.remove(n)
    doc.ocr_pages = sorted(run.pages)
    return run
