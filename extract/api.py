"""Python API: run an extraction, or load a finished run, as pandas DataFrames.

    import extract
    tables = extract.run("reports/", out="outputs")     # writes outputs/ as `xxgk run` does
    panel = extract.read("outputs")["panel"]
"""
from __future__ import annotations

import inspect
import shutil
import tempfile
from pathlib import Path
from typing import Optional, Union

import pandas as pd

TABLES = ("reports", "records", "checks", "cells", "tasks", "panel", "panel_columns")


def _read_table(out_dir: Path, name: str, columns: Optional[list[str]] = None) -> Optional[pd.DataFrame]:
    pq, csv = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
    if pq.exists():
        try:
            return pd.read_parquet(pq, columns=columns)
        except (ValueError, KeyError):  # asked for a column an older run does not have
            return pd.read_parquet(pq)
    if csv.exists():
        df = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_values=[""])
        return df[[c for c in columns if c in df.columns]] if columns else df
    return None


def read(out_dir: Union[str, Path], tables: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The tables of a finished run (Parquet where present, else CSV), by name; absent tables are left out."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"{out_dir}: not a run's output folder")
    got = {}
    for name in tables:
        df = _read_table(out_dir, name)
        if df is not None:
            got[name] = df
    return got


def run(path: Union[str, Path], out: Union[str, Path, None] = None, **options) -> dict[str, pd.DataFrame]:
    """Extract every report under ``path`` and return the output tables (reports, records, checks, cells, tasks,
    panel, panel_columns).  With ``out`` the files are written there exactly as ``xxgk run`` writes them; without
    it nothing is left on disk.  ``options``: those of :func:`extract.batch.runner.run_to_dir` (``jobs``,
    ``timeout``, ``engine``, ``force``, ``memory_mb`` …), ``isolate=False`` (in-process), ``figures=True`` (draw
    ``out/figures/*.png`` too), and the run options of :class:`extract.options.Options` (``pdf_engine``, ``ocr``)."""
    from .batch.runner import run_to_dir
    from .finalize import finalize_outputs
    from .options import Options

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    opt_fields = set(inspect.signature(Options).parameters)
    run_opts = Options(**{k: v for k, v in options.items() if k in opt_fields})
    batch = {k: v for k, v in options.items() if k not in opt_fields}
    if batch.pop("isolate", True) is False:
        batch["engine"] = "inline"
    figures = bool(batch.pop("figures", False))
    run_params = set(inspect.signature(run_to_dir).parameters) - {"path", "out", "options"}
    unknown = set(batch) - run_params
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    target = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="xxgk-"))
    try:
        run_to_dir(path, target, options=run_opts, **batch)
        finalize_outputs(target, figures=figures)
        return read(target)
    finally:
        if out is None:
            shutil.rmtree(target, ignore_errors=True)
