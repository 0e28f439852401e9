"""Time a whole ``xxgk run`` over text-layer PDFs against plain pdfplumber and pypdfium2, in one run.

    python bench/bench_pdf.py [FOLDER_OR_PDF ...] [--generate N] [--repeat N]

Side by side on the same PDFs, runs alternating so that they share the machine's noise, median of
``--repeat`` runs, each a whole process (interpreter start-up, imports, the jieba dictionary included):

- plain pdfplumber: ``extract_text()`` + ``extract_tables()`` on every page, one process (what a script
  would do; the speed target is twice its pages/s);
- pypdfium2 text only: ``get_textpage().get_text_range()`` on every page (the floor: no layout at all);
- ``xxgk run -j 1 --pdf-engine pdfium`` and ``--pdf-engine plumber``: the whole extraction, one worker
  (the like-for-like comparison with the one-process script); ``xxgk run`` with the default jobs (one worker
  per core) and ``xxgk run -j 1 --figures`` (the figures drawn too) beside them.

Every arm runs with this process's niceness.  Besides wall-clock pages/s it prints each arm's CPU seconds
(user + system, the whole process tree): on a shared machine the wall clock depends on what else runs,
the CPU much less.

Then per stage, in this process, for each engine: load (PDF → document model), tables (recovery and
mapping of every table) and narrative (metadata and text records).  ``--generate N`` adds N generated
reports printed to PDF by LibreOffice (all eras) to the PDFs given.
"""
from __future__ import annotations

import argparse
import logging
import os
import resource
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


ARMS = {  # name → xxgk run arguments (None: a plain script)
    "pdfplumber": None,
    "pypdfium2 text": None,
    "xxgk pdfium": ["-j", "1", "--pdf-engine", "pdfium"],
    "xxgk pdfium -j auto": ["--pdf-engine", "pdfium"],
    "xxgk pdfium figures": ["-j", "1", "--pdf-engine", "pdfium", "--figures"],
    "xxgk plumber": ["-j", "1", "--pdf-engine", "plumber"],
}


def whole_process(name: str, pdfs: list[Path], folder: Path, out: Path) -> tuple[list[str], dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if name == "pdfplumber":
        return [sys.executable, "-c", PLAIN_PDFPLUMBER, *map(str, pdfs)], env
    if name == "pypdfium2 text":
        return [sys.executable, "-c", PDFIUM_TEXT_ONLY, *map(str, pdfs)], env
    target = out / name.replace(" ", "_")
    return [sys.executable, "-m", "extract.cli", "run", str(folder), "-o", str(target), "--force",
            *ARMS[name]], env  # --force: every repeat does the whole work, none resumed


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


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
    ap.add_argument("--arms", nargs="+", default=list(ARMS), choices=list(ARMS), metavar="ARM",
                    help=f"which whole-process arms to run (default all: {', '.join(ARMS)})")
    ap.add_argument("--no-stages", dest="stages", action="store_false", help="skip the in-process stage times")
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
        names = [n for n in ARMS if n in a.arms]
        times: dict[str, list[float]] = {k: [] for k in names}
        cpu: dict[str, list[float]] = {k: [] for k in names}
        for _ in range(a.repeat):
            for name in names:  # interleaved: every arm sees the same stretch of the machine's load
                cmd, env = whole_process(name, pdfs, folder, tmp / "out")
                c0, t0 = children_cpu(), time.perf_counter()
                subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=tmp)  # not the caller's folder: `-m extract` must find ROOT's package
                times[name].append(time.perf_counter() - t0)
                cpu[name].append(children_cpu() - c0)
        med = {k: statistics.median(v) for k, v in times.items()}
        mcpu = {k: statistics.median(v) for k, v in cpu.items()}
        print(f"{len(pdfs)} PDFs, {pages} pages; whole process, median of {a.repeat} runs, "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for k in names:
            print(f"  {k:<20} {pages / med[k]:8.1f} pages/s  {1000 * med[k] / pages:7.1f} ms/page"
                  f"  cpu {mcpu[k]:6.2f} s")
        base, floor = med.get("pdfplumber"), med.get("pypdfium2 text")
        for k in names:
            if not k.startswith("xxgk") or base is None or floor is None:
                continue
            print(f"  {k}: {base / med[k]:.2f}x the pages/s of plain pdfplumber "
                  f"({mcpu['pdfplumber'] / mcpu[k]:.2f}x in CPU); {med[k] / floor:.1f}x the time of pypdfium2 "
                  f"text only ({mcpu[k] / mcpu['pypdfium2 text']:.1f}x in CPU)")
        if not a.stages:
            return
        print("per stage, in-process, median of runs (ms/page):")
        for engine in ("pdfium", "plumber"):
            runs = [stage_times(pdfs, engine) for _ in range(a.repeat)]
            st = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"  {engine:<8} " + "  ".join(f"{k} {1000 * v / pages:6.1f}" for k, v in st.items()))


if __name__ == "__main__":
    main()
