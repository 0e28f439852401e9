"""PDF producers for the producer matrix: the same report rendered the ways researchers' PDFs are made.

Each producer is a function ``render(src, out_pdf) -> out_pdf`` that raises ``ProducerMissing`` when its
program is not installed (so a test can skip it on a developer's machine and fail in CI) and
``ProducerFailed`` when the program ran but produced no PDF.  Nothing in a rendered document is trusted:
every program runs headless, with a throw-away profile, local files only and a time limit.

- ``libreoffice``: DOCX → PDF (Writer's export, as the generator does)
- ``chromium``: HTML → PDF with headless Chromium ``--print-to-pdf`` (a researcher saving a web page)
- ``wkhtmltopdf``: HTML → PDF with Qt WebKit, JavaScript off
- ``ghostscript``: any PDF re-distilled with ``pdfwrite`` (printer drivers, "optimised" PDFs)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Sequence

RENDER_TIMEOUT = 180  # seconds per document; a stuck renderer costs only its own file
BATCH_TIMEOUT = 1800  # seconds for one LibreOffice run over many files


class ProducerMissing(RuntimeError):
    """The producer's program is not installed."""


class ProducerFailed(RuntimeError):
    """The producer ran but gave no PDF."""


def _which(*names: str) -> str:
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    raise ProducerMissing(f"producer missing: none of {', '.join(names)} is installed")


def _run(cmd: Sequence[str], out: Path, timeout: int = RENDER_TIMEOUT, env: dict | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    try:
        proc = subprocess.run(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                              env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        raise ProducerFailed(f"{Path(cmd[0]).name} timed out after {timeout}s on {out.name}") from e
    if not out.exists() or out.stat().st_size == 0:
        tail = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ProducerFailed(f"{Path(cmd[0]).name} gave no PDF for {out.name} (exit {proc.returncode}) {tail[0][:200]}")
    return out


# ---------------------------------------------------------------- programs

def libreoffice_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def libreoffice_many(docx_files: Sequence[Path], out_dir: Path, timeout: int = BATCH_TIMEOUT) -> list[Path]:
    """DOCX → PDF with one LibreOffice run (start-up dominates; batching is ~10× faster)."""
    soffice = _which("soffice", "libreoffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as prof:
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{prof}/p", "--headless", "--convert-to", "pdf",
                            "--outdir", str(out_dir)] + [str(p) for p in docx_files], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                           timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise ProducerFailed(f"soffice timed out after {timeout}s") from e
    out = [out_dir / (Path(p).stem + ".pdf") for p in docx_files]
    missing = [p.name for p in out if not p.exists()]
    if missing:
        raise ProducerFailed(f"soffice gave no PDF for {', '.join(missing[:5])}")
    return out


def libreoffice(src: Path, out: Path) -> Path:
    tmp = out.parent / f".lo-{out.stem}"
    pdf = libreoffice_many([src], tmp)[0]
    out.unlink(missing_ok=True)
    shutil.move(str(pdf), str(out))
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def chromium(src: Path, out: Path) -> Path:
    """HTML → PDF as a browser's "save as PDF" (no header/footer, A4 default page)."""
    exe = _which("chromium", "chromium-browser", "google-chrome")
    with tempfile.TemporaryDirectory() as prof:
        return _run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={prof}",
                     "--no-pdf-header-footer", f"--print-to-pdf={out}", Path(src).resolve().as_uri()], out)


def wkhtmltopdf(src: Path, out: Path) -> Path:
    exe = _which("wkhtmltopdf")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return _run([exe, "--quiet", "--disable-javascript", "--disable-local-file-access", "--allow",
                 str(Path(src).resolve().parent), "--encoding", "utf-8", str(Path(src).resolve()), str(out)],
                out, env=env)


def ghostscript(src: Path, out: Path) -> Path:
    """Re-distil a PDF with pdfwrite (fonts re-embedded and re-encoded, content streams rewritten)."""
    exe = _which("gs")
    return _run([exe, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}",
                 str(src)], out)


PRODUCERS: dict[str, Callable[[Path, Path], Path]] = {
    "libreoffice": libreoffice, "chromium": chromium, "wkhtmltopdf": wkhtmltopdf, "ghostscript": ghostscript,
}
PROGRAMS = {"libreoffice": ("soffice", "libreoffice"), "chromium": ("chromium", "chromium-browser", "google-chrome"),
            "wkhtmltopdf": ("wkhtmltopdf",), "ghostscript": ("gs",)}
INPUT_KIND = {"libreoffice": "docx", "chromium": "html", "wkhtmltopdf": "html", "ghostscript": "pdf"}


def available(name: str) -> bool:
    return any(shutil.which(p) for p in PROGRAMS[name])


RENDER_ATTEMPTS = 2  # a headless browser on a loaded machine now and then exits without a PDF; once more does it


def render(name: str, src: Path, out: Path) -> Path:
    if name not in PRODUCERS:
        raise ValueError(f"unknown producer {name!r} (known: {', '.join(PRODUCERS)})")
    for _ in range(RENDER_ATTEMPTS - 1):
        try:
            return PRODUCERS[name](Path(src), Path(out))
        except ProducerFailed:
            pass
    return PRODUCERS[name](Path(src), Path(out))


# ---------------------------------------------------------------- the matrix: generated reports × producers

# variant → (producer, what it renders, table rules, landscape, re-distilled from)
VARIANTS: dict[str, dict] = {
    "libreoffice": {"producer": "libreoffice", "source": "docx", "borders": "ruled"},
    "libreoffice-borderless": {"producer": "libreoffice", "source": "docx", "borders": "none"},
    "libreoffice-threeline": {"producer": "libreoffice", "source": "docx", "borders": "three-line"},
    "libreoffice-landscape": {"producer": "libreoffice", "source": "docx", "borders": "ruled", "landscape": True},
    "chromium": {"producer": "chromium", "source": "html", "borders": "ruled"},
    "chromium-borderless": {"producer": "chromium", "source": "html", "borders": "none"},
    "chromium-threeline": {"producer": "chromium", "source": "html", "borders": "three-line"},
    "wkhtmltopdf": {"producer": "wkhtmltopdf", "source": "html", "borders": "ruled"},
    "ghostscript-libreoffice": {"producer": "ghostscript", "source": "pdf", "of": "libreoffice"},
    "ghostscript-chromium": {"producer": "ghostscript", "source": "pdf", "of": "chromium"},
    "ghostscript-wkhtmltopdf": {"producer": "ghostscript", "source": "pdf", "of": "wkhtmltopdf"},
}


def programs_for(variant: str) -> list[str]:
    """Every producer a variant needs (a re-distilled PDF needs the first producer too)."""
    v = VARIANTS[variant]
    return [v["producer"]] + (programs_for(v["of"]) if "of" in v else [])


def missing_programs(variant: str) -> list[str]:
    return [p for p in programs_for(variant) if not available(p)]


def render_variant(variant: str, gens: Sequence, work: Path, seed: int = 0) -> tuple[dict[str, Path], list[str]]:
    """PDFs of generated reports (``generator.Generated``, DOCX already written under ``work/reports``) for one
    matrix variant, in ``work/<variant>/``.  A PDF in which the producer lost table rows (LibreOffice, seen) is
    left out and named in the second return value.  Raises ProducerMissing when a program is missing."""
    import random

    from . import generator

    v = VARIANTS[variant]
    missing = missing_programs(variant)
    if missing:
        raise ProducerMissing(f"producer missing for {variant}: {', '.join(missing)}")
    out_dir = work / variant
    out_dir.mkdir(parents=True, exist_ok=True)
    reports = work / "reports"
    pdfs: dict[str, Path] = {}
    if v["source"] == "pdf":
        base, base_dropped = render_variant(v["of"], gens, work, seed)
        for stem, pdf in base.items():
            pdfs[stem] = ghostscript(pdf, out_dir / f"{stem}.pdf")
        dropped = list(base_dropped)
    elif v["source"] == "docx":
        if v["borders"] == "ruled" and not v.get("landscape"):
            srcs = [reports / f"{g.stem}.docx" for g in gens]
        else:
            srcs = [generator.restyle_docx(reports / f"{g.stem}.docx", out_dir / "docx" / f"{g.stem}.docx",
                                           borders=v["borders"], landscape=bool(v.get("landscape"))) for g in gens]
        for p in libreoffice_many(srcs, out_dir):
            pdfs[p.stem] = p
        dropped = []
    else:
        dropped = []
        for g in gens:
            rng = random.Random(f"{seed}-{g.stem}-{v['borders']}")
            html = generator.docx_to_html(reports / f"{g.stem}.docx", out_dir / "html" / f"{g.stem}.html",
                                          generator.HtmlLook.random(rng, v["borders"]))
            pdfs[g.stem] = render(v["producer"], html, out_dir / f"{g.stem}.pdf")
    by_stem = {g.stem: g for g in gens}
    for stem in list(pdfs):
        if stem in by_stem and not generator._pdf_complete(pdfs[stem], by_stem[stem]):
            pdfs.pop(stem).unlink(missing_ok=True)
            dropped.append(stem)
    return pdfs, sorted(set(dropped))


def score(results: Sequence, gens: Sequence) -> dict[str, tuple[int, int, int, int]]:
    """Scores per source as ``xxgk eval`` counts them (extract/evaluate.py): source → (tp_precision,
    n_predicted, tp_recall, n_required), summed over the reports."""
    import pandas as pd

    from ..evaluate import _score

    totals = {"table": [0, 0, 0, 0], "text": [0, 0, 0, 0]}
    for res, g in zip(results, gens):
        gold = pd.DataFrame([{"indicator": r.indicator, "dimension": r.dimension, "source": r.source,
                              "value": r.value, "required": r.required, "note": r.note} for r in g.gold])
        recs = pd.DataFrame(res.records or [], columns=["indicator", "dimension", "value", "raw", "source"])
        for source in totals:
            s = _score(g.stem, source, gold[gold["source"] == source], recs[recs["source"] == source])
            for k, x in enumerate((s.tp_precision, s.n_predicted, s.tp_recall, s.n_required)):
                totals[source][k] += x
    return {k: tuple(v) for k, v in totals.items()}


def ratios(t: tuple[int, int, int, int]) -> tuple[float, float]:
    """(precision, recall) of summed counts."""
    return (t[0] / t[1] if t[1] else 1.0, t[2] / t[3] if t[3] else 1.0)
