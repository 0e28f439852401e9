"""Page reader on pdfplumber/pdfminer (``--pdf-engine plumber``): the reference reader, slower.

Characters become `Glyph`s; the edges pdfplumber derives from lines, rectangles and curves become
zero-thickness `Segment`s, so the layout sees what ``page.find_tables`` would have seen.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from .. import LoadError
from .objects import Glyph, PageObjects, Segment


class PlumberReader:
    def __init__(self, path: Path):
        try:
            self._pdf = pdfplumber.open(str(path))
        except (PDFPasswordIncorrect, PDFEncryptionError) as e:
            raise LoadError("encrypted PDF: password required") from e
        except PDFSyntaxError as e:
            raise LoadError(f"corrupt PDF: {str(e)[:100]}") from e
        except Exception as e:
            # pdfplumber wraps pdfminer's errors: look through the wrapper and its arguments
            causes = [e, e.__cause__, e.__context__] + [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)]
            names = " ".join(type(c).__name__ for c in causes if c is not None)
            if "Password" in names or "Encrypt" in names:
                raise LoadError("encrypted PDF: password required") from e
            detail = next((type(c).__name__ for c in causes[1:] if c is not None), type(e).__name__)
            raise LoadError(f"corrupt PDF: {detail}") from e
        try:
            self._pages = self._pdf.pages
        except Exception as e:
            self._pdf.close()
            raise LoadError(f"corrupt PDF: {type(e).__name__}") from e

    def __len__(self) -> int:
        return len(self._pages)

    def pages(self) -> Iterator[tuple[int, "PageObjects | Exception"]]:
        """(number, PageObjects) per page; an exception instead when that page cannot be read."""
        for i, page in enumerate(self._pages, start=1):
            try:
                yield i, read_page(page, i)
            except Exception as e:  # one bad page must not lose the others
                yield i, e
            finally:
                if hasattr(page, "flush_cache"):
                    page.flush_cache()  # keep memory flat on long reports

    def close(self) -> None:
        self._pdf.close()


def read_page(page, number: int) -> PageObjects:
    glyphs = [Glyph(text=c["text"], x0=float(c["x0"]), top=float(c["top"]), x1=float(c["x1"]),
                    bottom=float(c["bottom"]), size=float(c.get("size") or 0.0), font=c.get("fontname") or "")
              for c in page.chars if c.get("upright", True)]
    segments = [Segment(x0=float(e["x0"]), top=float(e["top"]), x1=float(e["x1"]), bottom=float(e["bottom"]))
                for e in page.edges if e.get("orientation") in ("h", "v")]
    return PageObjects(number=number, width=float(page.width), height=float(page.height),
                       glyphs=glyphs, segments=segments, rotation=int(page.rotation or 0) % 360)
