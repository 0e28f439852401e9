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

from .. import MAX_PAGE_CHARS, LoadError
from .geometry import clip_rulings, path_rulings
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
        """(number, PageObjects) per page; an exception instead when that page cannot be read.

        Raises `LoadError` for a page too dense to lay out (the file is refused, naming its densest page),
        and once every page is read reports the pages without a text layer to the time limit
        (``batch.limits.report_image_pages``: they are what OCR will take time for)."""
        from ...batch.limits import IMAGE_PAGE_CHARS, report_image_pages

        image_pages = 0
        for i in range(len(self._pdf)):
            try:
                page = self._pdf[i]
            except Exception as e:
                yield i + 1, e
                continue
            dense = 0
            try:
                po, n_chars = _read_page(page, i + 1)
                image_pages += n_chars < IMAGE_PAGE_CHARS
            except _DensePage as e:
                dense = e.chars
            except Exception as e:  # one bad page must not lose the others
                po = e
            finally:
                page.close()
            if dense:
                raise LoadError(self._refusal(i, dense))
            yield i + 1, po
        report_image_pages(image_pages)

    def _refusal(self, first: int, chars: int) -> str:
        """The message of the page probe: the densest page, the first of them on a tie."""
        most, where = chars, first
        for j in range(first + 1, len(self._pdf)):
            try:
                n = _count_chars(self._pdf[j])
            except Exception:
                continue
            if n > most:
                most, where = n, j
        return f"refused: page {where + 1} has {most:,} characters (limit {MAX_PAGE_CHARS:,})"

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


class _DensePage(Exception):
    def __init__(self, chars: int):
        self.chars = chars


def _count_chars(page) -> int:
    try:
        tp = page.get_textpage()
        try:
            return tp.count_chars()
        finally:
            tp.close()
    finally:
        page.close()


def read_page(page, number: int) -> PageObjects:
    return _read_page(page, number)[0]


def _read_page(page, number: int) -> tuple[PageObjects, int]:
    """The page's objects and how many characters its text page holds (generated ones included)."""
    textpage = page.get_textpage()
    text_clips: dict[int, tuple] = {}  # text objects drawn partly outside their clip → the clip's box
    images: list = []  # top-level pictures, user space
    rulings = _page_rulings(page, text_clips, images)
    try:
        n_chars = R.FPDFText_CountChars(textpage.raw)
        if n_chars > MAX_PAGE_CHARS:
            raise _DensePage(n_chars)
        hidden: list = []
        partly: set = set()
        chars = _chars(textpage, text_clips, hidden, partly)
    finally:
        textpage.close()
    # read the page the way its text stands upright: the direction most characters run in user space
    # (that of /Rotate for a landscape page drawn turned; 0 for a page someone turned in a viewer)
    rotation = dominant_direction([c[-1] for c in chars]) if chars else page.get_rotation() % 360
    tf, width, height = page_transform(page.get_mediabox(), rotation)
    rulings = [_box(tf, *r) for r in rulings]
    hidden_glyphs = []
    if rotation == 0:  # the common case, without a call per corner
        mx0, my1 = page.get_mediabox()[0], page.get_mediabox()[3]
        glyphs = [Glyph(text, l - mx0, my1 - t, r - mx0, my1 - b, size, font)
                  for text, size, font, (l, b, r, t), d in chars if d == 0]
        if partly:  # `partly` counts every character; the glyphs only the upright ones
            upright = {k: n for n, k in enumerate(k for k, c in enumerate(chars) if c[-1] == 0)}
            for k in partly:
                glyphs[upright[k]].clipped = True
        hidden_glyphs = [Glyph(text, l - mx0, my1 - t, r - mx0, my1 - b, size, font, clipped=True)
                         for text, size, font, (l, b, r, t), d in hidden]
    else:
        glyphs = [Glyph(text, *_box(tf, *ubox), size=size, font=font)
                  for text, size, font, ubox, d in chars if d == rotation]
    segments = [Segment(*box) for box in rulings]
    return PageObjects(number=number, width=width, height=height, glyphs=glyphs, segments=segments,
                       rotation=rotation, images=[_box(tf, *b) for b in images], hidden=hidden_glyphs), n_chars


def direction(a: float, b: float) -> int:
    """The direction a character's baseline runs, counter-clockwise in y-up space, to the nearest 90°."""
    return int(round(math.degrees(math.atan2(b, a)) / 90.0)) % 4 * 90


def dominant_direction(directions: list[int]) -> int:
    counts = {d: directions.count(d) for d in (0, 90, 180, 270)}
    return max(counts, key=lambda d: (counts[d], d == 0))


def _text_object_address():
    """``FPDFText_GetTextObject`` giving the object's address as an int (a dict key), or None where the
    bindings do not expose their library: then every character asks for its font."""
    try:
        from pypdfium2_raw import bindings
        fn = bindings._libs["pdfium"]["FPDFText_GetTextObject"]  # a new function object: pypdfium2's stays as is
        fn.argtypes = R.FPDFText_GetTextObject.argtypes
        fn.restype = ctypes.c_void_p
        return fn
    except Exception:  # pragma: no cover - other bindings
        return None


_TEXT_OBJECT = _text_object_address()


def _chars(textpage, text_clips: Optional[dict] = None, hidden: Optional[list] = None,
           partly: Optional[set] = None) -> list[tuple]:
    """(text, size, font, (left, bottom, right, top) in user space, direction) per drawn character.

    The box spans the glyph's advance and, for upright text, one font size up from the baseline's
    descent (as pdfminer's), so that the layout's tolerances in font sizes hold for either reader.
    A character of a text object in ``text_clips`` is kept only when its centre shows through the clip
    (a Qt converter paints a line of text cut by the page break on both pages, each half clipped).
    About 1,000 characters a page: the font size and name, which pdfium keeps per text object, are asked
    once per object, and a character's origin only when its box must be rebuilt from it.
    With ``hidden`` (a list) and ``partly`` (a set), upright characters whose centre the clip hides are put in
    ``hidden`` instead of being dropped, and the indexes of those only partly outside it go in ``partly``."""
    tp = textpage.raw
    partly = set() if partly is None else partly
    n = R.FPDFText_CountChars(tp)
    clips = _char_clips(tp, n, text_clips) if text_clips else None
    rect = R.FS_RECTF()
    buf = ctypes.create_string_buffer(FONT_NAME_BUFFER)
    flags = ctypes.c_int()
    get_unicode, is_generated = R.FPDFText_GetUnicode, R.FPDFText_IsGenerated
    loose_box, font_size, font_info = R.FPDFText_GetLooseCharBox, R.FPDFText_GetFontSize, R.FPDFText_GetFontInfo
    map_error, get_matrix = R.FPDFText_HasUnicodeMapError, R.FPDFText_GetMatrix
    get_origin, ink_box = R.FPDFText_GetCharOrigin, R.FPDFText_GetCharBox
    text_object = _TEXT_OBJECT
    hypot, east_asian_width = math.hypot, unicodedata.east_asian_width
    mat = R.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    l, r, b, t = (ctypes.c_double() for _ in range(4))
    good = None  # (index, box bottom, size) of the last glyph with a good loose box: its descent, when needed
    fonts: dict[bytes, str] = {}
    per_object: dict[int, tuple[float, str]] = {}  # text object → (text-space font size, font name)
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
        cut = 0  # 1: partly outside its clip, 2: its centre hidden by it
        if clips is not None and i in clips:
            cx0, cy0, cx1, cy1 = clips[i]
            if not (cx0 <= (rect.left + rect.right) / 2 <= cx1 and cy0 <= (rect.bottom + rect.top) / 2 <= cy1):
                if hidden is None:
                    continue  # hidden by its clip
                cut = 2
            elif rect.left < cx0 or rect.right > cx1 or rect.bottom < cy0 or rect.top > cy1:
                cut = 1
        get_matrix(tp, i, mat)  # per character: one text object drawn by a form used twice has two
        obj = text_object(tp, i) if text_object is not None else None
        known = per_object.get(obj) if obj else None
        if known is None:
            k = font_info(tp, i, buf, FONT_NAME_BUFFER, ctypes.byref(flags))
            raw = buf.raw[:max(0, min(k, FONT_NAME_BUFFER) - 1)]
            if not raw and obj:
                raw = _unnamed_font(obj)
            font = fonts.get(raw)
            if font is None:
                font = fonts[raw] = raw.decode("utf-8", "replace")
            known = (font_size(tp, i), font)
            if obj:
                per_object[obj] = known
        size = known[0] * hypot(mat.c, mat.d)  # the text-space size times the char's scale
        font = known[1]
        d = 0 if mat.b == 0 and mat.a > 0 else direction(mat.a, mat.b)
        if d != 0 or size <= 0:  # text drawn turned: the loose box as it is
            if cut != 2:
                out.append((text, size, font, (rect.left, rect.bottom, rect.right, rect.top), d))
            continue
        left, bottom_u, right, top_u = rect.left, rect.bottom, rect.right, rect.top
        ink_box(tp, i, l, r, b, t)
        if (right - left > LOOSE_BOX_SLACK * size or top_u - bottom_u > LOOSE_BOX_SLACK * size
                or (abs(left - l.value) < 1e-3 and abs(top_u - t.value) < 1e-3
                    and abs(right - r.value) < 1e-3 and abs(bottom_u - b.value) < 1e-3)):
            # pdfium gives some loose boxes in unscaled text space, and for characters it re-mapped
            # (radicals) only the ink box: rebuild from the origin, the ink and the last good descent
            descent = 0.0
            if good is not None:
                get_origin(tp, good[0], origin_x, origin_y)
                descent = (good[1] - origin_y.value) / good[2]
            get_origin(tp, i, origin_x, origin_y)
            left = origin_x.value
            wide = east_asian_width(text[0]) in "WF"
            right = max(r.value, left + size) if wide else max(r.value, left)
            bottom_u = origin_y.value + descent * size
        else:
            good = (i, bottom_u, size)
        if cut == 2:
            hidden.append((text, size, font, (left, bottom_u, right, bottom_u + size), 0))
            continue
        if cut == 1:
            partly.add(len(out))
        out.append((text, size, font, (left, bottom_u, right, bottom_u + size), 0))
    return out


def _unnamed_font(text_object: int) -> bytes:
    """A name for a font that has none (Type 3 fonts often have none): its object's address, so that glyphs
    of different fonts stay apart (``ocr.font_repair`` remembers what a mis-named glyph of a font reads)."""
    try:
        font = R.FPDFTextObj_GetFont(ctypes.cast(ctypes.c_void_p(text_object), R.FPDF_PAGEOBJECT))
        address = ctypes.cast(font, ctypes.c_void_p).value
    except Exception:  # pragma: no cover - other bindings
        return b""
    return f"font@{address:x}".encode() if address else b""


def _char_clips(tp, n: int, text_clips: dict) -> dict[int, tuple]:
    """Index → clip box (user space) of the characters whose text object is clipped."""
    out = {}
    get_object = R.FPDFText_GetTextObject
    for i in range(n):
        obj = get_object(tp, i)
        if obj:
            box = text_clips.get(ctypes.cast(obj, ctypes.c_void_p).value)
            if box is not None:
                out[i] = box
    return out


def _page_rulings(page, text_clips: dict, images: Optional[list] = None) -> list[tuple]:
    """Ruling boxes (x0, y0, x1, y1) in user space; the clip boxes of partly clipped text objects are
    collected into ``text_clips`` on the way, and the user-space boxes of the page's top-level pictures
    into ``images`` (for OCR of pasted tables)."""
    out: list[tuple] = []
    raw = page.raw
    n = R.FPDFPage_CountObjects(raw)
    for i in range(n):
        obj = R.FPDFPage_GetObject(raw, i)
        if images is not None and R.FPDFPageObj_GetType(obj) == R.FPDF_PAGEOBJ_IMAGE:
            l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
            if R.FPDFPageObj_GetBounds(obj, l, b, r, t):
                images.append((l.value, b.value, r.value, t.value))
            continue
        _object_rulings(obj, (1, 0, 0, 1, 0, 0), out, 0, text_clips)
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


def _object_rulings(obj, parent: tuple, out: list, depth: int, text_clips: dict) -> None:
    kind = R.FPDFPageObj_GetType(obj)
    if kind == R.FPDF_PAGEOBJ_TEXT:
        clip = _clip_box(obj, parent)
        if clip is not None:  # pdfium keeps an object's clip only when the object reaches out of it
            text_clips[ctypes.cast(obj, ctypes.c_void_p).value] = clip
        return
    if kind == R.FPDF_PAGEOBJ_FORM:
        if depth >= MAX_FORM_DEPTH:
            return
        m = _compose(_matrix(obj), parent)
        for j in range(R.FPDFFormObj_CountObjects(obj)):
            _object_rulings(R.FPDFFormObj_GetObject(obj, j), m, out, depth + 1, text_clips)
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
        pt = (px * a + py * c + e, px * b + py * d + f, t != R.FPDF_SEGMENT_BEZIERTO)
        if t == R.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([pt])
            start = pt
        else:
            subpaths[-1].append(pt)
        if R.FPDFPathSegment_GetClose(seg) and start is not None:
            subpaths[-1].append(start[:2] + (True,))
    rulings = path_rulings(subpaths, stroke=bool(stroke.value), fill=fill)
    if rulings:
        clip = _clip_box(obj, parent)
        if clip is not None:  # drawn partly outside its clip (pdfium keeps a clip only then)
            rulings = clip_rulings(rulings, clip)
    out.extend(rulings)


def _clip_box(obj, parent: tuple):
    """The bounding box (x0, y0, x1, y1), in user space, of the clip an object is drawn through, or None.

    A clip made of several paths shows their intersection: the intersection of their boxes bounds it."""
    clip = R.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    n_paths = R.FPDFClipPath_CountPaths(clip)
    if n_paths <= 0:
        return None
    a, b, c, d, e, f = parent
    x, y = ctypes.c_float(), ctypes.c_float()
    box = None
    for p in range(n_paths):
        xs, ys = [], []
        for s in range(R.FPDFClipPath_CountPathSegments(clip, p)):
            seg = R.FPDFClipPath_GetPathSegment(clip, p, s)
            if seg and R.FPDFPathSegment_GetPoint(seg, x, y):
                xs.append(x.value * a + y.value * c + e)
                ys.append(x.value * b + y.value * d + f)
        if not xs:
            continue
        pb = (min(xs), min(ys), max(xs), max(ys))
        box = pb if box is None else (max(box[0], pb[0]), max(box[1], pb[1]), min(box[2], pb[2]), min(box[3], pb[3]))
    return box
