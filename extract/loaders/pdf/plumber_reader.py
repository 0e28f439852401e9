"""Page reader on pdfplumber/pdfminer (``--pdf-engine plumber``): the reference reader, slower.

Characters become `Glyph`s; lines, rectangles and curves become ruling `Segment`s by the same rule as
the pdfium reader (``geometry.path_rulings``), so both engines hand the layout the same rules.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from .. import LoadError
from .geometry import path_rulings
from .objects import Glyph, PageObjects, Segment
from .pdfium_reader import dominant_direction, direction, page_transform


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
    chars = page.chars
    width, height = float(page.width), float(page.height)
    # pdfminer has applied /Rotate; turn further if the text still does not stand upright (a page
    # turned in a viewer, a table drawn sideways): the direction most characters run
    dirs = [direction(*c["matrix"][:2]) if c.get("matrix") else 0 for c in chars]
    turn = dominant_direction(dirs) if chars else 0
    tf, w, h = page_transform((0.0, 0.0, width, height), turn)

    def box(x0, top, x1, bottom):
        a, b = tf(float(x0), height - float(top))
        c, d = tf(float(x1), height - float(bottom))
        return min(a, c), min(b, d), max(a, c), max(b, d)

    glyphs = [Glyph(c["text"], *box(c["x0"], c["top"], c["x1"], c["bottom"]), size=float(c.get("size") or 0.0),
                    font=c.get("fontname") or "")
              for c, d in zip(chars, dirs) if d == turn]
    segments = []
    for obj in page.rects + page.lines + page.curves:
        for x0, top, x1, bottom in _rulings(obj):
            segments.append(Segment(*box(x0, top, x1, bottom)))
    return PageObjects(number=number, width=w, height=h, glyphs=glyphs, segments=segments,
                       rotation=(int(page.rotation or 0) + turn) % 360)


def _rulings(obj: dict) -> list[tuple]:
    if obj["object_type"] == "rect":
        x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
        outline = [(x0, top), (x1, top), (x1, bottom), (x0, bottom), (x0, top)]
    else:
        outline = [(float(x), float(y)) for x, y in obj.get("pts") or ()]
    stroke = bool(obj.get("stroke", obj["object_type"] == "line"))
    return path_rulings([outline], stroke=stroke, fill=bool(obj.get("fill")))
