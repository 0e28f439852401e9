"""OCR for the PDF loader: which pages need it, reading them, and marking what came from OCR."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ...model import Paragraph, Table, clean_cell_text
from ...normalize import compact
from ..pdf.layout import layout_page

PICTURE_MIN_WIDTH_INCH = 2.5    # a picture inside a text page this wide can hold a table (seals, logos and
PICTURE_MIN_HEIGHT_INCH = 0.2   # signatures are narrower) — even the one row of a table continued from the page before
PICTURE_MAX_TEXT_CHARS = 10     # a picture with more text-layer characters over it has its text already
REGION_PARA_MIN_CHARS = 4      # a paragraph that begins with a picture's paragraph this long continues it
PICTURE_MARGIN_PT = 2.0         # the crop reaches this far beyond the picture (its border rules)
FIND_BORDERLESS = True          # OCR pages get the borderless-table detector too (columns from aligned boxes)
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
    regions: dict[int, list] = field(default_factory=dict)  # page → picture regions OCRed (the rest is text layer)
    region_texts: dict[int, set] = field(default_factory=dict)  # page → compact paragraph texts OCR read in them


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


def ocr_pdf_pages(path: Path, numbers: Iterable[int], dpi: Optional[float] = None):
    """{page number: page content} for the given pages, read by OCR, and the run's provenance (``dpi``: the
    page's render, ``page.OCR_DPI`` when None)."""
    import pypdfium2 as pdfium

    from .page import OCR_DPI, ocr_image, render_pdf_page  # OpenCV and the recognizer: only when OCR runs

    dpi = dpi or OCR_DPI

    run = OcrRun()
    out = {}
    state: dict = {}  # the borderless-table state carried from page to page, as for a text layer
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
            content, _flag = layout_page(objs, state if FIND_BORDERLESS else None)  # the text layer's layout
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
    partial = set(run.regions)  # pages whose text layer stands outside the pictures OCR read
    for b in blocks:
        if isinstance(b, Table):
            for c in sorted(b.cells, key=lambda c: (c.row, c.col)):
                if c.page in pages and (c.page not in partial or c.ocr):
                    c.ocr = True
                    q = run.cells.get(c.page, {}).get(c.text)
                    c.confidence = q.popleft() if q else _lookup(run.scores.get(c.page, {}), compact(c.text))
        elif isinstance(b, Paragraph) and b.page in pages:
            if b.page in partial and not _from_region(compact(b.raw), run.region_texts.get(b.page, set())):
                continue
            b.ocr = True
            b.confidence = _lookup(run.scores.get(b.page, {}), compact(b.raw))


def _from_region(text: str, region_texts: set) -> bool:
    """A paragraph holds lines OCR read inside a picture (the rest of its page is text layer)."""
    return bool(text) and any(text == t or (len(t) >= REGION_PARA_MIN_CHARS and text.startswith(t))
                              for t in region_texts)


def _lookup(scores: dict[str, float], text: str) -> float:
    if not text:
        return 1.0
    if text in scores:
        return scores[text]
    parts = [s for t, s in scores.items() if t in text or (len(text) >= 4 and text in t)]
    return min(parts, default=1.0)


def picture_boxes(po) -> list[tuple[float, float, float, float]]:
    """Pictures on a text-layer page (`PageObjects.images`) large enough to hold a table and with (almost)
    no text layer over them: (x0, top, x1, bottom) in points.  Pages read turned are left out."""
    if po.rotation % 360 or not po.images:
        return []
    found = []
    for box in po.images:
        x0, top, x1, bottom = box
        if x1 - x0 < PICTURE_MIN_WIDTH_INCH * 72 or bottom - top < PICTURE_MIN_HEIGHT_INCH * 72:
            continue
        over = sum(1 for g in po.glyphs if not g.text.isspace() and x0 <= g.cx <= x1 and top <= g.cy <= bottom)
        if over > PICTURE_MAX_TEXT_CHARS:
            continue
        box = (max(0.0, x0), max(0.0, top), min(po.width, x1), min(po.height, bottom))
        if not any(_inside(box, f) for f in found):
            found.append(box)
    return found


def _inside(a, b) -> bool:
    return a[0] >= b[0] - 1 and a[1] >= b[1] - 1 and a[2] <= b[2] + 1 and a[3] <= b[3] + 1


def _shift(objs, dx: float, dy: float) -> None:
    for g in objs.glyphs:
        g.x0 += dx
        g.x1 += dx
        g.top += dy
        g.bottom += dy
    for sg in objs.segments:
        sg.x0 += dx
        sg.x1 += dx
        sg.top += dy
        sg.bottom += dy


def ocr_picture_regions(path: Path, contents: list, skip: set, run: "OcrRun", pictures: dict,
                        dpi: Optional[float] = None) -> list[int]:
    """Pictures inside pages that keep their text layer (a statistics table pasted as an image; ``pictures``:
    page → `picture_boxes`) are read by OCR; their tables and lines join the page's items in reading order.
    The PDF is opened again only when some page has such a picture.  Returns the pages touched."""
    if not any(pictures.get(c.number) for c in contents if c.number not in skip):
        return []
    import pypdfium2 as pdfium

    from ..pdf.objects import PageObjects
    from .page import OCR_DPI, ocr_image, render_pdf_page

    dpi = dpi or OCR_DPI

    touched = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for content in contents:
            n = content.number
            if n in skip or n > len(pdf):
                continue
            regions = pictures.get(n)
            if not regions:
                continue
            page = pdf[n - 1]
            try:
                if page.get_rotation() % 360:
                    continue  # the render would be turned against the reader's coordinates
                gray = render_pdf_page(page, dpi)
            finally:
                page.close()
            k = dpi / 72.0
            for x0, top, x1, bottom in regions:
                m = PICTURE_MARGIN_PT
                px = (max(0, int((x0 - m) * k)), max(0, int((top - m) * k)),
                      min(gray.shape[1], int((x1 + m) * k) + 1), min(gray.shape[0], int((bottom + m) * k) + 1))
                crop = gray[px[1]:px[3], px[0]:px[2]]
                objs, stats = ocr_image(crop, dpi, n)
                if not objs.glyphs:
                    continue
                _shift(objs, px[0] / k, px[1] / k)
                whole = PageObjects(number=n, width=content.right or objs.width, height=content.height,
                                    glyphs=objs.glyphs, segments=objs.segments, source="ocr")
                part, _flag = layout_page(whole)
                score_cells(whole, part)
                content.items.extend(part.items)
                content.items.sort(key=lambda it: it[0])
                record_page(run, n, stats, part)
                run.regions.setdefault(n, []).append((x0, top, x1, bottom))
                texts = run.region_texts.setdefault(n, set())
                for _top, kind, payload in part.items:  # the paragraphs the pictures hold, as their text
                    if kind == "para" and compact("".join(l.text for l in payload)):
                        texts.add(compact("".join(l.text for l in payload)))
            if n in run.regions:
                touched.append(n)
            del gray
    finally:
        pdf.close()
    run.pages = sorted(set(run.pages))
    return touched


def apply_ocr(path: Path, contents: list, empty_pages: list[int], cid_pages: list[int], mode: str, doc,
              pictures: Optional[dict] = None):
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
    try:
        read, run = ocr_pdf_pages(path, wanted) if wanted else ({}, OcrRun())
    except Exception as e:  # OCR unavailable or crashed: the text layer's result stands, with the reason
        doc.warnings.append(f"OCR failed ({type(e).__name__}: {str(e)[:80]})")
        return None
    if mode != "force":
        try:
            ocr_picture_regions(path, contents, set(wanted), run, pictures or {})
        except Exception as e:  # the pages' text layer stands
            doc.warnings.append(f"OCR of pictures failed ({type(e).__name__}: {str(e)[:80]})")
    if not run.pages:
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
