"""One page image → `PageObjects` in PDF points (source="ocr").

Deskew, find the ruling lines, erase them, recognize the text once, and give every character
its own glyph with the recognizer's score as confidence.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import cv2
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
RING_READS = {"0", ".", "·", "．"}  # what the recognizer also makes of a lone 0 read from a cell's ink
ZERO_MIN_HEIGHT_INCH = 0.06  # a digit's ink is at least this high (a 7.5 pt figure); a full stop's is lower
ZERO_MIN_ASPECT, ZERO_MAX_ASPECT = 0.35, 1.0  # a printed 0 is narrower than tall (width / height)
MISSED_CELL_MAX_OVERLAP = 0.2  # a cell holding more of a detected box than this is not read again ...
INK_COVERED = 0.5           # ... nor one whose ink a detected box covers this much (a line read across cells)
EM_PER_BOX_HEIGHT = 0.75    # a detector box is about this much taller than the font size
DUPLICATE_SHIFT = 0.6       # the same character twice, centres closer than this share of its size, is one
RESOLUTION_SLACK = 0.1      # an image up to 10% finer than OCR_DPI is read as it is
MAX_CLOSED_GAP = 0.35       # em: a smaller gap inside one recognized word is no space
LONE_FIGURE_SCORE_MIN = 0.3  # the recognizer is unsure of a figure read alone without context (a clear 0
                            # scores 0.34): kept from here, with its score, so the checks flag it
REREAD_MAX_CHARS = 6        # a detected box this short that misfits its cell is read again from the cell's ink
BOX_FITS_CELL = 0.9         # ... when less than this share of it lies in the cell (it crosses a rule)
CUT_GLYPH_SHARE = 0.8       # ... or it covers less than this share of the ink's height
ZERO_BOX_SLACK = 1.3        # a detector box is a little wider than the ring it holds


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
    """Recognize one page image; coordinates become points (72 per inch) from its top-left corner.

    An image finer than OCR_DPI is first scaled down to it (area averaging): the detector would shrink a
    300-dpi page anyway, and every length below is then measured at the one resolution it was set for."""
    t0 = time.perf_counter()
    gray, dpi = normalise_resolution(gray, dpi)
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
    extra, dropped = _read_cells_from_ink(clean, dpi, cells, boxes)
    for b, region in dropped:
        _drop_chars_in(b, region)
    boxes = [b for b in boxes if b.text.strip()] + extra
    for b in boxes:
        clean_box_text(b)
        in_cell = any(_contains(c, _centre(b)) for c in cells)
        if in_cell and b.text.strip() in DASH_LOOKALIKES:
            b.text, b.char_boxes = "—", [_span(b)]
        elif in_cell and b.text.strip() in ZERO_LOOKALIKES and _zero_shaped(_span(b)):
            b.text, b.char_boxes = "0", [_span(b)]
        em = _font_size(b)
        cy = _centre(b)[1]
        for ch, (x0, _top, x1, _bottom) in zip(b.text, _close_gaps(b.text, b.char_boxes, em)):
            if ch.isspace():
                continue
            # the detector's box is grown beyond the ink (unclip): a glyph is one em tall about the line's
            # centre, so the lines of a wrapped label in a narrow cell do not overlap and interleave
            objs.glyphs.append(Glyph(text=ch, x0=x0 * k, top=(cy - em / 2) * k, x1=x1 * k, bottom=(cy + em / 2) * k,
                                     size=em * k, font="ocr", confidence=b.score))
    objs.glyphs = dedupe_glyphs(objs.glyphs)
    return objs, OcrStats(seconds=time.perf_counter() - t0, skew=angle, boxes=len(boxes),
                          texts=[(b.text, b.score) for b in boxes])


def normalise_resolution(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """The page at OCR_DPI when it came finer (area-averaged, so thin rules and dashes keep their ink)."""
    if dpi <= OCR_DPI * (1 + RESOLUTION_SLACK):
        return gray, dpi
    f = OCR_DPI / dpi
    h, w = gray.shape[:2]
    return cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA), float(OCR_DPI)


# Characters the recognizer invents between glyphs (a hyphenation point, bullets): never printed in a report
_ARTEFACTS = set("\u2027\u2219\u2022")
_WIDE_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
# a count ("6,544人次") never has a fraction: a point before exactly three digits and a count unit is the
# thousands comma the recognizer read as a point (amounts — 元, 万元 — keep their decimals)
_COUNT_UNITS = "人次|人|件|条|个|次|篇|份|项|名|场|期|起|册|通|户|家|批|期|场次|余|多"
_POINT_THOUSANDS = re.compile(r"(?<![\d.,．])(\d{1,3})[.．]((?:\d{3}[.．,])*\d{3})(?=\s*(?:" + _COUNT_UNITS + r"))")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[.．]\d{3}){2,}(?![\d.,])")  # 1.234.567: only thousands group so


def thousands_commas(text: str) -> str:
    """The thousands comma as printed, where the recognizer wrote it otherwise (one character for one):
    a full-width "，" between a digit and exactly three more; a point before three digits and a count
    unit (counts have no fractions); points between several groups of three digits."""
    text = _WIDE_THOUSANDS.sub(",", text)
    text = _POINT_THOUSANDS.sub(lambda m: m.group(1) + "," + re.sub(r"[.．]", ",", m.group(2)), text)
    return _GROUPED.sub(lambda m: re.sub(r"[.．]", ",", m.group(0)), text)


def clean_box_text(b: TextBox) -> None:
    """Recognizer artefacts dropped (with their character boxes) and thousands commas restored."""
    if any(ch in _ARTEFACTS for ch in b.text):
        kept = [(ch, cb) for ch, cb in zip(b.text, b.char_boxes) if ch not in _ARTEFACTS]
        b.text = "".join(ch for ch, _ in kept)
        b.char_boxes = [cb for _, cb in kept]
    b.text = thousands_commas(b.text)


def _close_gaps(text: str, char_boxes: list, em: float) -> list:
    """Neighbouring characters the recognizer read as one word (no space between them in its text) touch:
    its per-character boxes leave small gaps (9 71) the layout would take for spaces.  A gap wider than
    MAX_CLOSED_GAP em is left: there the box crossed a rule or a column gap."""
    out = [list(cb) for cb in char_boxes]
    for i in range(1, min(len(text), len(out))):
        if text[i].isspace() or text[i - 1].isspace():
            continue
        gap = out[i][0] - out[i - 1][2]
        if 0 < gap <= MAX_CLOSED_GAP * em:
            mid = (out[i][0] + out[i - 1][2]) / 2
            out[i - 1][2] = out[i][0] = mid
    return [tuple(cb) for cb in out]


def _span(b: TextBox) -> tuple[float, float, float, float]:
    return (min(p[0] for p in b.quad), min(p[1] for p in b.quad), max(p[0] for p in b.quad), max(p[1] for p in b.quad))


def _zero_shaped(box) -> bool:
    return ZERO_MIN_ASPECT <= (box[2] - box[0]) / max(1, box[3] - box[1]) <= ZERO_MAX_ASPECT * ZERO_BOX_SLACK


def _drop_chars_in(b: TextBox, region) -> None:
    """Remove the characters of a detected box whose centre lies in region (read again from the cell's ink)."""
    kept = [(ch, cb) for ch, cb in zip(b.text, b.char_boxes)
            if not _contains(region, ((cb[0] + cb[2]) / 2, (cb[1] + cb[3]) / 2))]
    b.text = "".join(ch for ch, _ in kept)
    b.char_boxes = [cb for _, cb in kept]


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


_FIGURE = re.compile(r"[\d,，.]*\d[\d,，.]*|无|—")  # a figure has a digit: a lone "." is a misread mark
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _label_chars(boxes: list[TextBox], region) -> int:
    """Han characters (other than 无, a zero) the boxes put in region: a label's, never a figure's."""
    return sum(1 for b in boxes for ch, cb in zip(b.text, b.char_boxes)
               if _CJK.match(ch) and ch != "无" and _contains(region, ((cb[0] + cb[2]) / 2, (cb[1] + cb[3]) / 2)))


def _box_misfits(cell, span, text: str, ink) -> bool:
    """A short detected box that does not fit its cell: it runs across the cell's rule (two cells'
    figures read as one word, 无无 → 黃无), it cuts the ink's height (a 9 read from its top half as y), it
    holds more Han characters than the ink is wide (无 → 无黃), or it reads as a stray letter where a table
    prints figures.  Such a cell is read again from its ink."""
    if len(text.replace(" ", "")) > REREAD_MAX_CHARS:
        # a long box that runs across cells (a 表四 value row read as one line "110021000120103", whose
        # per-character boxes then fall into the wrong cells); labels stay: only a figure replaces them
        return _overlap(cell, span) < BOX_FITS_CELL
    if _overlap(cell, span) < BOX_FITS_CELL:
        return True
    ink_h = max(1, ink[3] - ink[1])
    covered = max(0, min(span[3], ink[3]) - max(span[1], ink[1]))
    if covered < CUT_GLYPH_SHARE * ink_h:
        return True
    # more Han characters than the cell's ink is wide: one was invented (无 read as 无黃)
    han = len(_CJK.findall(text))
    em = EM_PER_BOX_HEIGHT * (span[3] - span[1])
    if han >= 2 and ink[2] - ink[0] < (han - 0.5) * em:
        return True
    return not _FIGURE.fullmatch(text.strip()) and not _CJK.search(text)


def _read_cells_from_ink(clean: np.ndarray, dpi: float, cells: list[tuple[int, int, int, int]],
                         boxes: list[TextBox]) -> tuple[list[TextBox], list[tuple[TextBox, tuple]]]:
    """Ruled cells read by the recognizer alone, from the ink's own box (one batch per page): cells with
    ink but no detected text (a lone 0, a dash, a short label the detector passed over), and one-line
    cells whose detected box does not fit (`_box_misfits`).  Returns the new reads and, for the second
    kind, (detected box, cell) pairs whose characters in the cell the new read replaces — only when
    the new read is a figure."""
    spans = [_span(b) for b in boxes]
    bw = binarize(clean)
    todo = []  # (ink box, detected boxes it replaces, cell)
    inks = {}  # cell → its ink box (None: blank)
    text_px = TEXT_HEIGHT_INCH * dpi
    for px in cells:
        ink = inks[px] = ink_box(bw, px, dpi)
        if ink is None:
            continue
        # the boxes that read this cell: mostly inside it, or covering its ink (a line read across cells)
        hits = [i for i, s in enumerate(spans)
                if _overlap(px, s) > MISSED_CELL_MAX_OVERLAP or _overlap(s, ink) >= INK_COVERED]
        if not hits:
            todo.append((ink, [], px))
        elif ink[3] - ink[1] <= text_px and any(_box_misfits(px, spans[i], boxes[i].text, ink) for i in hits):
            todo.append((ink, [boxes[i] for i in hits], px))
    if not todo:
        return [], []
    out, dropped = [], []
    crops, read = [], []
    for (x0, top, x1, bottom), replaces, px in todo:
        w, h = x1 - x0, bottom - top
        if not replaces and h <= DASH_MAX_THICK_INCH * dpi and h <= DASH_MAX_ASPECT * w:
            # a lone short stroke is a dash (a zero); the recognizer reads it as 1, 一 or = at random
            out.append(TextBox(quad=[(x0, top), (x1, top), (x1, bottom), (x0, bottom)], text="—",
                               score=DASH_SHAPE_CONFIDENCE, char_boxes=[(x0, top, x1, bottom)]))
            continue
        # crop one text line high around the ink: the recognizer scales every crop to a line's height
        pad_v = max(2, int((text_px - h) / 2))
        pad_h = max(4, int(text_px / 2))
        crops.append(clean[max(0, top - pad_v):bottom + pad_v, max(0, x0 - pad_h):x1 + pad_h])
        read.append(((x0, top, x1, bottom), replaces, px))
    for ((x0, top, x1, bottom), replaces, px), (text, score) in zip(read, recognize_crops(crops)):
        text = (text or "").strip()
        if (text in ZERO_LOOKALIKES or text in RING_READS) and bottom - top >= ZERO_MIN_HEIGHT_INCH * dpi \
                and ZERO_MIN_ASPECT <= (x1 - x0) / max(1, bottom - top) <= ZERO_MAX_ASPECT:
            # a lone digit-shaped ring in a cell: the recognizer, without context, says 。, o or . (or 0 with a
            # score of 0.26); a real full stop's ink is far lower than a digit's
            text, score = "0", max(score, LONE_FIGURE_SCORE_MIN)
        elif not text or score < (LONE_FIGURE_SCORE_MIN if _FIGURE.fullmatch(text) else TEXT_SCORE_MIN):
            continue
        if replaces:
            if not _FIGURE.fullmatch(text) or (text != "无" and _label_chars(replaces, px)):
                continue  # the detector's reading stands: a figure never replaces a label's Han characters
                # (无 may: the recognizer invents a Han character beside a 无 read across two cells, 黃无)
            dropped.extend((b, px) for b in replaces)
        step = (x1 - x0) / len(text)
        out.append(TextBox(quad=[(x0, top), (x1, top), (x1, bottom), (x0, bottom)], text=text, score=score,
                           char_boxes=[(x0 + i * step, top, x0 + (i + 1) * step, bottom) for i in range(len(text))]))
    # a replaced box that ran across rules leaves characters in neighbouring cells whose ink it does not
    # cover: remnants of an erased rule read as 1 or |, or a figure placed one cell off — dropped too
    replaced = {(id(b), px) for b, px in dropped}
    for b in {id(b): b for b, _px in dropped}.values():
        span = _span(b)
        for px in cells:
            if (id(b), px) in replaced or not any(_contains(px, ((cb[0] + cb[2]) / 2, (cb[1] + cb[3]) / 2)) for cb in b.char_boxes):
                continue
            if (inks.get(px) is None or _overlap(span, inks[px]) < INK_COVERED) and not _label_chars([b], px):
                dropped.append((b, px))
    return out, dropped


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
