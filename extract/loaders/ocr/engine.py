"""The recognizer: one rapidocr instance per process, created on first use.

rapidocr-onnxruntime ships the PP-OCRv4 detection and recognition models inside its wheel, so
nothing is downloaded at run time (tests/test_ocr_engine.py checks it with the network refused).
Detection runs once per page; the angle classifier is off (pages are upright after deskew).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional

import numpy as np

_ENGINE = None
_LOCK = threading.Lock()

# Pages larger than this (pixels, longest side) are scaled down by the detector anyway: render no larger.
DETECTOR_MAX_SIDE = 2400
TEXT_SCORE_MIN = 0.5  # boxes the recognizer scores below this are dropped (rapidocr's own default)


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be created (package or model missing)."""


@dataclass
class TextBox:
    """One recognized text line: its quad in image pixels, text, score, and a box per character."""
    quad: list[tuple[float, float]]
    text: str
    score: float
    char_boxes: list[tuple[float, float, float, float]]  # (x0, top, x1, bottom) per character of text


def engine():
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                try:
                    from rapidocr_onnxruntime import RapidOCR
                    _ENGINE = RapidOCR(use_cls=False, max_side_len=DETECTOR_MAX_SIDE, text_score=TEXT_SCORE_MIN)
                except Exception as e:  # pragma: no cover - depends on the installation
                    raise OcrUnavailable(f"OCR engine unavailable: {type(e).__name__}: {str(e)[:100]}") from e
    return _ENGINE


def recognize(image: np.ndarray) -> list[TextBox]:
    """Text lines in an image (grayscale or RGB uint8 array), each with per-character boxes."""
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    result, _ = engine()(image, use_cls=False, return_word_box=True, text_score=TEXT_SCORE_MIN)
    out: list[TextBox] = []
    for item in result or []:
        quad, text, score = item[0], item[1], float(item[2])
        words = item[3] if len(item) > 3 else None
        text = text or ""
        if not text.strip():
            continue
        quad = [(float(x), float(y)) for x, y in quad]
        out.append(TextBox(quad=quad, text=text, score=score, char_boxes=_char_boxes(quad, text, words)))
    return out


def _char_boxes(quad, text: str, words: Optional[list]) -> list[tuple[float, float, float, float]]:
    """A box per character: the recognizer's own when it gives one per character, else the line split
    evenly by character count."""
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    top, bottom = min(ys), max(ys)
    if words and len(words) == len(text):
        boxes = []
        for w in words:
            wx = [p[0] for p in w]
            wy = [p[1] for p in w]
            boxes.append((min(wx), min(wy), max(wx), max(wy)))
        return boxes
    x0, x1 = min(xs), max(xs)
    step = (x1 - x0) / max(1, len(text))
    return [(x0 + i * step, top, x0 + (i + 1) * step, bottom) for i in range(len(text))]


def recognize_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognition alone (no detection) on small images that each hold one piece of text."""
    if not crops:
        return []
    imgs = [np.stack([c] * 3, axis=-1) if c.ndim == 2 else c for c in crops]
    res, _ = engine().text_rec(imgs)
    return [(t, float(s)) for t, s in res]
