"""The ``xxgk`` command: run, show, eval."""
from __future__ import annotations

import sys
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
        jobs: int = typer.Option(0, "-j", "--jobs", help="worker processes (0 = one per core; dask: workers of "
                                                         "the LocalCluster it starts)"),
        timeout: float = typer.Option(0, help="seconds allowed per file (0 = from its pages: 60 s + 3 s a page "
                                              "+ 60 s a page that needs OCR)"),
        memory_limit: int = typer.Option(3072, "--memory-limit", help="MB a worker may grow by (0 = no limit)"),
        recycle: int = typer.Option(200, help="files per worker before it is replaced"),
        engine: str = typer.Option("local", help="local (a pool of workers) or dask (a Dask cluster)"),
        scheduler: Optional[str] = typer.Option(None, help="dask: scheduler address (tcp://host:8786); none "
                                                           "starts a LocalCluster"),
        force: bool = typer.Option(False, help="redo every file, even those an earlier run finished"),
        layout: str = typer.Option("files", help="files: NAME.csv + NAME.parquet; dataset: a folder of Parquet "
                                                 "files per table (very large runs)"),
        log_every: int = typer.Option(100, help="without a terminal: a progress line every N files"),
        part_files: int = typer.Option(200, help="files per part written to OUT/.parts/ (at most this many "
                                                 "finished files are redone after a kill)"),
        no_isolation: bool = typer.Option(False, help="run in-process (debugging)"),
        pdf_engine: str = typer.Option("pdfium", "--pdf-engine", help="PDF text-layer reader: pdfium | plumber"),
        ocr: str = typer.Option("auto", help="auto: OCR pages without a usable text layer; off; force: every page"),
        figures: bool = typer.Option(False, "--figures/--no-figures",
                                     help="also draw OUT/figures/*.png (matplotlib: ~2 s a run); "
                                          "`xxgk figures OUT` draws them later")
        ) -> None:
    """Extract every report under PATH into OUT (records, reports, checks, cells, tasks).

    Rows stream to OUT/.parts/ as files finish; re-running the same command after a crash, a kill or
    Ctrl-C resumes, and processes only files that are new or changed.
    """
    from .batch.progress import Progress
    from .batch.runner import ENGINES, Interrupted, run_to_dir
    from .options import Options
    from .pipeline import list_inputs

    if engine not in ENGINES:
        err.print(f"--engine must be one of {', '.join(ENGINES)} (got {engine!r})")
        raise typer.Exit(2)
    if layout not in ("files", "dataset"):
        err.print(f"--layout must be files or dataset (got {layout!r})")
        raise typer.Exit(2)
    if not list_inputs(path):
        err.print(f"no files found under {path}")
        raise typer.Exit(1)
    if ocr not in ("auto", "off", "force"):
        err.print(f"--ocr must be auto, off or force (got {ocr!r})")
        raise typer.Exit(2)
    options = Options(pdf_engine=_engine(pdf_engine), ocr=ocr)
    if no_isolation:
        engine = "inline"
    helper = None
    if figures:
        from .figures import FigureHelper
        helper = FigureHelper()  # imports matplotlib while the files are read, not after
    try:
        summary = run_to_dir(path, out, engine=engine, jobs=jobs, timeout=timeout or None,
                             memory_mb=memory_limit, recycle_after=recycle, force=force, layout=layout,
                             options=options, scheduler=scheduler, argv=sys.argv[1:], part_files=part_files,
                             progress_factory=lambda total, resumed: Progress(total, resumed, every=log_every))
    except BaseException as e:
        if helper is not None:
            helper.close()
        if isinstance(e, Interrupted):
            err.print(str(e), soft_wrap=True)
            raise typer.Exit(130)
        raise
    # The five tables are on disk here (OUT/NAME.parquet): post-processing reads them.
    summary.written += _finalize(out, figures, helper)
    err.print(summary.line(), soft_wrap=True)


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


def _finalize(out: Path, figures: bool = False, helper=None) -> list[Path]:
    """Panel, duplicates, data package (and figures when asked), from the tables just written.  A failure here
    leaves the five tables whole and says so in one line (rerun with ``extract.finalize_outputs(OUT)``)."""
    from .finalize import finalize_outputs
    try:
        return finalize_outputs(out, figures=figures, figure_helper=helper)
    except Exception as e:  # pragma: no cover - a bug here must not cost the run its tables
        err.print(f"panel/figures/datapackage not written: {type(e).__name__}: {str(e)[:200]}")
        return []
    finally:
        if helper is not None:
            helper.close()


@app.command("figures")
def figures_cmd(out_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="a run's output folder")
                ) -> None:
    """Draw OUT/figures/*.png (reports per year and era, status, check failures, headline figures by year) from a
    finished run's tables, and list them in OUT/datapackage.json."""
    from .datapackage import write_datapackage
    from .finalize import draw_figures

    if not (out_dir / "panel.parquet").exists() and not (out_dir / "panel.csv").exists():
        err.print(f"{out_dir}: no panel table (not a finished run's output folder?)")
        raise typer.Exit(1)
    for p in draw_figures(out_dir):
        print(p)
    write_datapackage(out_dir)


@app.command()
def review(out_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="a run's output folder"),
           inputs: Optional[Path] = typer.Option(None, "--inputs", exists=True,
                                                 help="the run's input folder, to show each document's text "
                                                      "(default: from OUT/run.json where it says)")) -> None:
    """Write OUT/review/: an index of every report and one page per report with its figures highlighted."""
    from .review import write_site

    index = write_site(out_dir, inputs=inputs)
    print(index)


@app.command()
def codebook(fmt: str = typer.Option("text", "--format", help="text, csv or md"),
             output: Optional[Path] = typer.Option(None, "-o", "--output", help="write to this file")) -> None:
    """Print the codebook (or write it as CSV / Markdown): what every code means, its unit and eras."""
    from .codebook_doc import FORMATS, render

    if fmt not in FORMATS:
        err.print(f"--format must be one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    text = render(fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        from .writers import _atomic_write
        _atomic_write(output, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        print(output)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
