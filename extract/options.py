"""Per-run extraction options: one small picklable value carried from the command line to every worker."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    pdf_engine: str = "pdfium"  # which reader gives a PDF page's characters and ruling lines: pdfium | plumber
    ocr: str = "auto"            # auto | off | force: when page images are read by OCR


DEFAULT = Options()
