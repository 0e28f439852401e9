"""Text layers whose font map is partly wrong: the wrongly mapped glyphs are read again from their ink.

A font's ToUnicode map can be right for most glyphs and wrong for some.  Ghostscript re-distilling a
browser's Type 3 fonts does this: 报 comes out as ``ç``, 年 as a control character, 、 and 。 as ``1`` and
``2`` — the glyphs are still drawn right, and their boxes are right, only their text is wrong.  Reading the
whole page again by OCR throws the good text layer away with the bad (and its table geometry); here only
the lines that hold a suspect glyph are cropped from a page render and recognised, and each suspect takes
the character the recognizer aligned with it.  Its neighbours, whose text is known, anchor the alignment.

A glyph is suspect when it is drawn full width, as Han characters and Chinese punctuation are, but its
text is a Basic Latin, Latin-1 or Latin Extended character, which fonts draw narrow — or a control
character, which is never drawn.  The tests are pure functions over `PageObjects` and strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from ...normalize import fold_char, is_cjk
from ..pdf.layout import is_undecodable
from ..pdf.objects import Glyph, PageObjects

FULL_WIDTH_SHARE = 0.88      # a glyph box at least this share of its font size wide is full width (Han glyphs
                             # measure 0.92–1.0; the widest Latin signs between Han, < > +, 0.84)
CONTROL_MIN_WIDTH = 0.3      # a control character drawn at least this wide (× size) stands for a glyph
LINE_SHARE = 0.35            # a neighbour on the same line: centres closer than this share of the size
SIZE_SLACK = 0.15            # ... and a size within this share
RUN_GAP = 0.8                # × size: a wider gap ends a run of text (a table's column gap, a cell rule)
CONTEXT_GLYPHS = 3           # known glyphs kept each side of a suspect: enough to anchor the alignment
TARGET_GLYPH_PX = 40         # the render's scale puts a suspect glyph about this many pixels high
MIN_SCALE, MAX_SCALE = 2.0, 6.0  # pixels per point (144–432 dpi)
PAD_Y, PAD_X = 0.15, 0.3     # × size: the crop around a run
TWIN_X_SLACK = 0.3           # points: a clipped glyph's copy on the other page of a cut stands at its x
RULE_MARGIN_PX = 1           # a ruling line is erased this far beyond its drawn box (anti-aliasing)
MAX_SUSPECT_SHARE = 0.5      # a page with more suspect glyphs than this share, and undecodable glyphs besides,
                             # is read by OCR whole instead
MAX_SPLITS = 3               # ... else it is read again in halves, at most this many times
MIN_ANCHORS = 2              # a run with fewer known glyphs is read only when the recognizer gives one character
                             # per glyph (without anchors, where a missed or extra character goes is a guess)
SIGNATURE_SIDE = 16          # a glyph's shape, for telling glyphs of one wrong text apart: this many cells a side
SIGNATURE_MATCH = 0.06       # ... the same glyph when at most this share of the cells differ (similar glyphs of
                             # one font, 大 and 人, differ in 0.035–0.07; a glyph beside a rule also differs)
INK_LEVEL = 160              # a cell darker than this (0–255) is ink
READS_PER_GLYPH = 2          # a mis-named glyph read this many times, the same way, is not read again
MIN_SCORE = 0.5              # a recognised run scored below this repairs nothing
WILDCARD_COST = 0.3          # aligning a suspect with a character that is not Han or Chinese punctuation

# the Latin signs and capitals fonts draw nearly full width (Noto CJK's % and @, Times' M and W): beside digits
# too they are Latin text (100%); any ASCII letter beside a narrow Latin letter is (DejaVu's m is 0.97 wide)
WIDE_LATIN = frozenset("%@MW")
_MAYBE = re.compile("[\x00-\u024f\ufffd\ue000-\uf8ff]$")  # what `is_suspect` can accept at all
_CHINESE_PUNCT = set("，。、；：？！（）《》〈〉【】「」『』“”‘’…—·～－")


def is_suspect(g: Glyph) -> bool:
    """A glyph whose text cannot be what a full-width glyph draws (see the module's docstring)."""
    if len(g.text) != 1 or g.size <= 0:
        return False
    u = ord(g.text)
    width = (g.x1 - g.x0) / g.size
    if g.text.isspace():  # a tab or line break drawn (a blank glyph's map): see `_inside_line`
        return False
    if u < 0x20 or 0x7F <= u <= 0x9F:
        return width >= CONTROL_MIN_WIDTH
    if u == 0xFFFD or 0xE000 <= u <= 0xF8FF:  # no map at all (or a private-use code): full width is a Han glyph
        return width >= FULL_WIDTH_SHARE
    return 0x21 <= u <= 0x24F and width >= FULL_WIDTH_SHARE


def suspects(po: PageObjects) -> list[int]:
    """Indexes of the page's suspect glyphs, in drawing order; none when they are more than
    MAX_SUSPECT_SHARE of its glyphs (too little known text to anchor them: the page goes to OCR whole)."""
    if po.source != "text":
        return []
    glyphs = po.glyphs
    # most glyphs are Han or narrow: look closer only at those whose text could be a mis-named one
    found = [i for i, g in enumerate(glyphs) if _MAYBE.match(g.text) and is_suspect(g)
             and not _latin_beside(glyphs, i, g.text in WIDE_LATIN)]
    if found:  # a full-width glyph named as a space inside a line of them is mis-named too (数 as " ")
        found = sorted(found + [i for i, g in enumerate(glyphs) if g.text.isspace() and _inside_line(glyphs, i)])
    if wrong_throughout(glyphs, len(found)):  # read it all, unless glyphs the repair cannot name (narrow
        taken = set(found)                    # ones without a map) remain
        if any(is_undecodable(g.text) for i, g in enumerate(glyphs) if i not in taken):
            return []
    return found


def wrong_throughout(glyphs: Sequence[Glyph], n_suspects: int) -> bool:
    """More than MAX_SUSPECT_SHARE of the page's drawn glyphs are suspect: its map is wrong nearly throughout."""
    return n_suspects > MAX_SUSPECT_SHARE * sum(1 for g in glyphs if not g.text.isspace())


def _inside_line(glyphs: Sequence[Glyph], i: int) -> bool:
    """Glyph i is drawn full width between two drawn glyphs of its line (not an indent, not a word space)."""
    g = glyphs[i]
    if g.size <= 0 or (g.x1 - g.x0) < FULL_WIDTH_SHARE * g.size or not 0 < i < len(glyphs) - 1:
        return False
    return all(_same_line(g, glyphs[j]) and not glyphs[j].text.isspace() for j in (i - 1, i + 1))


def _latin_beside(glyphs: Sequence[Glyph], i: int, digits_too: bool = False) -> bool:
    """A narrow Latin letter (or, with ``digits_too``, digit) drawn just before or after the ASCII glyph i on
    its line: glyph i is then Latin text, however wide its font draws it (DejaVu's m, .com, WPS; with digits,
    100% and H5).  A full-width neighbour may be mis-named too, and a digit beside a mis-named Han glyph is
    common (议2件 as O2件), so those do not count."""
    if not glyphs[i].text.isascii():
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(glyphs) and _same_line(glyphs[i], glyphs[j]):
            g = glyphs[j]
            if (len(g.text) == 1 and g.text.isascii() and (g.text.isalpha() or (digits_too and g.text.isdigit()))
                    and g.x1 - g.x0 < FULL_WIDTH_SHARE * g.size):
                return True
    return False


def _same_line(a: Glyph, b: Glyph) -> bool:
    return abs(a.cy - b.cy) < LINE_SHARE * a.size and abs(a.size - b.size) <= SIZE_SLACK * a.size


def runs(glyphs: Sequence[Glyph], marked: Sequence[int]) -> list[list[int]]:
    """Runs of text around the marked glyphs: neighbours on the same line, read left to right, closer than
    RUN_GAP, at most CONTEXT_GLYPHS known glyphs beyond the last suspect each side.  Each marked glyph is in
    exactly one run."""
    marked_set = set(marked)
    by_row: dict[int, list[int]] = {}
    for i, g in enumerate(glyphs):
        by_row.setdefault(int(g.cy // max(g.size, 1.0)), []).append(i)
    done: set[int] = set()
    out = []
    for i in marked:
        if i in done:
            continue
        g = glyphs[i]
        row = int(g.cy // max(g.size, 1.0))
        line = sorted({j for r in (row - 1, row, row + 1) for j in by_row.get(r, ())
                       if _same_line(g, glyphs[j])}, key=lambda j: glyphs[j].x0)
        k = line.index(i)
        start = end = k
        known = 0
        while start > 0 and glyphs[line[start]].x0 - glyphs[line[start - 1]].x1 < RUN_GAP * g.size:
            if line[start - 1] in marked_set and line[start - 1] not in done:
                known = 0
            elif known >= CONTEXT_GLYPHS:
                break
            else:
                known += 1
            start -= 1
        known = 0
        while end < len(line) - 1 and glyphs[line[end + 1]].x0 - glyphs[line[end]].x1 < RUN_GAP * g.size:
            if line[end + 1] in marked_set and line[end + 1] not in done:
                known = 0
            elif known >= CONTEXT_GLYPHS:
                break
            else:
                known += 1
            end += 1
        run = line[start:end + 1]
        done.update(j for j in run if j in marked_set)
        out.append(run)
    return out


def _fits_wildcard(ch: str) -> bool:
    return is_cjk(ch) or ch in _CHINESE_PUNCT


def align(known: Sequence[Optional[str]], read: str) -> list[Optional[int]]:
    """For each position of ``known`` (None: a suspect, any character), the index in ``read`` it aligns
    with, or None: an edit-distance alignment where a suspect matches a Han character or Chinese
    punctuation freely and anything else at a small cost."""
    n, m = len(known), len(read)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0], back[i][0] = float(i), 1
    for j in range(m + 1):
        cost[0][j], back[0][j] = float(j), 2
    for i in range(1, n + 1):
        k = known[i - 1]
        for j in range(1, m + 1):
            r = read[j - 1]
            if k is None:
                sub = 0.0 if _fits_wildcard(r) else WILDCARD_COST
            else:
                sub = 0.0 if k == r or k == fold_char(r) else 1.0
            best, how = cost[i - 1][j - 1] + sub, 0
            if cost[i - 1][j] + 1.0 < best:
                best, how = cost[i - 1][j] + 1.0, 1
            if cost[i][j - 1] + 1.0 < best:
                best, how = cost[i][j - 1] + 1.0, 2
            cost[i][j], back[i][j] = best, how
    out: list[Optional[int]] = [None] * n
    i, j = n, m
    while i > 0 or j > 0:
        how = back[i][j] if i and j else (1 if i else 2)
        if how == 0:
            out[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif how == 1:
            i -= 1
        else:
            j -= 1
    return out


def place(boxes: Sequence[tuple[float, float]], xs: Sequence[float]) -> list[Optional[int]]:
    """For each glyph box (x0, x1) of a run, the index of the one character read inside it (by the x of its
    decoding column), or None when none or several were."""
    out: list[Optional[int]] = [None] * len(boxes)
    count = [0] * len(boxes)
    for at, x in enumerate(xs):
        inside = [i for i, (x0, x1) in enumerate(boxes) if x0 <= x <= x1]
        if not inside:
            near = min(range(len(boxes)), key=lambda i: abs((boxes[i][0] + boxes[i][1]) / 2 - x), default=None)
            if near is None or abs((boxes[near][0] + boxes[near][1]) / 2 - x) > (boxes[near][1] - boxes[near][0]):
                continue
            inside = [near]
        i = inside[0]
        count[i] += 1
        out[i] = at
    return [at if n == 1 else None for at, n in zip(out, count)]


def _full_width(ch: str) -> str:
    """An ASCII sign the recognizer gave for a full-width glyph, as the full-width sign (, → ，)."""
    o = ord(ch)
    return chr(o + 0xFEE0) if 0x21 <= o <= 0x7E and not ch.isalnum() else ch


def repaired_text(original: str, read: str) -> Optional[str]:
    """What a suspect glyph becomes, given the character the recognizer read there; None: keep it."""
    if fold_char(read) == fold_char(original):
        return None
    if _fits_wildcard(read):
        return read
    if read.isascii() and not read.isalnum() and not read.isspace():
        return _full_width(read)
    return None  # a Latin letter or digit read there: the glyph is left as it was


@dataclass
class Repair:
    """What the repair did on one document: pages touched, glyphs changed."""
    pages: list[int] = field(default_factory=list)
    glyphs: int = 0


class GlyphMemory:
    """What each mis-named glyph has been read as, over the pages of one document.

    A glyph is told by its text, font and size and by its shape (`signature`): one font's map may give two
    glyphs the same wrong text (三 and 不 both as ``O``), but it names one glyph the same way wherever it is
    drawn.  Once a glyph has been read READS_PER_GLYPH times, the same way each time, that reading stands for
    its other occurrences."""

    def __init__(self):
        self.entries: dict[tuple, list] = {}  # (text, font, size) → [[signature, {reading: votes}], ...]

    @staticmethod
    def key(g: Glyph) -> tuple:
        return (g.text, g.font, round(g.size, 1))

    def _votes(self, key: tuple, sig, create: bool = False) -> Optional[dict]:
        best, where = None, None
        for entry in self.entries.get(key, ()):
            d = shape_distance(entry[0], sig)
            if d <= SIGNATURE_MATCH and (where is None or d <= where):
                best, where = entry[1], d
        if best is None and create:
            best = {}
            self.entries.setdefault(key, []).append([sig, best])
        return best

    def reads(self, key: tuple, sig) -> int:
        v = self._votes(key, sig)
        return sum(v.values()) if v else 0

    def settled(self, key: tuple, sig) -> Optional[str]:
        """The reading that stands for this glyph ("" = left as printed), or None while it must be read."""
        v = self._votes(key, sig)
        if not v or len(v) != 1:
            return None
        (answer, n), = v.items()
        return answer if n >= READS_PER_GLYPH else None

    def add(self, key: tuple, sig, answer: str) -> None:
        v = self._votes(key, sig, create=True)
        v[answer] = v.get(answer, 0) + 1


def crop_box(x0: float, top: float, x1: float, bottom: float, size: float, scale: float,
             limit: tuple[int, int]) -> tuple[int, int, int, int]:
    """The pixels (x0, y0, x1, y1) of a box in points with PAD_X / PAD_Y of its font size around it, at
    ``scale``, inside an image ``limit`` = (width, height) pixels."""
    return (max(0, int((x0 - PAD_X * size) * scale)), max(0, int((top - PAD_Y * size) * scale)),
            min(limit[0], int((x1 + PAD_X * size) * scale) + 1), min(limit[1], int((bottom + PAD_Y * size) * scale) + 1))


def erase_rules(image, segments, scale: float):
    """The page image with its ruling lines painted white: a cell's rule at the edge of a crop is read as a
    bracket or a 1 (「（一）市政府 for （一）市政府)."""
    if not segments:
        return image
    out = image.copy()
    h, w = out.shape[:2]
    m = RULE_MARGIN_PX
    for sg in segments:
        x0, x1 = max(0, int(sg.x0 * scale) - m), min(w, int(sg.x1 * scale) + m + 1)
        y0, y1 = max(0, int(sg.top * scale) - m), min(h, int(sg.bottom * scale) + m + 1)
        if x1 > x0 and y1 > y0:
            out[y0:y1, x0:x1] = 255
    return out


def twin_shift(clipped: Sequence[Glyph], hidden: Sequence[Glyph]) -> Optional[float]:
    """How far down the other page draws the copies of these clipped glyphs (its hidden glyphs of the same
    text, font and x), or None when it does not."""
    shifts = sorted(h.top - g.top for g in clipped for h in hidden
                    if h.text == g.text and h.font == g.font and abs(h.x0 - g.x0) < TWIN_X_SLACK)
    return shifts[len(shifts) // 2] if shifts else None


def fill_clipped(image, po: PageObjects, scale: float, twins: Callable[[int], Optional[tuple]]):
    """The page image with the ink of its clipped glyphs completed from their copies on the page before or
    after (darker of the two, pixel by pixel): a Qt converter paints a line cut by a page break on both
    pages, clipped to each page's body."""
    import numpy as np

    out = image
    h, w = image.shape[:2]
    for step in (1, -1):
        cut = [g for g in po.glyphs if g.clipped and (g.cy > po.height / 2) == (step == 1)]
        other = twins(step) if cut else None
        if other is None:
            continue
        twin_po, twin_render = other
        dy = twin_shift(cut, twin_po.hidden)
        if dy is None:
            continue
        twin_image = erase_rules(twin_render(scale), twin_po.segments, scale)
        th, tw = twin_image.shape[:2]
        if out is image:
            out = image.copy()
        for g in cut:
            x0, y0, x1, y1 = crop_box(g.x0, g.top, g.x1, g.bottom, g.size, scale, (min(w, tw), h))
            ty0 = y0 + int(round(dy * scale))
            if x1 <= x0 or y1 <= y0 or ty0 < 0 or ty0 + (y1 - y0) > th:
                continue
            out[y0:y1, x0:x1] = np.minimum(out[y0:y1, x0:x1], twin_image[ty0:ty0 + (y1 - y0), x0:x1])
    return out


def signature(image, g: Glyph, scale: float):
    """The glyph's ink in its box, scaled to SIGNATURE_SIDE² cells and thresholded: the same glyph drawn
    twice gives (almost) the same cells, two glyphs of one font differ in many."""
    import numpy as np
    from PIL import Image

    h, w = image.shape[:2]
    x0, x1 = max(0, int(g.x0 * scale)), min(w, int(g.x1 * scale) + 1)
    y0, y1 = max(0, int(g.top * scale)), min(h, int(g.bottom * scale) + 1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return np.zeros((SIGNATURE_SIDE, SIGNATURE_SIDE), dtype=bool)
    cells = Image.fromarray(np.ascontiguousarray(image[y0:y1, x0:x1])).resize(
        (SIGNATURE_SIDE, SIGNATURE_SIDE), Image.BOX)
    return np.asarray(cells) < INK_LEVEL


def shape_distance(a, b) -> float:
    """The share of the cells in which two `signature`s differ."""
    return float((a != b).sum()) / a.size


def repair_page(po: PageObjects, render: Callable[[float], "object"],
                recognize: Callable[[list], list[tuple[str, float]]], memory: Optional[GlyphMemory] = None,
                twins: Optional[Callable[[int], Optional[tuple]]] = None) -> int:
    """Replace the text of the page's suspect glyphs by what the recognizer reads there.

    ``render(scale)`` gives the page as a grayscale array at ``scale`` pixels per point, in the reading
    orientation of ``po``; ``recognize(crops)`` gives (text, score) per crop.  With ``memory`` (one per
    document), a glyph read the same way often enough takes that reading without being read again, and only
    the runs that hold a glyph still to be read are cropped.  ``twins(step)`` gives the page ``step`` pages
    on (its `PageObjects` and renderer) or None: a line a page break cut is drawn on both pages, each copy
    clipped, and the two show complementary parts of its ink (`fill_clipped`).  Returns the glyphs changed."""
    marked = suspects(po)
    if not marked:
        return 0
    glyphs = po.glyphs
    if memory is None or wrong_throughout(glyphs, len(marked)):
        memory = GlyphMemory()  # a map wrong throughout gives hundreds of glyphs one wrong text: read each one
    changed = 0
    sizes = sorted(glyphs[i].size for i in marked)
    scale = min(MAX_SCALE, max(MIN_SCALE, TARGET_GLYPH_PX / sizes[len(sizes) // 2]))
    image = erase_rules(render(scale), po.segments, scale)
    if twins is not None and any(glyphs[i].clipped for i in marked):
        image = fill_clipped(image, po, scale, twins)
    ident = {i: (memory.key(glyphs[i]), signature(image, glyphs[i], scale)) for i in marked}

    def apply(j: int, answer: str) -> None:
        nonlocal changed
        if answer and answer != glyphs[j].text:
            glyphs[j].text = answer
            changed += 1

    pending = []
    for i in marked:
        answer = memory.settled(*ident[i])
        if answer is None:
            pending.append(i)
        else:
            apply(i, answer)
    if not pending:
        return changed
    keys = {i: ident[i] for i in pending}
    chosen, deferred = [], []
    planned: list[tuple] = []  # (key, signature) of the glyphs the chosen runs will read

    def planned_reads(k) -> int:
        return sum(1 for pk, ps in planned if pk == k[0] and shape_distance(ps, k[1]) <= SIGNATURE_MATCH)

    for run in runs(glyphs, pending):
        wanted = [keys[j] for j in run if j in keys]
        if any(memory.reads(*k) + planned_reads(k) < READS_PER_GLYPH for k in wanted):
            chosen.append(run)
            planned.extend(wanted)
        else:
            deferred.append(run)
    _read_runs(glyphs, chosen, keys, image, scale, recognize, memory, apply)
    unsettled = []
    for run in deferred:
        if any(memory.settled(*keys[j]) is None for j in run if j in keys):
            unsettled.append(run)
        else:
            for j in run:
                if j in keys:
                    apply(j, memory.settled(*keys[j]))
    _read_runs(glyphs, unsettled, keys, image, scale, recognize, memory, apply)
    return changed


def _read_runs(glyphs, chosen, keys, image, scale, recognize, memory, apply, depth: int = 0) -> None:
    """Crop each run from the page image, read the crops, and give each suspect in them what was read at its
    place (each reading is also a vote in ``memory``).  A run without anchors that the recognizer read with
    more or fewer characters than it has glyphs is read again in halves (down to MAX_SPLITS times)."""
    h, w = image.shape[:2]
    crops, kept = [], []
    for run in chosen:
        box = crop_box(min(glyphs[j].x0 for j in run), min(glyphs[j].top for j in run),
                       max(glyphs[j].x1 for j in run), max(glyphs[j].bottom for j in run),
                       glyphs[run[0]].size, scale, (w, h))
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            continue
        crops.append(image[box[1]:box[3], box[0]:box[2]])
        kept.append((run, box[0] / scale))
    again = []
    for (run, left), result in zip(kept, recognize(crops) if crops else []):
        read, score = result[0], result[1]
        xs = result[2] if len(result) > 2 else None
        read = "".join(read.split()) if xs is None else read
        run = [j for j in run if j in keys or not glyphs[j].text.isspace()]
        known = [None if j in keys else fold_char(glyphs[j].text) for j in run]
        if xs is not None and read:
            where = place([(glyphs[j].x0, glyphs[j].x1) for j in run], [left + x / scale for x in xs])
            anchors = [(k, read[at]) for k, at in zip(known, where) if k is not None and at is not None]
            if sum(k == r or k == fold_char(r) for k, r in anchors) * 2 < len(anchors):
                where = None  # the read does not sit on its anchors: read in halves below
        else:
            where = None
            if read and not (sum(k is not None for k in known) < MIN_ANCHORS and len(read) != len(run)):
                where = align(known, read)
        if score < MIN_SCORE or not read or where is None:
            if len(run) >= 2:
                again.extend((run[:len(run) // 2], run[len(run) // 2:]))
            continue
        for j, at in zip(run, where):
            if j not in keys or at is None:
                continue
            original = glyphs[j].text
            answer = repaired_text(original, read[at]) or ""
            if answer == "一" and len(run) == 1 and depth == 0:
                answer = "—"  # a lone stroke in its run (not a half of one) is the dash tables print for nothing
            memory.add(*keys[j], answer)
            if answer:
                glyphs[j].confidence = min(glyphs[j].confidence, score)
            apply(j, answer)
    if again and depth < MAX_SPLITS:
        _read_runs(glyphs, again, keys, image, scale, recognize, memory, apply, depth + 1)


def render_for(page, po: PageObjects) -> Optional[Callable[[float], "object"]]:
    """A renderer of a pypdfium2 page whose pixels sit where ``po``'s coordinates say, or None when they
    would not (a page read turned against its /Rotate)."""
    import numpy as np

    if po.rotation % 360 != page.get_rotation() % 360:
        return None
    mx0, my0, mx1, my1 = page.get_mediabox()
    cx0, cy0, cx1, cy1 = page.get_cropbox()
    if po.rotation % 360 and (cx0, cy0, cx1, cy1) != (mx0, my0, mx1, my1):
        return None
    dx, dy = (cx0 - mx0, my1 - cy1) if po.rotation % 360 == 0 else (0.0, 0.0)

    def render(scale: float):
        from .page import render_pdf_page
        gray = render_pdf_page(page, scale * 72.0)
        if dx or dy:  # the render starts at the crop box: pad it back to the media box's origin
            ox, oy = int(round(dx * scale)), int(round(dy * scale))
            out = np.full((gray.shape[0] + oy, gray.shape[1] + ox), 255, dtype=gray.dtype)
            out[oy:, ox:] = gray
            return out
        return gray
    return render


class FontMapRepair:
    """Repairs pages of one PDF as its reader hands them over; the PDF is opened for rendering only when
    some page has a suspect glyph."""

    def __init__(self, path):
        self.path = path
        self.result = Repair()
        self.memory = GlyphMemory()
        self._pdf = None

    def __call__(self, po: PageObjects) -> int:
        if not suspects(po):
            return 0
        import pypdfium2 as pdfium

        from ...batch.limits import report_repaired_page
        from .engine import recognize_crops_placed

        report_repaired_page()
        if self._pdf is None:
            self._pdf = pdfium.PdfDocument(str(self.path))
        page = self._pdf[po.number - 1]
        opened = []

        def twins(step: int):
            from ..pdf.pdfium_reader import read_page
            n = po.number + step
            if not 1 <= n <= len(self._pdf):
                return None
            other = self._pdf[n - 1]
            opened.append(other)
            twin = read_page(other, n)
            render = render_for(other, twin)
            return (twin, render) if render is not None else None
        try:
            render = render_for(page, po)
            n = repair_page(po, render, recognize_crops_placed, self.memory, twins) if render is not None else 0
        finally:
            page.close()
            for p in opened:
                p.close()
        if n:
            self.result.pages.append(po.number)
            self.result.glyphs += n
        return n

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
