"""Time a whole ``xxgk run`` over text-layer PDFs against plain pdfplumber and pypdfium2, in one run.

    python bench/bench_pdf.py [FOLDER_OR_PDF ...] [--generate N] [--repeat N]

Side by side on the same PDFs, runs alternating so that they share the machine's noise, median of
``--repeat`` runs, each a whole process (interpreter start-up, imports, the jieba dictionary included):

- plain pdfplumber: ``extract_text()`` + ``extract_tables()`` on every page, one process (what a script
  would do; the speed target is twice its pages/s);
- pypdfium2 text only: ``get_textpage().get_text_range()`` on every page (the floor: no layout at all);
- ``xxgk run -j 1 --pdf-engine pdfium`` and ``--pdf-engine plumber``: the whole extraction, one worker.

Then per stage, in this process, for each engine: load (PDF → document model), tables (recovery and
mapping of every table) and narrative (metadata and text records).  ``--generate N`` adds N generated
reports printed to PDF by LibreOffice (all eras) to the PDFs given.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLAIN_PDFPLUMBER = """
import sys, logging, pdfplumber
logging.disable(logging.WARNING)
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
"""

PDFIUM_TEXT_ONLY = """
import sys, pypdfium2
for path in sys.argv[1:]:
    pdf = pypdfium2.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    pdf.close()
"""


def collect(paths: list[str]) -> list[Path]:
    pdfs: list[Path] = []
    for p in map(Path, paths):
        pdfs += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return pdfs


def generated_pdfs(n: int, out: Path) -> list[Path]:
    from extract.testing.generator import export_pdfs, generate_set

    gens = generate_set(out, n, seed=7)
    pdfs, _ = export_pdfs(gens, out)
    return pdfs


def count_pages(pdfs: list[Path]) -> int:
    import pypdfium2
    n = 0
    for p in pdfs:
        pdf = pypdfium2.PdfDocument(str(p))
        n += len(pdf)
        pdf.close()
    return n


def whole_process(name: str, pdfs: list[Path], folder: Path, out: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if name == "pdfplumber":
        return [sys.executable, "-c", PLAIN_PDFPLUMBER, *map(str, pdfs)], env
    if name == "pypdfium2 text":
        return [sys.executable, "-c", PDFIUM_TEXT_ONLY, *map(str, pdfs)], env
    engine = name.split()[-1]
    return [sys.executable, "-m", "extract.cli", "run", str(folder), "-o", str(out / engine), "-j", "1",
            "--force", "--pdf-engine", engine], env  # --force: every repeat does the whole work, none resumed


def stage_times(pdfs: list[Path], engine: str) -> dict[str, float]:
    """Seconds per stage over all PDFs, in this process."""
    from extract.loaders import load
    from extract.narrative.extractor import extract_text_records
    from extract.narrative.metadata import extract_metadata
    from extract.options import Options
    from extract.tables.flattened import recover_flattened_tables, recover_template_tables
    from extract.tables.mapper import detect_era, map_table

    t = {"load": 0.0, "tables": 0.0, "narrative": 0.0}
    options = Options(pdf_engine=engine)
    for p in pdfs:
        t0 = time.perf_counter()
        doc = load(p, options).document
        t1 = time.perf_counter()
        if doc is None or not doc.blocks:
            t["load"] += t1 - t0
            continue
        recover_flattened_tables(doc)
        recover_template_tables(doc)
        for table in doc.tables:
            map_table(table)
        t2 = time.perf_counter()
        era = detect_era([doc.text])
        md = extract_metadata(doc)
        extract_text_records(doc, era=era, year=md.year)
        t3 = time.perf_counter()
        t["load"] += t1 - t0
        t["tables"] += t2 - t1
        t["narrative"] += t3 - t2
    return t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    ap.add_argument("--generate", type=int, default=0, help="add N generated reports printed by LibreOffice")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    logging.disable(logging.WARNING)  # pdfminer's font warnings
    with tempfile.TemporaryDirectory(prefix="bench_pdf_") as tmp:
        tmp = Path(tmp)
        pdfs = collect(a.paths)
        if a.generate:
            pdfs += generated_pdfs(a.generate, tmp / "generated")
        if not pdfs:
            raise SystemExit("no PDFs found")
        folder = tmp / "input"  # one folder for xxgk run: links to every PDF
        folder.mkdir()
        for i, p in enumerate(pdfs):
            (folder / f"{i:04d}_{p.name}").symlink_to(p.resolve())
        pages = count_pages(pdfs)
        names = ["pdfplumber", "pypdfium2 text", "xxgk pdfium", "xxgk plumber"]
        times: dict[str, list[float]] = {k: [] for k in names}
        for _ in range(a.repeat):
            for name in names:
                cmd, env = whole_process(name, pdfs, folder, tmp / "out")
                t0 = time.perf_counter()
                subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - t0)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{len(pdfs)} PDFs, {pages} pages; whole process, median of {a.repeat} runs")
        for k in names:
            print(f"  {k:<16} {pages / med[k]:8.1f} pages/s  {1000 * med[k] / pages:7.1f} ms/page")
        base, floor = med["pdfplumber"], med["pypdfium2 text"]
        for engine in ("pdfium", "plumber"):
            ours = med[f"xxgk {engine}"]
            print(f"  xxgk {engine}: {base / ours:.2f}x the pages/s of plain pdfplumber; "
                  f"{ours / floor:.1f}x the time of pypdfium2 text only")
        print("per stage, in-process, median of runs (ms/page):")
        for engine in ("pdfium", "plumber"):
            runs = [stage_times(pdfs, engine) for _ in range(a.repeat)]
            st = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"  {engine:<8} " + "  ".join(f"{k} {1000 * v / pages:6.1f}" for k, v in st.items()))


if __name__ == "__main__":
    main()
