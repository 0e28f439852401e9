"""Time this project's PDF loader against plain pdfplumber on the same PDFs, in the same run.

    python bench/bench_pdf.py [FOLDER_OR_PDF ...] [--repeat N]

Baseline: pdfplumber ``extract_text()`` + ``extract_tables()`` on every page (what a script
would do).  Ours: ``extract.loaders.load`` (dedupe, tables with spans, frames, continuations,
paragraphs).  Prints pages/s for both and the ratio; runs alternate to share the machine's noise.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from extract.loaders import load  # noqa: E402


def baseline(path: Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def ours(path: Path) -> int:
    res = load(path)
    return res.document.pages if res.document else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(Path(__file__).resolve().parents[1] / "corpus")])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    pdfs: list[Path] = []
    for p in map(Path, a.paths):
        pdfs += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    if not pdfs:
        raise SystemExit("no PDFs found")
    times = {"pdfplumber": [], "xxgk": []}
    pages = 0
    for _ in range(a.repeat):
        for name, fn in (("pdfplumber", baseline), ("xxgk", ours)):
            t0 = time.perf_counter()
            n = sum(fn(p) for p in pdfs)
            times[name].append(time.perf_counter() - t0)
            pages = n
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(pdfs)} PDFs, {pages} pages, median of {a.repeat} runs")
    for k in times:
        print(f"  {k:<10} {pages / med[k]:8.1f} pages/s")
    print(f"  ratio xxgk/pdfplumber throughput: {med['pdfplumber'] / med['xxgk']:.2f}x")


if __name__ == "__main__":
    main()
