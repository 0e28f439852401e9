"""The recognizer: one rapidocr instance per process, created on first use.

rapidocr-onnxruntime ships the PP-OCRv4 detection and recognition models inside its wheel, so
nothing is downloaded at run time (tests/test_ocr_engine.py checks it with the network refused).
Detection runs once per page; the angle classifier is off (pages are upright after deskew).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path
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


THREADS_ENV = "XXGK_OCR_THREADS"  # onnxruntime threads per process; the batch sets it from its worker count


def threads_per_worker(workers: int) -> int:
    """The cores shared out among a batch's worker processes: onnxruntime otherwise starts a thread per
    core in every worker, and N workers on N cores then fight over them."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def share_threads(workers: int) -> None:
    """Give each of a batch's worker processes its share of the cores, through the environment they
    inherit (set before the workers start)."""
    os.environ[THREADS_ENV] = str(threads_per_worker(workers))


def _threads() -> int:
    """Threads for this process's recognizer: -1 (onnxruntime's default, every core) unless set."""
    try:
        n = int(os.environ.get(THREADS_ENV, "-1"))
    except ValueError:
        return -1
    return n if n >= 1 else -1


def engine():
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                try:
                    from rapidocr_onnxruntime import RapidOCR
                    threads = _threads()
                    _ENGINE = RapidOCR(use_cls=False, max_side_len=DETECTOR_MAX_SIDE, text_score=TEXT_SCORE_MIN,
                                       intra_op_num_threads=threads, inter_op_num_threads=threads)
                except Exception as e:  # pragma: no cover - depends on the installation
                    raise OcrUnavailable(f"OCR engine unavailable: {type(e).__name__}: {str(e)[:100]}") from e
    return _ENGINE


def _dev_cache(kind: str, image_or_list, compute):
    """Development aid: with XXGK_OCR_CACHE=DIR set, the recognizer's raw output is kept per image hash in
    DIR, so a change after recognition is measured again in seconds.  Unset (always, in use), nothing is kept."""
    folder = os.environ.get("XXGK_OCR_CACHE")
    if not folder:
        return compute()
    h = hashlib.sha1(kind.encode())
    for a in (image_or_list if isinstance(image_or_list, list) else [image_or_list]):
        h.update(str(a.shape).encode())
        h.update(np.ascontiguousarray(a).tobytes())
    path = Path(folder) / f"{h.hexdigest()}.pkl"
    if path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    out = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(out, f)
    os.replace(tmp, path)
    return out


def recognize(image: np.ndarray) -> list[TextBox]:
    """Text lines in an image (grayscale or RGB uint8 array), each with per-character boxes."""
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    result = _dev_cache("det", image, lambda: engine()(image, use_cls=False, return_word_box=True,
                                                          text_score=TEXT_SCORE_MIN)[0])
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


def _rgb(crops: list[np.ndarray]) -> list[np.ndarray]:
    """The recognizer takes three channels: grayscale crops stacked."""
    return [np.stack([c] * 3, axis=-1) if c.ndim == 2 else c for c in crops]


def recognize_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognition alone (no detection) on small images that each hold one piece of text."""
    if not crops:
        return []
    imgs = _rgb(crops)
    res = _dev_cache("rec", imgs, lambda: engine().text_rec(imgs)[0])
    return [(t, float(s)) for t, s in res]


REC_HEIGHT = 48  # the recognizer reads a crop scaled to this height ...
REC_STRIDE = 8   # ... and decodes one column per this many pixels of it


def recognize_crops_placed(crops: list[np.ndarray]) -> list[tuple[str, float, Optional[list[float]]]]:
    """Recognition alone on small images, with where each character was read: the x of its decoding column
    in the crop's pixels (None when the recognizer gives no columns).  Spaces are left out of the text."""
    if not crops:
        return []
    imgs = _rgb(crops)
    res = _dev_cache("recw", imgs, lambda: engine().text_rec(imgs, True)[0])
    out = []
    for img, item in zip(imgs, res):
        text, score = item[0], float(item[1])
        xs = None
        if len(item) > 2 and item[2]:
            words, cols = item[2][1], item[2][2]
            chars = [c for w in words for c in w]
            at = [x for w in cols for x in w]
            if len(chars) == len(at) and "".join(chars) == "".join(text.split()):
                k = img.shape[0] / REC_HEIGHT
                xs = [(c + 0.5) * REC_STRIDE * k for c in at]
                text = "".join(chars)
        out.append(("".join(text.split()) if xs is None else text, score, xs))
    return out
