"""One file in, one ``FileResult`` out; a batch of files run in isolated worker processes (``extract.batch``).

Results, not exceptions, at the batch boundary: a file that crashes a reader, hangs past the
time limit or is empty still produces its ``reports`` row with a one-line reason.
"""
from __future__ import annotations

import gc
import hashlib
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .loaders import load
from .model import Document
from .options import DEFAULT, Options

DEFAULT_TIMEOUT_S = 300


@dataclass
class FileResult:
    report: dict
    records: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)


def report_id(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def list_inputs(root: Path) -> list[Path]:
    root = Path(root)
    if root.is_file():
        return [root]
    files = [p for p in root.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))]
    return sorted(files)


def relative_name(path: Path, root: Path) -> str:
    root = Path(root)
    if root.is_file():
        return path.name
    return path.relative_to(root).as_posix()


def _base_report(path: Path, root: Path) -> dict:
    try:
        rid = report_id(path)
    except OSError:
        rid = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    return {"report_id": rid, "file": relative_name(path, root), "format": "", "status": "failed", "error": "",
            "agency": None, "year": None, "era": "unknown", "title": None, "pages": None, "n_records": 0,
            "n_check_failures": 0, "seconds": 0.0}


def process_file(path: Path, root: Path, options: Options = DEFAULT) -> FileResult:
    """Load, extract, check; never raises."""
    t0 = time.perf_counter()
    report = _base_report(path, root)
    result = FileResult(report=report)
    try:
        loaded = load(path, options)
        report["format"] = loaded.format
        report["status"] = loaded.status
        report["error"] = loaded.error
        doc = loaded.document
        if doc is not None and doc.blocks:
            report["pages"] = doc.pages
            _extract(doc, result)
    except Exception as e:  # a bug or a hostile file: a result, not a crash
        report["status"] = "failed"
        report["error"] = f"internal error: {type(e).__name__}: {str(e)[:120]}"
        if os.environ.get("XXGK_DEBUG"):
            traceback.print_exc()
    report["seconds"] = round(time.perf_counter() - t0, 3)
    return result


def _extract(doc: Document, result: FileResult) -> None:
    from .stages import run_stages
    run_stages(doc, result)


# ---------------------------------------------------------------- batch

def run_batch(files: list[Path], root: Path, jobs: int = 0, timeout: Optional[float] = None,
              isolate: bool = True, on_done: Optional[Callable[[FileResult], None]] = None,
              options: Options = DEFAULT, engine: str = "local", **engine_options) -> list[FileResult]:
    """Process files in worker processes (``extract.batch``) and return their results in input order.

    Holds every result in memory: for a few hundred files and for tests.  ``xxgk run`` streams instead
    (``extract.batch.runner.run_to_dir``).  ``timeout`` None sizes each file's limit from its pages.
    """
    results: dict[int, FileResult] = {}
    if not isolate or not hasattr(os, "fork"):
        for i, p in enumerate(files):
            results[i] = process_file(p, root, options)
            if on_done:
                on_done(results[i])
        return [results[i] for i in range(len(files))]
    from .batch.runner import make_engine

    eng = make_engine(engine, jobs=jobs, timeout=timeout, options=options, **engine_options)
    for i, res in eng.run(enumerate(files), Path(root)):
        results[i] = res
        if on_done:
            on_done(res)
    return [results[i] for i in range(len(files))]


def _warm_up(pdf_engine: str = "pdfium") -> None:
    """Load patterns and the jieba dictionary (~0.7 s) once, before forking: not once per file; import the
    loaders and stages too (pypdfium2, lxml… ~0.2 s, and pdfplumber with pdfminer for the plumber engine),
    which a forked worker would otherwise import again for every file."""
    from . import stages  # noqa: F401
    from .codebook import indicators, table_labels
    from .loaders import docx_loader, html_loader, legacy_loader, txt_loader  # noqa: F401
    from .loaders.pdf import loader, pdfium_reader  # noqa: F401
    if pdf_engine == "plumber":
        from .loaders.pdf import plumber_reader  # noqa: F401
    from .narrative.extractor import phrasings
    from .narrative.segment import tokenizer

    indicators()
    table_labels()
    phrasings()
    tokenizer().initialize()
    # keep the loaded objects out of the workers' garbage collections: a collection in a forked worker
    # would touch (and so copy) every object of the parent's heap, the dictionary's included
    gc.freeze()


def _failed(path: Path, root: Path, reason: str) -> FileResult:
    rep = _base_report(path, root)
    rep["error"] = reason
    rep["format"] = path.suffix.lstrip(".").lower() or "unknown"
    return FileResult(report=rep)
