"""Scanned versions of PDFs with known answers: each page rendered (pypdfium2) at 150–300 dpi, grayscale,
turned by a small random skew (within ±1°), lightly blurred or JPEG-compressed, and written back as an
image-only PDF (Pillow).  The gold of the source report holds unchanged.

    python3 -m extract.testing.scans SRC_DIR OUT_DIR [--dpi 200] [--seed 1]
"""
from __future__ import annotations

import argparse
import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PIL import Image, ImageFilter

MAX_SKEW_DEG = 1.0
DPI_CHOICES = (150, 200, 300)


@dataclass
class ScanStyle:
    dpi: int
    skew: float       # degrees, counter-clockwise
    blur: float       # Gaussian radius in pixels (0 = none)
    jpeg: Optional[int]  # JPEG quality, None = lossless


def random_style(rng: random.Random, dpi: Optional[int] = None) -> ScanStyle:
    blur_not_jpeg = rng.random() < 0.5
    return ScanStyle(dpi=dpi or rng.choice(DPI_CHOICES), skew=round(rng.uniform(-MAX_SKEW_DEG, MAX_SKEW_DEG), 2),
                     blur=round(rng.uniform(0.3, 0.8), 2) if blur_not_jpeg else 0.0,
                     jpeg=None if blur_not_jpeg else rng.randint(55, 85))


def scan_page(img: Image.Image, style: ScanStyle) -> Image.Image:
    img = img.convert("L")
    if style.skew:
        img = img.rotate(style.skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    if style.jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=style.jpeg)
        buf.seek(0)
        img = Image.open(buf).convert("L")
    return img


def scan_pdf(src: Path, dst: Path, style: ScanStyle, rng: Optional[random.Random] = None) -> int:
    """Write an image-only copy of src; each page gets its own skew when rng is given. Returns pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    pages = []
    try:
        for page in pdf:
            img = page.render(scale=style.dpi / 72.0, grayscale=True).to_pil()
            st = style
            if rng is not None:
                st = ScanStyle(style.dpi, round(rng.uniform(-MAX_SKEW_DEG, MAX_SKEW_DEG), 2), style.blur, style.jpeg)
            pages.append(scan_page(img, st))
            page.close()
    finally:
        pdf.close()
    dst.parent.mkdir(parents=True, exist_ok=True)
    # Pillow embeds grayscale pages as JPEG: at the page's own quality (or 85 for a blurred, lossless page)
    pages[0].save(str(dst), "PDF", resolution=float(style.dpi), save_all=True, append_images=pages[1:],
                  quality=style.jpeg or 85)
    return len(pages)


def scan_set(pdfs: list[Path], out_dir: Path, seed: int = 1, dpi: Optional[int] = None) -> list[tuple[Path, ScanStyle]]:
    rng = random.Random(seed)
    out = []
    for p in pdfs:
        style = random_style(rng, dpi)
        dst = out_dir / p.name
        scan_pdf(p, dst, style, rng)
        out.append((dst, style))
    return out


TABLE_MARGIN_PT = 3.0  # the pasted picture reaches this far beyond the table's outer rules


def picture_tables(src: Path, dst: Path, style: ScanStyle) -> int:
    """A copy of a text PDF whose ruled tables are pasted pictures (as a report made from a word processor
    with the statistics table inserted as a screenshot): each table's area is rendered at style's dpi,
    grayscale, blurred or JPEG'd as a scan (no skew: a pasted picture is level), its text and rules are
    removed from the page and the picture is placed there.  The narrative keeps its text layer; the gold
    of the source holds.  Returns the number of tables turned into pictures."""
    import pypdfium2 as pdfium

    from ..loaders.pdf.geometry import boxes_bbox, ruled_tables
    from ..loaders.pdf.pdfium_reader import PdfiumReader

    reader = PdfiumReader(src)
    bboxes: dict[int, list] = {}
    try:
        for n, po in reader.pages():
            if not isinstance(po, Exception):
                bboxes[n] = [boxes_bbox(b) for b in ruled_tables(po.segments)]
    finally:
        reader.close()
    pdf = pdfium.PdfDocument(str(src))
    count = 0
    flat = ScanStyle(style.dpi, 0.0, style.blur, style.jpeg)
    try:
        for n, boxes in bboxes.items():
            if not boxes:
                continue
            page = pdf[n - 1]
            w, h = page.get_size()
            left, bottom, _r, _t = page.get_mediabox()
            full = page.render(scale=style.dpi / 72.0, grayscale=True).to_pil()
            k = style.dpi / 72.0
            for x0, top, x1, bot in boxes:
                x0, top = max(0.0, x0 - TABLE_MARGIN_PT), max(0.0, top - TABLE_MARGIN_PT)
                x1, bot = min(w, x1 + TABLE_MARGIN_PT), min(h, bot + TABLE_MARGIN_PT)
                pic = scan_page(full.crop((int(x0 * k), int(top * k), int(x1 * k), int(bot * k))), flat)
                # PDF user space: origin bottom-left
                ux0, uy0, ux1, uy1 = left + x0, bottom + (h - bot), left + x1, bottom + (h - top)
                for obj in list(page.get_objects(max_depth=1)):
                    ox0, oy0, ox1, oy1 = obj.get_bounds()
                    cx, cy = (ox0 + ox1) / 2, (oy0 + oy1) / 2
                    if ux0 <= cx <= ux1 and uy0 <= cy <= uy1 and (ox1 - ox0) <= (ux1 - ux0) + 1:
                        page.remove_obj(obj)
                img = pdfium.PdfImage.new(pdf)
                img.set_bitmap(pdfium.PdfBitmap.from_pil(pic.convert("RGB")))
                img.set_matrix(pdfium.PdfMatrix().scale(ux1 - ux0, uy1 - uy0).translate(ux0, uy0))
                page.insert_obj(img)
                count += 1
            page.gen_content()
            page.close()
        dst.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(str(dst))
    finally:
        pdf.close()
    return count


def main() -> None:  # pragma: no cover
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    pdfs = sorted(a.src.glob("*.pdf")) if a.src.is_dir() else [a.src]
    for dst, st in scan_set(pdfs, a.out, a.seed, a.dpi):
        print(f"{dst.name}\tdpi={st.dpi}\tblur={st.blur}\tjpeg={st.jpeg}")


if __name__ == "__main__":  # pragma: no cover
    main()
