"""OCR of page images: scanned PDF pages and image files become `PageObjects` (source="ocr").

engine.py wraps the recognizer (rapidocr, models shipped in its wheel: no download), image.py holds the
pure image steps (deskew, ruling lines by morphology), page.py turns one page image into glyphs and
segments in PDF points, layout.py turns `PageObjects` into the loader's page content.
"""
from .engine import OcrUnavailable, recognize
from .page import ocr_image, render_pdf_page

__all__ = ["OcrUnavailable", "recognize", "ocr_image", "render_pdf_page"]
