"""Write result tables as CSV (UTF-8 BOM, formula-safe) and Parquet, atomically.

Writers read only results (lists of row dicts); they never look at documents.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd

# Column order and dtypes per output table (OUTPUT.md); extra columns come after these.
SCHEMAS: dict[str, dict[str, str]] = {
    "records": {"report_id": "string", "file": "string", "indicator": "string", "dimension": "string",
                "value": "float64", "unit": "string", "source": "string", "raw": "string",
                "qualifier": "string", "page": "Int32", "locator": "string", "rule": "string"},
    "reports": {"report_id": "string", "file": "string", "format": "string", "status": "string",
                "error": "string", "agency": "string", "year": "Int32", "era": "string", "title": "string",
                "pages": "Int32", "n_records": "Int32", "n_check_failures": "Int32", "seconds": "float64",
                "active_total": "float64", "active_website": "float64", "consult_total": "float64",
                "apply_received": "float64", "apply_result_total": "float64", "review_total": "float64",
                "litigation_total": "float64", "fee_yuan": "float64", "province": "string",
                "n_tables": "Int32", "n_cells": "Int32", "ocr_pages": "string", "repaired_pages": "string"},
    "checks": {"report_id": "string", "file": "string", "check": "string", "scope": "string",
               "expected": "float64", "actual": "float64", "ok": "boolean", "detail": "string"},
    "cells": {"report_id": "string", "file": "string", "table": "Int32", "page": "Int32", "row": "Int32",
              "col": "Int32", "row_span": "Int32", "col_span": "Int32", "text": "string"},
    "tasks": {"report_id": "string", "file": "string", "table": "Int32", "row": "Int32", "seq": "string",
              "task": "string", "requirement": "string", "responsible": "string", "status_text": "string",
              "problems": "string", "next_steps": "string", "page": "Int32"},
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UMASK = os.umask(0)
os.umask(_UMASK)


def frame(name: str, rows: Iterable[dict]) -> pd.DataFrame:
    return coerce(name, pd.DataFrame(list(rows)))


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns first, in order and with their types; extra columns after."""
    schema = SCHEMAS[name]
    for col in schema:
        if col not in df.columns:
            df[col] = pd.Series([None] * len(df), dtype="object")
    extra = [c for c in df.columns if c not in schema]
    df = df[list(schema) + extra]
    for col, dtype in schema.items():
        if dtype == "string":
            df[col] = df[col].astype("object").where(df[col].notna(), None).astype("string")
        elif dtype in ("Int32", "float64"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(dtype)
        elif dtype == "boolean":
            df[col] = df[col].astype("boolean")
    return df


def excel_safe(value):
    """Prefix text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def excel_safe_column(s: pd.Series) -> pd.Series:
    """`excel_safe` on every value of a column; for a text column at once, not one call per value (a run's cells
    and records are hundreds of thousands of values)."""
    if s.dtype == "string":
        risky = s.str.startswith(_FORMULA_START).fillna(False).astype(bool)
        return s.where(~risky, "'" + s) if risky.any() else s
    return s.map(excel_safe, na_action="ignore")


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_table(out_dir: Path, name: str, df: pd.DataFrame) -> list[Path]:
    out_dir = Path(out_dir)
    csv_df = df.copy()
    for col in csv_df.columns:
        if csv_df[col].dtype == "string" or csv_df[col].dtype == object:
            csv_df[col] = excel_safe_column(csv_df[col])
    csv_path = out_dir / f"{name}.csv"
    pq_path = out_dir / f"{name}.parquet"
    _atomic_write(csv_path, lambda tmp: csv_df.to_csv(tmp, index=False, encoding="utf-8-sig"))
    _atomic_write(pq_path, lambda tmp: df.to_parquet(tmp, index=False, engine="pyarrow"))
    return [csv_path, pq_path]


def write_all(out_dir: Path, tables: dict[str, list[dict]]) -> list[Path]:
    written = []
    for name, rows in tables.items():
        written += write_table(out_dir, name, frame(name, rows))
    return written
