"""The ``xxgk`` command: run, show, eval."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract figures from Chinese government information-disclosure annual reports.")
err = Console(stderr=True)


PDF_ENGINES = ("pdfium", "plumber")


def _engine(name: str) -> str:
    if name not in PDF_ENGINES:
        err.print(f"unknown --pdf-engine {name!r}: one of {', '.join(PDF_ENGINES)}")
        raise typer.Exit(2)
    return name


@app.command()
def run(path: Path = typer.Argument(..., exists=True, help="a folder (searched recursively) or one file"),
        out: Path = typer.Option(Path("outputs"), "-o", "--out", help="output folder"),
        jobs: int = typer.Option(0, "-j", "--jobs", help="worker processes (0 = one per core)"),
        timeout: float = typer.Option(300, help="seconds allowed per file"),
        no_isolation: bool = typer.Option(False, help="run in-process (debugging)"),
        pdf_engine: str = typer.Option("pdfium", "--pdf-engine", help="PDF text-layer reader: pdfium | plumber"),
        ocr: str = typer.Option("auto", help="auto: OCR pages without a usable text layer; off; force: every page")
        ) -> None:
    """Extract every report under PATH into OUT (records, reports, checks, cells, tasks)."""
    from .options import Options
    from .pipeline import list_inputs, run_batch

    if ocr not in ("auto", "off", "force"):
        err.print(f"--ocr must be auto, off or force (got {ocr!r})")
        raise typer.Exit(2)
    from .results import collect

    files = list_inputs(path)
    if not files:
        err.print(f"no files found under {path}")
        raise typer.Exit(1)
    progress = None
    task = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
        progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=err, transient=True)
        progress.start()
        task = progress.add_task("extracting", total=len(files))

    def on_done(_res):
        if progress is not None:
            progress.advance(task)

    try:
        results = run_batch(files, path, jobs=jobs, timeout=timeout, isolate=not no_isolation, on_done=on_done,
                            options=Options(pdf_engine=_engine(pdf_engine), ocr=ocr))
    finally:
        if progress is not None:
            progress.stop()
    written = collect(results, out)
    status = Counter(r.report["status"] for r in results)
    n_rec = sum(len(r.records) for r in results)
    n_fail = sum(r.report.get("n_check_failures") or 0 for r in results)
    err.print(f"{len(results)} files: {status.get('ok', 0)} ok, {status.get('partial', 0)} partial, "
              f"{status.get('failed', 0)} failed, {status.get('skipped', 0)} skipped; "
              f"{n_rec} records, {n_fail} check failures → {out}/ ({len(written)} files)")


@app.command()
def show(file: Path = typer.Argument(..., exists=True, dir_okay=False),
         pdf_engine: str = typer.Option("pdfium", "--pdf-engine", help="PDF text-layer reader: pdfium | plumber")) -> None:
    """Print the document model the loader built: paragraphs, then tables as grids with spans."""
    from .loaders import load
    from .options import Options
    from .show import render

    res = load(file, Options(pdf_engine=_engine(pdf_engine)))
    if res.document is None:
        print(f"{file}: {res.status}: {res.error}")
        raise typer.Exit(1)
    print(render(res.document))
    if res.status != "ok":
        print(f"\nstatus: {res.status}: {res.error}")


@app.command("eval")
def eval_cmd(out_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="a run's output folder"),
             gold: Path = typer.Option(..., "--gold", exists=True, file_okay=False, help="folder of gold CSVs"),
             show_errors: bool = typer.Option(True, help="list every missed or wrong key"),
             source: Optional[str] = typer.Option(None, help="only this source (table or text)")) -> None:
    """Score a run's records against gold CSVs (ANNOTATION.md) and list the misses."""
    from .evaluate import evaluate, format_report

    result = evaluate(out_dir, gold)
    print(format_report(result, show_errors=show_errors, source=source))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
