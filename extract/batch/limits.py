"""How much time and memory one file may take.

The time limit grows with the work a file really has (pages, pages that need OCR), measured by a cheap
probe of the PDF (pdfium, ~2 ms a page) in the worker before the file is read; a stuck small file is
stopped within a minute, a long scanned report is not.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

BASE_SECONDS = 60           # any file: loading, narrative, tables
SECONDS_PER_PAGE = 3        # PDF text layer + layout, generous for a slow laptop
SECONDS_PER_OCR_PAGE = 30   # a scanned page read by OCR on one core
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


def time_budget(path: Path, ocr: str = "off", fixed: Optional[float] = None) -> float:
    """Seconds this file may take: ``fixed`` when the user gave one, else from its pages."""
    if fixed:
        return float(fixed)
    probe = probe_pdf(path)
    if probe is None:
        return float(BASE_SECONDS)
    ocr_pages = 0 if ocr == "off" else (probe.pages if ocr == "force" else probe.image_pages)
    return float(min(MAX_AUTO_SECONDS, BASE_SECONDS + SECONDS_PER_PAGE * probe.pages
                     + SECONDS_PER_OCR_PAGE * ocr_pages))


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
