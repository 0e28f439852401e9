"""OCR for the PDF loader: which pages need it, reading them, and marking what came from OCR."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ...model import Paragraph, Table
from .layout import layout_page
from .page import OCR_DPI, ocr_image, render_pdf_page

MIN_TEXT_FOR_SCRIPT_TEST = 20  # characters: shorter text layers say too little about their script
MIN_CJK_SHARE = 0.1            # a Chinese report's text layer that is mostly not CJK is garbled
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class OcrRun:
    pages: list[int] = field(default_factory=list)
    seconds: float = 0.0
    line_conf: dict[int, dict[str, float]] = field(default_factory=dict)
    cell_conf: dict[int, dict[str, float]] = field(default_factory=dict)


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
    """A text layer that is there but mostly not Chinese: a broken font mapping, not a foreign page."""
    text = content_text(content)
    return len(text.strip()) >= MIN_TEXT_FOR_SCRIPT_TEST and cjk_share(text) < MIN_CJK_SHARE


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
            content, line_conf = layout_page(objs)
            out[n] = content
            record_page(run, n, content, line_conf, stats.seconds)
    finally:
        pdf.close()
    return out, run


def record_page(run: OcrRun, n: int, content, line_conf: dict[str, float], seconds: float) -> None:
    """Keep a page's scores by text, before assembly rebuilds its cells and paragraphs."""
    run.pages.append(n)
    run.seconds += seconds
    run.line_conf[n] = line_conf
    run.cell_conf[n] = {}
    for _top, kind, payload in content.items:
        if kind == "table":
            for c in payload.table.cells:
                run.cell_conf[n][c.text] = min(run.cell_conf[n].get(c.text, 1.0), c.confidence)


def mark_provenance(blocks: list, run: OcrRun) -> None:
    """Blocks from OCR'd pages say so, with the recognizer's lowest score over their text.

    Assembly across pages may rebuild cells and join paragraphs, so scores are looked up by page
    and text (a joined text takes the lowest score of the parts it contains)."""
    pages = set(run.pages)
    for b in blocks:
        if isinstance(b, Table):
            for c in b.cells:
                if c.page in pages:
                    c.ocr = True
                    c.confidence = _lookup(run.cell_conf.get(c.page, {}), c.text)
        elif isinstance(b, Paragraph) and b.page in pages:
            b.ocr = True
            # a paragraph continued from an OCR'd page onto the next keeps its first page
            conf = run.line_conf.get(b.page, {})
            scores = [s for t, s in conf.items() if t and t in b.raw]
            b.confidence = min(scores, default=1.0)


def _lookup(conf: dict[str, float], text: str) -> float:
    if text in conf:
        return conf[text]
    parts = [s for t, s in conf.items() if t and t in text]
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
