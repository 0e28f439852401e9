"""One page image → `PageObjects` in PDF points (source="ocr").

Deskew, find the ruling lines, erase them, recognize the text once, and give every character
its own glyph with the recognizer's score as confidence.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from ..pdf.objects import Glyph, PageObjects, Segment
from .engine import TEXT_SCORE_MIN, TextBox, recognize, recognize_crops
from .image import binarize, deskew, erase, find_rules, ink_box
from .layout import DASH_LOOKALIKES, cell_boxes, cluster_segments

OCR_DPI = 200  # the recognizer reads body text (10.5–16 pt) well from here; more only costs time
TEXT_HEIGHT_INCH = 0.2      # a crop for the recognizer is about one text line high
DASH_MAX_THICK_INCH = 0.035  # a lone mark this thin ...
DASH_MAX_ASPECT = 0.4        # ... and this flat (height / width) is a dash
DASH_SHAPE_CONFIDENCE = 0.95  # the score given to a dash recognised by its shape alone
ZERO_LOOKALIKES = {"。", "o", "O", "〇", "○", "°", "º", "D", "()", "（）"}
ZERO_MIN_ASPECT, ZERO_MAX_ASPECT = 0.35, 1.0  # a printed 0 is narrower than tall (width / height)
MISSED_CELL_MAX_OVERLAP = 0.2  # a cell holding more of a detected box than this is not read again
EM_PER_BOX_HEIGHT = 0.75    # a detector box is about this much taller than the font size
DUPLICATE_SHIFT = 0.6       # the same character twice, centres closer than this share of its size, is one


@dataclass
class OcrStats:
    seconds: float = 0.0
    skew: float = 0.0
    boxes: int = 0
    texts: list = field(default_factory=list)  # (text, score) per recognized box, for provenance


def render_pdf_page(page, dpi: float = OCR_DPI) -> np.ndarray:
    """A pypdfium2 page as a grayscale array at dpi (the page box, its /Rotate applied)."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    img = bitmap.to_pil().convert("L")
    return np.asarray(img)


def ocr_image(gray: np.ndarray, dpi: float, number: int) -> tuple[PageObjects, OcrStats]:
    """Recognize one page image; coordinates become points (72 per inch) from its top-left corner."""
    t0 = time.perf_counter()
    gray, angle = deskew(gray)
    rules, mask = find_rules(gray, dpi)
    clean = erase(gray, mask)
    boxes = recognize(clean)
    k = 72.0 / dpi
    h, w = gray.shape[:2]
    objs = PageObjects(number=number, width=w * k, height=h * k, source="ocr")
    for r in rules:
        objs.segments.append(Segment(r.x0 * k, r.top * k, r.x1 * k, r.bottom * k))
    cells = [(int(x0 / k), int(top / k), int(x1 / k), int(bottom / k))
             for group in cluster_segments(objs.segments) for x0, top, x1, bottom in cell_boxes(group)]
    boxes += _read_missed_cells(clean, dpi, cells, boxes)
    for b in boxes:
        b.text = thousands_commas(b.text)
        if b.text.strip() in DASH_LOOKALIKES and any(_contains(c, _centre(b)) for c in cells):
            b.text, b.char_boxes = "—", [(min(p[0] for p in b.quad), min(p[1] for p in b.quad),
                                          max(p[0] for p in b.quad), max(p[1] for p in b.quad))]
        em = _font_size(b)
        cy = _centre(b)[1]
        for ch, (x0, _top, x1, _bottom) in zip(b.text, b.char_boxes):
            if ch.isspace():
                continue
            # the detector's box is grown beyond the ink (unclip): a glyph is one em tall about the line's
            # centre, so the lines of a wrapped label in a narrow cell do not overlap and interleave
            objs.glyphs.append(Glyph(text=ch, x0=x0 * k, top=(cy - em / 2) * k, x1=x1 * k, bottom=(cy + em / 2) * k,
                                     size=em * k, font="ocr", confidence=b.score))
    objs.glyphs = dedupe_glyphs(objs.glyphs)
    return objs, OcrStats(seconds=time.perf_counter() - t0, skew=angle, boxes=len(boxes),
                          texts=[(b.text, b.score) for b in boxes])


_WIDE_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def thousands_commas(text: str) -> str:
    """The recognizer writes a thousands comma as the full-width "，" (10，234): between a digit and
    exactly three more it is the comma the page printed, not a clause break (one character for one)."""
    return _WIDE_THOUSANDS.sub(",", text)


def _centre(b: TextBox) -> tuple[float, float]:
    xs = [p[0] for p in b.quad]
    ys = [p[1] for p in b.quad]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _contains(box, pt) -> bool:
    return box[0] <= pt[0] <= box[2] and box[1] <= pt[1] <= box[3]


def _overlap(cell, span) -> float:
    """Share of the detected box's area that lies inside the cell."""
    ix = max(0.0, min(cell[2], span[2]) - max(cell[0], span[0]))
    iy = max(0.0, min(cell[3], span[3]) - max(cell[1], span[1]))
    area = max(1e-6, (span[2] - span[0]) * (span[3] - span[1]))
    return ix * iy / area


def _font_size(b: TextBox) -> float:
    """The font size (pixels) a line was printed in: a Han character is one em wide; the detector's
    box is taller than the em, so without Han characters take a share of its height."""
    han = sorted(x1 - x0 for ch, (x0, _t, x1, _b) in zip(b.text, b.char_boxes) if "\u4e00" <= ch <= "\u9fff")
    if han:
        return han[len(han) // 2]
    ys = [p[1] for p in b.quad]
    return EM_PER_BOX_HEIGHT * (max(ys) - min(ys))


def _read_missed_cells(clean: np.ndarray, dpi: float, cells: list[tuple[int, int, int, int]],
                       boxes: list[TextBox]) -> list[TextBox]:
    """Ruled cells with ink but no detected text (a lone 0, a dash, a short label the detector
    passed over) are read by the recognizer alone, from the ink's own box: one batch per page."""
    spans = [(min(p[0] for p in b.quad), min(p[1] for p in b.quad), max(p[0] for p in b.quad),
              max(p[1] for p in b.quad)) for b in boxes]
    bw = binarize(clean)
    todo = []
    for px in cells:
        if any(_overlap(px, s) > MISSED_CELL_MAX_OVERLAP for s in spans):
            continue  # the detector found text here: never read it twice
        ink = ink_box(bw, px, dpi)
        if ink is not None:
            todo.append(ink)
    if not todo:
        return []
    out = []
    crops, read = [], []
    text_px = TEXT_HEIGHT_INCH * dpi
    for x0, top, x1, bottom in todo:
        w, h = x1 - x0, bottom - top
        if h <= DASH_MAX_THICK_INCH * dpi and h <= DASH_MAX_ASPECT * w:
            # a lone short stroke is a dash (a zero); the recognizer reads it as 1, 一 or = at random
            out.append(TextBox(quad=[(x0, top), (x1, top), (x1, bottom), (x0, bottom)], text="—",
                               score=DASH_SHAPE_CONFIDENCE, char_boxes=[(x0, top, x1, bottom)]))
            continue
        # crop one text line high around the ink: the recognizer scales every crop to a line's height
        pad_v = max(2, int((text_px - h) / 2))
        pad_h = max(4, int(text_px / 2))
        crops.append(clean[max(0, top - pad_v):bottom + pad_v, max(0, x0 - pad_h):x1 + pad_h])
        read.append((x0, top, x1, bottom))
    for (x0, top, x1, bottom), (text, score) in zip(read, recognize_crops(crops)):
        text = (text or "").strip()
        if text in ZERO_LOOKALIKES and ZERO_MIN_ASPECT <= (x1 - x0) / max(1, bottom - top) <= ZERO_MAX_ASPECT:
            text = "0"  # a lone digit-shaped ring in a cell: the recognizer, without context, says 。 or o
        elif not text or score < TEXT_SCORE_MIN:
            continue
        step = (x1 - x0) / len(text)
        out.append(TextBox(quad=[(x0, top), (x1, top), (x1, bottom), (x0, bottom)], text=text, score=score,
                           char_boxes=[(x0 + i * step, top, x0 + (i + 1) * step, bottom) for i in range(len(text))]))
    return out


def _same_place(a: Glyph, b: Glyph) -> bool:
    """Centres closer than half a character, boxes overlapping vertically."""
    w = max(a.x1 - a.x0, b.x1 - b.x0, 1e-6)
    return abs(a.cx - b.cx) < DUPLICATE_SHIFT * w and min(a.bottom, b.bottom) > max(a.top, b.top) \
        and abs(a.cy - b.cy) < DUPLICATE_SHIFT * max(a.bottom - a.top, b.bottom - b.top)


def dedupe_glyphs(glyphs: list[Glyph]) -> list[Glyph]:
    """Detection boxes can overlap: a character read twice at the same place is kept once (higher score)."""
    kept: list[Glyph] = []
    for g in sorted(glyphs, key=lambda g: -g.confidence):
        if any(k.text == g.text and _same_place(k, g) for k in kept):
            continue
        kept.append(g)
    return kept
