"""Pure image steps for scanned pages: deskew and ruling lines (OpenCV morphology).

Images are uint8 grayscale arrays, white paper (255) and dark ink.  Lengths are given in inches
and converted with the image's dpi, so the same constants hold at 150 or 300 dpi.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import cv2
import numpy as np

SKEW_SEARCH_DEG = 2.0     # scans are rotated a little: look for the skew within ±2°
SKEW_COARSE_STEP = 0.1    # degrees
SKEW_FINE_STEP = 0.02     # degrees, refined around the best coarse angle
SKEW_MIN_DEG = 0.04       # below this the page is left as it is (rotation blurs a little)
SKEW_WORK_WIDTH = 1000    # pixels: the angle is estimated on a page scaled to this width
RULE_MIN_INCH = 0.35      # a ruling line is at least this long (longer than any stroke of a character)
SHORT_RULE_MIN_INCH = 0.1   # a vertical rule of a one-line table row, when both its ends meet rules
RULE_END_REACH_INCH = 0.015 # how close a short vertical's end must come to a horizontal rule
RULE_MAX_THICK_INCH = 0.05  # and at most this thick (thicker dark areas are shading, not rules)
RULE_ERASE_PX = 2         # rules are erased with this margin before text recognition


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink = 255, paper = 0 (Otsu: scans differ in contrast)."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def rotate(gray: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate about the centre, counter-clockwise by angle_deg, paper-white borders, same size."""
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _profile_score(bw: np.ndarray, angle: float) -> float:
    rows = rotate(255 - bw, angle)  # rotate paper-white image; ink back to high values below
    prof = (255 - rows).sum(axis=1, dtype=np.float64)
    return float(np.var(prof))


def estimate_skew(gray: np.ndarray) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines and rules horizontal.

    Projection profile: rows of a level page alternate between ink and paper, so the variance of
    the row sums is largest at the right angle.
    """
    h, w = gray.shape[:2]
    scale = min(1.0, SKEW_WORK_WIDTH / max(1, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA) \
        if scale < 1 else gray
    bw = binarize(small)
    if not bw.any():
        return 0.0
    coarse = np.arange(-SKEW_SEARCH_DEG, SKEW_SEARCH_DEG + 1e-9, SKEW_COARSE_STEP)
    best = max(coarse, key=lambda a: _profile_score(bw, a))
    fine = np.arange(best - SKEW_COARSE_STEP, best + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP)
    best = max(fine, key=lambda a: _profile_score(bw, a))
    return float(round(best, 3))


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = estimate_skew(gray)
    if abs(angle) < SKEW_MIN_DEG:
        return gray, 0.0
    return rotate(gray, angle), angle


@dataclass
class PixelRule:
    x0: int
    top: int
    x1: int
    bottom: int
    horizontal: bool


def find_rules(gray: np.ndarray, dpi: float) -> tuple[list[PixelRule], np.ndarray]:
    """Horizontal and vertical ruling lines, and the mask of their pixels.

    Opening the ink with a long thin kernel keeps only runs longer than any character stroke.  A
    table row can be barely taller than its text, so a shorter vertical run is a rule too when both
    its ends meet horizontal rules (a stroke inside a cell stops short of the cell's rules).
    """
    bw = binarize(gray)
    length = max(10, int(RULE_MIN_INCH * dpi))
    short = max(6, int(SHORT_RULE_MIN_INCH * dpi))
    max_thick = max(3, int(RULE_MAX_THICK_INCH * dpi))
    reach = max(2, int(RULE_END_REACH_INCH * dpi))
    rules: list[PixelRule] = []
    mask = np.zeros_like(bw)
    h_mask = None
    for horizontal in (True, False):
        run = length if horizontal else short
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1) if horizontal else (1, run))
        lines = cv2.morphologyEx(bw, cv2.MORPH_OPEN, kernel)
        # bridge one- or two-pixel breaks a blurred or JPEG scan leaves in a rule
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1) if horizontal else (1, 5))
        lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, bridge)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        keep = np.zeros(n, bool)
        for i in range(1, n):
            x, y, w, h, _area = stats[i]
            long_side, thick = (w, h) if horizontal else (h, w)
            if thick > max_thick or long_side < run:
                continue
            if not horizontal and long_side < length and not _ends_on_rules(h_mask, x, y, w, h, reach):
                continue
            keep[i] = True
            rules.append(PixelRule(int(x), int(y), int(x + w), int(y + h), horizontal))
        kept = np.where(keep[labels], 255, 0).astype(np.uint8)
        mask |= kept
        if horizontal:
            h_mask = kept
    return rules, mask


def _ends_on_rules(h_mask: np.ndarray, x: int, y: int, w: int, h: int, reach: int) -> bool:
    cx = slice(max(0, x - 1), x + w + 1)
    top = h_mask[max(0, y - reach):y + reach + 1, cx]
    bottom = h_mask[max(0, y + h - 1 - reach):y + h + reach, cx]
    return bool(top.any() and bottom.any())


def erase(gray: np.ndarray, mask: np.ndarray, margin: int = RULE_ERASE_PX) -> np.ndarray:
    """The page with ruling lines painted white: the recognizer then never reads a rule as 1 or 丨."""
    if not mask.any():
        return gray
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * margin + 1, 2 * margin + 1))
    grown = cv2.dilate(mask, k)
    out = gray.copy()
    out[grown > 0] = 255
    return out


CELL_INSET_INCH = 0.03   # a cell's ink is looked for this far inside its rules (rule remnants stay out)
MIN_INK_PIXELS_INCH2 = 0.0004  # ink smaller than this (in square inches) is a speck, not a mark ...
FLAT_STROKE_MIN_INCH = 0.025   # ... unless it is a flat stroke at least this long: a printed "-" in a small
FLAT_STROKE_ASPECT = 2.5       # font has less ink than a speck (8 × 2 px at 200 dpi) but is this much wider than tall


def is_flat_stroke(width: int, height: int, dpi: float) -> bool:
    """A mark shaped like a dash: long enough not to be a speck, much wider than tall."""
    return width >= FLAT_STROKE_MIN_INCH * dpi and width >= FLAT_STROKE_ASPECT * max(1, height)


def ink_box(bw: np.ndarray, cell: tuple[int, int, int, int], dpi: float) -> Optional[tuple[int, int, int, int]]:
    """The box around the ink inside a cell (pixels), or None for a blank cell.

    Components touching the inset border are remnants of the rules and are ignored."""
    inset = max(2, int(CELL_INSET_INCH * dpi))
    x0, top, x1, bottom = cell[0] + inset, cell[1] + inset, cell[2] - inset, cell[3] - inset
    if x1 - x0 < 3 or bottom - top < 3:
        return None
    sub = bw[top:bottom, x0:x1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    hh, ww = sub.shape
    keep = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if x == 0 or y == 0 or x + w >= ww or y + h >= hh:
            continue
        keep.append((x, y, x + w, y + h, area))
    if sum(k[4] for k in keep) < MIN_INK_PIXELS_INCH2 * dpi * dpi and not any(
            is_flat_stroke(k[2] - k[0], k[3] - k[1], dpi) for k in keep):
        return None
    return (x0 + min(k[0] for k in keep), top + min(k[1] for k in keep),
            x0 + max(k[2] for k in keep), top + max(k[3] for k in keep))
