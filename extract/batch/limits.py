"""How much time and memory one file may take.

The time limit grows with the work a file really has (pages, pages that need OCR); a stuck small file is
stopped within a minute, a long scanned report is not.  With the pdfium reader the limit comes in two
steps, so that no page is parsed twice: the page count (opening the PDF, no page read) gives the
text-layer budget before the file is read, and the reader, once it has read every page, reports the pages
with no text layer, which add their OCR time before OCR starts (`report_image_pages`).  The plumber
reader gets the whole budget up front from a probe of every page (pdfium, ~2 ms a page).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

BASE_SECONDS = 60           # any file: loading, narrative, tables
SECONDS_PER_PAGE = 3        # PDF text layer + layout, generous for a slow laptop
SECONDS_PER_OCR_PAGE = 60   # a scanned page read by OCR on one core (6-7 CPU s; room for a busy machine)
MAX_AUTO_SECONDS = 4 * 3600
IMAGE_PAGE_CHARS = 20       # a page with fewer text-layer characters is a scan (OCR candidate)
DEFAULT_MEMORY_MB = 3072    # address space a worker may grow by beyond what it had when it started
RECYCLE_AFTER = 200         # files per worker before it is replaced, so leaks cannot accumulate


@dataclass(frozen=True)
class PdfProbe:
    pages: int
    image_pages: int
    max_page_chars: int
    max_page_index: int  # 1-based page that holds max_page_chars


@lru_cache(maxsize=4)
def _probe_cached(path: str, size: int, mtime: int) -> Optional[PdfProbe]:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover
        return None
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # encrypted, truncated, not a PDF: the loader says why
        return None
    try:
        n = len(pdf)
        image_pages = 0
        most, where = 0, 0
        from ..loaders import MAX_PDF_PAGES
        if n > MAX_PDF_PAGES:  # refused anyway: do not walk the pages
            return PdfProbe(n, 0, 0, 0)
        for i in range(n):
            page = pdf[i]
            try:
                tp = page.get_textpage()
                chars = tp.count_chars()
                tp.close()
            finally:
                page.close()
            if chars < IMAGE_PAGE_CHARS:
                image_pages += 1
            if chars > most:
                most, where = chars, i + 1
        return PdfProbe(n, image_pages, most, where)
    except Exception:
        return None
    finally:
        pdf.close()


def probe_pdf(path: Path) -> Optional[PdfProbe]:
    """Pages, scanned pages and the densest page of a PDF, or None when pdfium cannot open it."""
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            if b"%PDF-" not in fh.read(1024):
                return None
    except OSError:
        return None
    return _probe_cached(str(path), st.st_size, st.st_mtime_ns)


def pdf_page_count(path: Path) -> Optional[int]:
    """Pages of a PDF from its page tree alone (no page parsed), or None when pdfium cannot open it."""
    try:
        with open(path, "rb") as fh:
            if b"%PDF-" not in fh.read(1024):
                return None
        import pypdfium2 as pdfium
    except (OSError, ImportError):
        return None
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:
        return None
    try:
        return len(pdf)
    except Exception:
        return None
    finally:
        pdf.close()


def _seconds(pages: int, ocr_pages: int) -> float:
    return float(min(MAX_AUTO_SECONDS, BASE_SECONDS + SECONDS_PER_PAGE * pages + SECONDS_PER_OCR_PAGE * ocr_pages))


def time_budget(path: Path, ocr: str = "off", fixed: Optional[float] = None) -> float:
    """Seconds this file may take: ``fixed`` when the user gave one, else from its pages (every page probed)."""
    if fixed:
        return float(fixed)
    probe = probe_pdf(path)
    if probe is None:
        return float(BASE_SECONDS)
    ocr_pages = 0 if ocr == "off" else (probe.pages if ocr == "force" else probe.image_pages)
    return _seconds(probe.pages, ocr_pages)


def start_budget(path: Path, ocr: str = "off", fixed: Optional[float] = None,
                 engine: str = "pdfium") -> tuple[float, Optional[Callable[[int], float]]]:
    """The time limit to start a file with, and (pdfium, ``--ocr auto``) how it grows once the reader has
    counted the pages without a text layer: the same total as `time_budget`, without a probe of every page."""
    if fixed or engine != "pdfium":
        return time_budget(path, ocr, fixed), None
    pages = pdf_page_count(path)
    if pages is None:
        return float(BASE_SECONDS), None
    if ocr != "auto":
        return _seconds(pages, pages if ocr == "force" else 0), None
    return _seconds(pages, 0), lambda image_pages: _seconds(pages, image_pages)


_image_pages_hook: Optional[Callable[[int], None]] = None


_reported = {"image": 0, "repaired": 0}


def on_image_pages(hook: Optional[Callable[[int], None]]) -> None:
    """Set (or clear, with None) what `report_image_pages` calls: the worker's budget extension."""
    global _image_pages_hook
    _image_pages_hook = hook
    _reported.update(image=0, repaired=0)


def _report() -> None:
    if _image_pages_hook is not None:
        _image_pages_hook(_reported["image"] + _reported["repaired"])


def report_image_pages(n: int) -> None:
    """Called by the pdfium reader once every page is read: ``n`` pages have almost no text layer."""
    _reported["image"] = n
    _report()


def report_repaired_page() -> None:
    """Called before a page's mis-mapped glyphs are read again (`ocr.font_repair`): it is given an OCR
    page's time, since it may still go to OCR whole when the repair leaves it garbled."""
    _reported["repaired"] += 1
    _report()


def address_space_now() -> int:
    """Virtual memory size of this process in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def limit_memory(growth_mb: int) -> Optional[int]:
    """Cap this process's address space at its current size + ``growth_mb``; returns the cap in bytes."""
    if not growth_mb:
        return None
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return None
    cap = address_space_now() + growth_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return cap
