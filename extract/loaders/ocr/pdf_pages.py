"""OCR for the PDF loader: which pages need it, reading them, and marking what came from OCR."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ...model import Paragraph, Table
from ...normalize import compact
from ..pdf.layout import layout_page
from .page import OCR_DPI, ocr_image, render_pdf_page

MIN_TEXT_FOR_SCRIPT_TEST = 20  # characters: shorter text layers say too little about their script
MIN_CJK_SHARE = 0.1            # a Chinese report's text layer that is mostly not CJK is garbled
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class OcrRun:
    pages: list[int] = field(default_factory=list)
    seconds: float = 0.0
    scores: dict[int, dict[str, float]] = field(default_factory=dict)  # page → compact box text → score


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
            content, _flag = layout_page(objs)  # the same layout as a text layer's page
            out[n] = content
            record_page(run, n, stats)
    finally:
        pdf.close()
    return out, run


def record_page(run: OcrRun, n: int, stats) -> None:
    """Keep a page's recognizer scores by text: cells and paragraphs are matched to them after assembly."""
    run.pages.append(n)
    run.seconds += stats.seconds
    page = run.scores.setdefault(n, {})
    for text, score in stats.texts:
        key = compact(text)
        if key:
            page[key] = min(score, page.get(key, 1.0))


def mark_provenance(blocks: list, run: OcrRun) -> None:
    """Blocks from OCR'd pages say so, with the recognizer's lowest score over their text: the
    score of each recognized box whose text the cell or paragraph holds (1.0 when none matches)."""
    pages = set(run.pages)
    for b in blocks:
        if isinstance(b, Table):
            for c in b.cells:
                if c.page in pages:
                    c.ocr = True
                    c.confidence = _lookup(run.scores.get(c.page, {}), compact(c.text))
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
