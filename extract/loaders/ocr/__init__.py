"""OCR of page images: scanned PDF pages and image files become `PageObjects` (source="ocr").

engine.py wraps the recognizer (rapidocr, models shipped in its wheel: no download), image.py holds the
pure image steps (deskew, ruling lines by morphology), page.py turns one page image into glyphs and
segments in PDF points, layout.py turns `PageObjects` into the loader's page content.
"""
__all__ = ["OcrUnavailable", "recognize", "ocr_image", "render_pdf_page"]

_WHERE = {"OcrUnavailable": "engine", "recognize": "engine", "ocr_image": "page", "render_pdf_page": "page"}


def __getattr__(name: str):
    """The package's names imported on first use: a text-layer PDF imports font_repair and pdf_pages from here
    and must not pay for OpenCV (page.py, image.py) or the recognizer."""
    if name in _WHERE:
        from importlib import import_module
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
