"""The producer matrix, measured: generated reports of every era rendered by every producer, read back, scored.

    python scripts/render_matrix.py --n 60 [--variants chromium,wkhtmltopdf] [--work /tmp/matrix] [--jobs 2]
    python scripts/render_matrix.py --dev CORPUS_DIR --work /tmp/matrix    (dev corpus renderings, see below)

Prints one row per variant: table precision / recall and text recall, with the DOCX of the same reports as the
narrative baseline (the issue's bar: table P/R ≥ 0.99, text R ≥ 0.97 × DOCX).  ``--dev`` renders the corpus's
HTML pages with Chromium and wkhtmltopdf and its PDFs through Ghostscript into WORK/dev-<producer>/, named
like their source so ``xxgk eval --gold GOLD WORK/out-dev-<producer>`` matches them to the source's gold.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.pipeline import run_batch  # noqa: E402
from extract.testing import producers as P  # noqa: E402
from extract.testing.generator import generate_set  # noqa: E402


def _row(name: str, scores: dict, base_text_r: float, n: int, dropped: int, seconds: float) -> str:
    tp, tr = P.ratios(scores["table"])
    _, xr = P.ratios(scores["text"])
    rel = xr / base_text_r if base_text_r else 0.0
    return (f"{name:26s} {n:4d} {dropped:4d}  {tp:6.3f} {tr:6.3f}  {xr:6.3f} {rel:6.3f}  "
            f"{scores['table'][2]:5d}/{scores['table'][3]:<5d} {seconds:6.0f}s")


def matrix(n: int, seed: int, variants: list[str], work: Path, jobs: int) -> None:
    work.mkdir(parents=True, exist_ok=True)
    gens = generate_set(work, n, seed=seed)
    t0 = time.time()
    docx = run_batch([work / "reports" / f"{g.stem}.docx" for g in gens], work / "reports", jobs=jobs)
    base = P.score(docx, gens)
    base_text_r = P.ratios(base["text"])[1]
    print(f"{'variant':26s} {'n':>4s} {'drop':>4s}  {'tab P':>6s} {'tab R':>6s}  {'text R':>6s} {'×docx':>6s}  "
          f"{'table tp/req':>11s}")
    print(_row("docx (baseline)", base, base_text_r, len(gens), 0, time.time() - t0), flush=True)
    for variant in variants:
        t0 = time.time()
        try:
            pdfs, dropped = P.render_variant(variant, gens, work, seed=seed)
        except P.ProducerMissing as e:
            print(f"{variant:26s} skipped: {e}", flush=True)
            continue
        kept = [g for g in gens if g.stem in pdfs]
        results = run_batch([pdfs[g.stem] for g in kept], work / variant, jobs=jobs)
        kept_base = P.score([r for r, g in zip(docx, gens) if g.stem in pdfs], kept)
        print(_row(variant, P.score(results, kept), P.ratios(kept_base["text"])[1], len(kept), len(dropped),
                   time.time() - t0), flush=True)


def dev(corpus: Path, work: Path) -> None:
    for html in sorted(corpus.glob("*.html")):
        for producer in ("chromium", "wkhtmltopdf"):
            try:
                P.render(producer, html, work / f"dev-{producer}" / f"{html.stem}.pdf")
            except (P.ProducerMissing, P.ProducerFailed) as e:
                print(f"{producer} {html.name}: {e}")
        for producer in ("chromium", "wkhtmltopdf"):
            src = work / f"dev-{producer}" / f"{html.stem}.pdf"
            if src.exists():
                P.render("ghostscript", src, work / f"dev-ghostscript-{producer}" / f"{html.stem}.pdf")
    for pdf in sorted(corpus.glob("*.pdf")):
        P.render("ghostscript", pdf, work / "dev-ghostscript" / pdf.name)
    print(f"rendered into {work}/dev-*; score with: xxgk run DIR -o OUT && xxgk eval --gold GOLD OUT")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--variants", default=",".join(P.VARIANTS))
    ap.add_argument("--work", type=Path, default=Path("/tmp/render-matrix"))
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--dev", type=Path, help="render this corpus folder's HTML and PDFs instead")
    a = ap.parse_args()
    if a.dev:
        dev(a.dev, a.work)
    else:
        matrix(a.n, a.seed, [v for v in a.variants.split(",") if v], a.work, a.jobs)


if __name__ == "__main__":
    main()
