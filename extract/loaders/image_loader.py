"""Page images (.jpg, .jpeg, .png, .tif, .tiff) → Document, read by OCR.

Grouping rule: image files in one folder named ``STEM`` + a page number of 1–3 digits — ``STEM_1.jpg``,
``STEM-2.png``, ``STEM_p3.tif``, ``STEM (4).jpg``, ``STEM第5页.png``, ``006.jpg``, ``page7.png`` — are the
pages of one report ``STEM``, read in page-number order (a 4-digit number is a year, not a page); the report's row is on the file with the lowest number, the other
page files are ``skipped`` with the reason naming that file.  Any other image is a report of its own
(every frame of a multi-page TIFF is a page).  A folder of unrelated scans thus never becomes one
report, and a report split into page images never becomes many.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image, ImageOps

from ..model import Document
from . import LoadError

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
A4_WIDTH_INCH = 8.27         # without a usable dpi tag an image is taken to be an A4-wide page
MIN_DPI, MAX_DPI = 70, 1200  # a dpi tag outside this range is wrong
OCR_MAX_DPI = 300            # larger images are scaled down to this before OCR (more only costs time)
MAX_PIXELS = 120_000_000     # refuse decompression bombs
MAX_FRAMES = 200
_PAGE_NAME = re.compile(r"^(?P<stem>.*?)[ _\-]*(?:page|p|第)?[(（]?(?<!\d)(?P<n>\d{1,3})[)）页]?$", re.IGNORECASE)


def page_key(path: Path) -> Optional[tuple[str, int]]:
    """(report stem, page number) when the file name ends in a page number, else None."""
    m = _PAGE_NAME.match(path.stem)
    if not m:
        return None
    return m.group("stem").strip(), int(m.group("n"))


def report_pages(path: Path) -> tuple[list[Path], Optional[Path]]:
    """The page files of the report ``path`` belongs to, in order, and the file that carries the
    report (the lowest page number); a lone image is a report by itself."""
    key = page_key(path)
    if key is None:
        return [path], path
    siblings = []
    for p in path.parent.iterdir():
        if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS:
            k = page_key(p)
            if k is not None and k[0] == key[0]:
                siblings.append((k[1], p.name, p))
    siblings.sort()
    pages = [p for _, _, p in siblings]
    if len(pages) < 2:
        return [path], path
    return pages, pages[0]


def _frames(path: Path):
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(path)
    except Exception as e:
        raise LoadError(f"corrupt image: {type(e).__name__}") from e
    with img:
        n = getattr(img, "n_frames", 1)
        for i in range(min(n, MAX_FRAMES)):
            img.seek(i)
            frame = ImageOps.exif_transpose(img) if i == 0 else img
            dpi = img.info.get("dpi", (0, 0))[0] or 0
            yield frame.convert("L"), float(dpi)


def image_dpi(width_px: int, tagged: float) -> float:
    if MIN_DPI <= tagged <= MAX_DPI:
        return tagged
    return max(MIN_DPI, width_px / A4_WIDTH_INCH)


def load_images(path: Path) -> Document:
    from .ocr.page import ocr_image
    from .ocr.pdf_pages import FIND_BORDERLESS, OcrRun, mark_provenance, record_page, score_cells
    from .pdf.layout import layout_page
    from .pdf.loader import _assemble

    pages, _carrier = report_pages(path)  # load() has skipped the later page files already
    doc = Document(path=str(path), format="image")
    run = OcrRun()
    contents = []
    number = 0
    state: dict = {}  # borderless tables continued across page images
    for p in pages:
        for gray, tagged in _frames(p):
            number += 1
            dpi = image_dpi(gray.width, tagged)
            if dpi > OCR_MAX_DPI:
                scale = OCR_MAX_DPI / dpi
                gray = gray.resize((max(1, int(gray.width * scale)), max(1, int(gray.height * scale))),
                                   Image.LANCZOS)
                dpi = OCR_MAX_DPI
            objs, stats = ocr_image(np.asarray(gray), dpi, number)
            content, _flag = layout_page(objs, state if FIND_BORDERLESS else None)
            score_cells(objs, content)
            record_page(run, number, stats, content)
            contents.append(content)
    doc.pages = number
    empty = [c.number for c in contents if not c.items]
    if empty and len(empty) < number:
        doc.warnings.append(f"no text found by OCR on page(s) {','.join(map(str, empty))}")
    doc.blocks = _assemble(contents)
    mark_provenance(doc.blocks, run)
    doc.ocr_pages = list(run.pages)
    if not doc.blocks:
        doc.warnings.append("no text found by OCR in the image(s)")
    return doc
