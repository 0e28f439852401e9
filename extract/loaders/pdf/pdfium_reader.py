"""Page reader on pypdfium2 (``--pdf-engine pdfium``, the default): the content stream is parsed once, in C.

Characters come from pdfium's text page with a box like pdfminer's (from the baseline's descent up one
font size: the layout's tolerances are in font sizes), their effective font size and font name; pdfium's generated characters (the spaces and line breaks it inserts) are
skipped: the layout makes its own from geometry.  Ruling lines come from the page's path objects
(descending into form XObjects), through the same rule as the pdfplumber reader
(``geometry.path_rulings``).  Everything is turned from PDF user space into the page's reading
orientation (``/Rotate`` undone), origin top-left, y downwards.
"""
from __future__ import annotations

import ctypes
import math
import unicodedata
from pathlib import Path
from typing import Callable, Iterator, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as R

from .. import LoadError
from .geometry import path_rulings
from .objects import Glyph, PageObjects, Segment

FONT_NAME_BUFFER = 128  # bytes: font names longer than this are cut (only used to tell fonts apart)
LOOSE_BOX_SLACK = 2.0  # a loose char box wider or taller than this many font sizes is wrong
MAX_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for rules
_UNDECODABLE = "\ufffd"
_MAYBE_GENERATED = frozenset((0x20, 0x0A, 0x0D, 0x02))

Transform = Callable[[float, float], tuple[float, float]]


class PdfiumReader:
    def __init__(self, path: Path):
        try:
            self._pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as e:
            err = getattr(e, "err_code", None)
            if err == R.FPDF_ERR_PASSWORD or "password" in str(e).lower():
                raise LoadError("encrypted PDF: password required") from e
            if err == R.FPDF_ERR_SECURITY:
                raise LoadError("encrypted PDF: unsupported security handler") from e
            raise LoadError(f"corrupt PDF: {str(e)[:100]}") from e
        except Exception as e:
            raise LoadError(f"corrupt PDF: {type(e).__name__}") from e

    def __len__(self) -> int:
        return len(self._pdf)

    def pages(self) -> Iterator[tuple[int, "PageObjects | Exception"]]:
        """(number, PageObjects) per page; an exception instead when that page cannot be read."""
        for i in range(len(self._pdf)):
            try:
                page = self._pdf[i]
            except Exception as e:
                yield i + 1, e
                continue
            try:
                yield i + 1, read_page(page, i + 1)
            except Exception as e:  # one bad page must not lose the others
                yield i + 1, e
            finally:
                page.close()

    def close(self) -> None:
        self._pdf.close()


def page_transform(mediabox: tuple, rotation: int) -> tuple[Transform, float, float]:
    """User space → reading orientation (top-left origin, y down) for a page shown with ``/Rotate``.

    Returns the point transform and the page's width and height as read."""
    mx0, my0, mx1, my1 = mediabox
    w, h = mx1 - mx0, my1 - my0
    if rotation == 90:
        return (lambda x, y: (y - my0, x - mx0)), h, w
    if rotation == 180:
        return (lambda x, y: (mx1 - x, y - my0)), w, h
    if rotation == 270:
        return (lambda x, y: (my1 - y, mx1 - x)), h, w
    return (lambda x, y: (x - mx0, my1 - y)), w, h


def _box(tf: Transform, l: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
    x0, y0 = tf(l, b)
    x1, y1 = tf(r, t)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def read_page(page, number: int) -> PageObjects:
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
    finally:
        textpage.close()
    # read the page the way its text stands upright: the direction most characters run in user space
    # (that of /Rotate for a landscape page drawn turned; 0 for a page someone turned in a viewer)
    rotation = dominant_direction([c[-1] for c in chars]) if chars else page.get_rotation() % 360
    tf, width, height = page_transform(page.get_mediabox(), rotation)
    if rotation == 0:  # the common case, without a call per corner
        mx0, my1 = page.get_mediabox()[0], page.get_mediabox()[3]
        glyphs = [Glyph(text, l - mx0, my1 - t, r - mx0, my1 - b, size, font)
                  for text, size, font, (l, b, r, t), d in chars if d == 0]
    else:
        glyphs = [Glyph(text, *_box(tf, *ubox), size=size, font=font)
                  for text, size, font, ubox, d in chars if d == rotation]
    images: list = []
    segments = [Segment(*box) for box in _page_rulings(page, tf, images)]
    return PageObjects(number=number, width=width, height=height, glyphs=glyphs, segments=segments,
                       rotation=rotation, images=images)


def direction(a: float, b: float) -> int:
    """The direction a character's baseline runs, counter-clockwise in y-up space, to the nearest 90°."""
    return int(round(math.degrees(math.atan2(b, a)) / 90.0)) % 4 * 90


def dominant_direction(directions: list[int]) -> int:
    counts = {d: directions.count(d) for d in (0, 90, 180, 270)}
    return max(counts, key=lambda d: (counts[d], d == 0))


def _chars(textpage) -> list[tuple]:
    """(text, size, font, (left, bottom, right, top) in user space, direction) per drawn character.

    The box spans the glyph's advance and, for upright text, one font size up from the baseline's
    descent (as pdfminer's), so that the layout's tolerances in font sizes hold for either reader."""
    tp = textpage.raw
    n = R.FPDFText_CountChars(tp)
    rect = R.FS_RECTF()
    buf = ctypes.create_string_buffer(FONT_NAME_BUFFER)
    flags = ctypes.c_int()
    get_unicode, is_generated = R.FPDFText_GetUnicode, R.FPDFText_IsGenerated
    loose_box, font_size, font_info = R.FPDFText_GetLooseCharBox, R.FPDFText_GetFontSize, R.FPDFText_GetFontInfo
    map_error, get_matrix = R.FPDFText_HasUnicodeMapError, R.FPDFText_GetMatrix
    get_origin, ink_box = R.FPDFText_GetCharOrigin, R.FPDFText_GetCharBox
    mat = R.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    l, r, b, t = (ctypes.c_double() for _ in range(4))
    descent = 0.0  # baseline to box bottom, in font sizes, of the last glyph with a good loose box
    fonts: dict[bytes, str] = {}
    out: list[tuple] = []
    whole = textpage.get_text_range()  # one call; one character per index unless beyond the BMP
    units = whole if len(whole) == n else None
    pending_high = 0
    for i in range(n):
        if units is not None:
            u = ord(units[i])
        else:
            u = get_unicode(tp, i)
            if 0xD800 <= u <= 0xDBFF:  # a character beyond the BMP comes as two UTF-16 units
                pending_high = u
                continue
            if 0xDC00 <= u <= 0xDFFF and pending_high:
                u = 0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00)
            pending_high = 0
        if u in (0, 0xFFFE, 0xFFFF) or u in (0x0A, 0x0D):
            continue
        if u in _MAYBE_GENERATED and is_generated(tp, i) == 1:
            continue  # a space or line break pdfium inserted: the layout makes its own
        text = _UNDECODABLE if map_error(tp, i) == 1 else chr(u)
        if not loose_box(tp, i, rect):
            continue
        get_matrix(tp, i, mat)
        size = font_size(tp, i) * math.hypot(mat.c, mat.d)  # the text-space size times the char's scale
        d = 0 if mat.b == 0 and mat.a > 0 else direction(mat.a, mat.b)
        k = font_info(tp, i, buf, FONT_NAME_BUFFER, ctypes.byref(flags))
        raw = buf.raw[:max(0, min(k, FONT_NAME_BUFFER) - 1)]
        font = fonts.get(raw)
        if font is None:
            font = fonts[raw] = raw.decode("utf-8", "replace")
        if d != 0 or size <= 0:  # text drawn turned: the loose box as it is
            out.append((text, size, font, (rect.left, rect.bottom, rect.right, rect.top), d))
            continue
        left, bottom_u, right = rect.left, rect.bottom, rect.right
        get_origin(tp, i, origin_x, origin_y)
        ink_box(tp, i, l, r, b, t)
        if (right - left > LOOSE_BOX_SLACK * size or rect.top - bottom_u > LOOSE_BOX_SLACK * size
                or (abs(left - l.value) < 1e-3 and abs(rect.top - t.value) < 1e-3
                    and abs(right - r.value) < 1e-3 and abs(bottom_u - b.value) < 1e-3)):
            # pdfium gives some loose boxes in unscaled text space, and for characters it re-mapped
            # (radicals) only the ink box: rebuild from the origin, the ink and the last good descent
            left = origin_x.value
            wide = unicodedata.east_asian_width(text[0]) in "WF"
            right = max(r.value, left + size) if wide else max(r.value, left)
            bottom_u = origin_y.value + descent * size
        else:
            descent = (bottom_u - origin_y.value) / size
        out.append((text, size, font, (left, bottom_u, right, bottom_u + size), 0))
    return out


def _page_rulings(page, tf: Transform, images: Optional[list] = None) -> list[tuple]:
    """The page's ruling lines; the boxes of its top-level pictures go to ``images`` (for OCR of pasted tables)."""
    out: list[tuple] = []
    raw = page.raw
    n = R.FPDFPage_CountObjects(raw)
    for i in range(n):
        obj = R.FPDFPage_GetObject(raw, i)
        if images is not None and R.FPDFPageObj_GetType(obj) == R.FPDF_PAGEOBJ_IMAGE:
            l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
            if R.FPDFPageObj_GetBounds(obj, l, b, r, t):
                images.append(_box(tf, l.value, b.value, r.value, t.value))
            continue
        _object_rulings(obj, (1, 0, 0, 1, 0, 0), tf, out, 0)
    return out


def _compose(m: tuple, parent: tuple) -> tuple:
    """Matrix ``m`` applied first, then ``parent`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = parent
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> tuple:
    m = R.FS_MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _object_rulings(obj, parent: tuple, tf: Transform, out: list, depth: int) -> None:
    kind = R.FPDFPageObj_GetType(obj)
    if kind == R.FPDF_PAGEOBJ_FORM:
        if depth >= MAX_FORM_DEPTH:
            return
        m = _compose(_matrix(obj), parent)
        for j in range(R.FPDFFormObj_CountObjects(obj)):
            _object_rulings(R.FPDFFormObj_GetObject(obj, j), m, tf, out, depth + 1)
        return
    if kind != R.FPDF_PAGEOBJ_PATH:
        return
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not R.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return
    fill = fill_mode.value != R.FPDF_FILLMODE_NONE
    if not fill and not stroke.value:
        return  # a clipping path or an invisible shape
    # path points are in the object's space: its matrix, then the enclosing forms', then the page's
    # (for a path in a form, GetMatrix gives the path's own matrix inside that form)
    a, b, c, d, e, f = _compose(_matrix(obj), parent)
    subpaths: list[list[tuple]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    start = None
    for s in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, s)
        if not R.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = x.value, y.value
        t = R.FPDFPathSegment_GetType(seg)
        pt = tf(px * a + py * c + e, px * b + py * d + f) + (t != R.FPDF_SEGMENT_BEZIERTO,)
        if t == R.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([pt])
            start = pt
        else:
            subpaths[-1].append(pt)
        if R.FPDFPathSegment_GetClose(seg) and start is not None:
            subpaths[-1].append(start[:2] + (True,))
    out.extend(path_rulings(subpaths, stroke=bool(stroke.value), fill=fill))
