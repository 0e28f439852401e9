"""OCR accuracy and speed on scanned copies of PDFs with known answers, and the cost of ``--ocr auto`` on text PDFs.

    python bench/bench_ocr.py PDF_DIR GOLD_DIR [--dpi 150,200,300] [--seed 1] [--work DIR] [--jobs 2]

PDF_DIR holds text PDFs (e.g. ``python -m extract.testing.generator OUT --pdf``: OUT/pdf, OUT/gold) and
GOLD_DIR their gold CSVs (same stems).  Each PDF is scanned (extract/testing/scans.py: grayscale,
skew within ±1°, blur or JPEG) at a dpi drawn from --dpi, run through the pipeline, and scored with
``extract.evaluate`` — per era (from the gold file name or the report) and dpi, next to the scores
of the same reports' text PDFs.  Speed, side by side in one run: text PDFs with ``--ocr off`` and
``--ocr auto`` (the ratio should be ~1: OCR stays out of pages with a good text layer), and OCR
seconds per scanned page.  Also lists which figures the checks flagged on the scans (low recognizer
score, or a cell that breaks the table's own arithmetic) and whether each was really wrong.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from extract.evaluate import evaluate  # noqa: E402
from extract.options import Options  # noqa: E402
from extract.pipeline import list_inputs, run_batch  # noqa: E402
from extract.results import collect  # noqa: E402
from extract.testing.scans import picture_tables, random_style, scan_pdf  # noqa: E402


def _image_dpi(pdf_path: Path) -> int:
    """The resolution of a scanned copy: its first page's picture, pixels over inches, rounded to 50."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[0]
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            w_px, _h = obj.get_px_size()
            x0, _y0, x1, _y1 = obj.get_bounds()
            return int(round(w_px / ((x1 - x0) / 72.0) / 50.0) * 50)
    finally:
        pdf.close()
    return 0


def _run(src: Path, out: Path, ocr: str, jobs: int) -> tuple[list, float]:
    t0 = time.perf_counter()
    results = run_batch(list_inputs(src), src, jobs=jobs, timeout=1800, options=Options(ocr=ocr))
    secs = time.perf_counter() - t0
    if out.exists():
        shutil.rmtree(out)
    collect(results, out)
    return results, secs


def _era(name: str, results_by_file: dict) -> str:
    for era in ("pre2019", "t2019", "t2021"):
        if era in name:
            return era
    rep = results_by_file.get(name)
    return rep.report.get("era", "unknown") if rep else "unknown"


def _scores(ev, group_of) -> dict:
    agg = defaultdict(lambda: [0, 0, 0, 0])
    for d in ev.scores:
        for key in (("all", d.source), (group_of(d.doc), d.source)):
            a = agg[key]
            a[0] += d.tp_precision
            a[1] += d.n_predicted
            a[2] += d.tp_recall
            a[3] += d.n_required
    return agg


def _fmt(a) -> str:
    p = a[0] / a[1] if a[1] else float("nan")
    r = a[2] / a[3] if a[3] else float("nan")
    return f"P {p:.3f} ({a[0]}/{a[1]})  R {r:.3f} ({a[2]}/{a[3]})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf_dir", type=Path)
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench_ocr"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--scans", type=Path, default=None,
                    help="reuse these scanned copies (same stems) instead of making new ones; dpi read from the images")
    ap.add_argument("--pictures", type=int, default=0,
                    help="also score N text PDFs whose ruled tables are pasted pictures (scans.picture_tables)")
    a = ap.parse_args()
    pdfs = sorted(a.pdf_dir.glob("*.pdf"))
    if a.limit:
        pdfs = pdfs[:a.limit]
    if not pdfs:
        raise SystemExit("no PDFs")
    dpis = [int(x) for x in a.dpi.split(",")]
    rng = random.Random(a.seed)
    text_dir, scan_dir = a.work / "text", a.work / "scans"
    for d in (text_dir, scan_dir):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    dpi_of, style_of = {}, {}
    for i, p in enumerate(pdfs):
        shutil.copyfile(p, text_dir / p.name)
        if a.scans is not None:
            shutil.copyfile(a.scans / p.name, scan_dir / p.name)
            dpi_of[p.name] = _image_dpi(scan_dir / p.name)
            continue
        style = random_style(rng, dpis[i % len(dpis)])
        scan_pdf(p, scan_dir / p.name, style, rng)
        dpi_of[p.name], style_of[p.name] = style.dpi, style
    pic_dir = a.work / "pictures"
    shutil.rmtree(pic_dir, ignore_errors=True)
    for i, p in enumerate(pdfs[:a.pictures]):
        picture_tables(p, pic_dir / p.name, random_style(rng, dpis[i % len(dpis)]))

    # speed on text PDFs, side by side: --ocr off, --ocr auto, off again (noise)
    _, t_off1 = _run(text_dir, a.work / "out-text-off", "off", a.jobs)
    text_res, t_auto = _run(text_dir, a.work / "out-text-auto", "auto", a.jobs)
    _, t_off2 = _run(text_dir, a.work / "out-text-off", "off", a.jobs)
    scan_res, t_scan = _run(scan_dir, a.work / "out-scans", "auto", a.jobs)

    by_file = {r.report["file"]: r for r in scan_res}
    ev_text = evaluate(a.work / "out-text-auto", a.gold_dir)
    ev_scan = evaluate(a.work / "out-scans", a.gold_dir)
    era = lambda doc: _era(doc, by_file)  # noqa: E731
    n_text_pages = sum(r.report.get("pages") or 0 for r in text_res)
    ocr_pages = sum(len(str(r.report.get("ocr_pages") or "").split(",")) if r.report.get("ocr_pages") else 0
                    for r in scan_res)
    text_ocr = sum(1 for r in text_res if r.report.get("ocr_pages"))
    print(f"{len(pdfs)} reports; scans at dpi {sorted(set(dpi_of.values()))}")
    print("\n## speed (same run)")
    print(f"  text PDFs, {n_text_pages} pages: --ocr off {t_off1:.1f}s / {t_off2:.1f}s, --ocr auto {t_auto:.1f}s "
          f"→ auto/off time ratio {t_auto / min(t_off1, t_off2):.2f}; text PDFs OCRed under auto: {text_ocr}")
    print(f"  scans: {ocr_pages} pages OCRed in {t_scan:.1f}s wall with {a.jobs} jobs → "
          f"{ocr_pages / t_scan:.2f} pages/s, {t_scan * a.jobs / max(1, ocr_pages):.2f} s/page per core")
    per_page = [r.report["seconds"] / max(1, r.report.get("pages") or 1) for r in scan_res]
    print(f"  per report: median {sorted(per_page)[len(per_page) // 2]:.2f} s/page")
    st = defaultdict(int)
    for r in scan_res:
        st[r.report["status"]] += 1
    print(f"  scan status: {dict(st)}")

    s_text, s_scan = _scores(ev_text, era), _scores(ev_scan, era)
    s_dpi = _scores(ev_scan, lambda doc: f"{dpi_of.get(doc, '?')} dpi")
    print("\n## accuracy: scans vs the same reports' text PDFs")
    for group in ["all", "pre2019", "t2019", "t2021"]:
        for src in ("table", "text"):
            if (group, src) in s_scan:
                print(f"  {group:<8} {src:<5} scan {_fmt(s_scan[(group, src)])} | text PDF {_fmt(s_text[(group, src)])}")
    for key in sorted(k for k in s_dpi if k[0] != "all"):
        print(f"  {key[0]:<8} {key[1]:<5} scan {_fmt(s_dpi[key])}")
    s_both = _scores(ev_scan, lambda doc: f"{era(doc)} @{dpi_of.get(doc, '?')}")
    for key in sorted(k for k in s_both if k[0] != "all"):
        print(f"  {key[0]:<14} {key[1]:<5} scan {_fmt(s_both[key])}")
    rt = s_text[("all", "text")]
    rs = s_scan[("all", "text")]
    if rt[3] and rs[3]:
        print(f"  narrative recall ratio scan/text: {(rs[2] / rs[3]) / (rt[2] / rt[3]):.3f}")

    if a.pictures:
        pic_res, t_pic = _run(pic_dir, a.work / "out-pictures", "auto", a.jobs)
        ev_pic = evaluate(a.work / "out-pictures", a.gold_dir)
        s_pic = _scores(ev_pic, era)
        pages = sum(len(str(r.report.get("ocr_pages") or "").split(",")) for r in pic_res if r.report.get("ocr_pages"))
        print(f"\n## {len(pic_res)} text PDFs with their tables pasted as pictures ({pages} pages with pictures OCRed,"
              f" {t_pic:.1f}s)")
        for src in ("table", "text"):
            if ("all", src) in s_pic:
                print(f"  all      {src:<5} {_fmt(s_pic[('all', src)])}")

    print("\n## what the checks flagged on the scans")
    import pandas as pd
    checks = pd.read_csv(a.work / "out-scans" / "checks.csv")
    recs = pd.read_csv(a.work / "out-scans" / "records.csv")
    flagged = checks[checks["check"].isin(["ocr_low_confidence", "ocr_arithmetic"])]
    wrong_keys = {(d.doc, w[0], w[1]) for d in ev_scan.scores if d.source == "table" for w in d.wrong}
    missed_keys = {(d.doc, m[0], m[1]) for d in ev_scan.scores if d.source == "table" for m in d.missed}
    caught = 0
    for _, c in flagged.iterrows():
        ind, dim = str(c["scope"]).rsplit(" [", 1)
        key = (c["file"], ind, dim.rstrip("]"))
        really = "WRONG" if key in wrong_keys else "ok"
        caught += really == "WRONG"
        print(f"  {c['file']}: {c['check']} {c['scope']}: {really}; {c['detail']}")
    print(f"  {len(flagged)} flags, {caught} on figures that were wrong; wrong table figures in all: {len(wrong_keys)}"
          f" (missed {len(missed_keys)})")
    for d in ev_scan.scores:
        for w in d.wrong:
            print(f"  WRONG {d.doc} [{d.source}] {w[0]} [{w[1]}] = {w[2]} raw {str(w[3])[:30]!r}")
    _ = recs


if __name__ == "__main__":
    main()
