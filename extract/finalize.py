"""What a run writes after its five tables: duplicates marked in ``reports``, the panel, figures, the data package.

Reads only the finished outputs, so it can be run again on any output folder (``finalize_outputs(OUT)``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .api import _read_table
from .writers import write_table

RECORD_COLUMNS = ["report_id", "indicator", "dimension", "value", "source"]


def finalize_outputs(out_dir) -> list[Path]:
    from .datapackage import write_datapackage
    from .duplicates import find_duplicates
    from .figures import write_figures
    from .panel import build_panel, describe_agencies

    out_dir = Path(out_dir)
    reports = _read_table(out_dir, "reports")
    if reports is None:
        return []
    records = _read_table(out_dir, "records", RECORD_COLUMNS)
    if records is None:
        records = pd.DataFrame(columns=RECORD_COLUMNS)
    records = records.assign(value=pd.to_numeric(records["value"], errors="coerce"))
    for col in ("n_records", "n_cells", "year", "n_check_failures"):
        if col in reports.columns:
            reports[col] = pd.to_numeric(reports[col], errors="coerce").astype("Int32")

    agencies = describe_agencies(reports)
    duplicate_of = find_duplicates(reports, records, agencies["agency_key"])
    reports["duplicate_of"] = duplicate_of.astype("string")
    written = write_table(out_dir, "reports", reports)
    panel, columns = build_panel(reports, records, duplicate_of, agencies)
    written += write_table(out_dir, "panel", panel)
    written += write_table(out_dir, "panel_columns", columns)
    checks = _read_table(out_dir, "checks", ["report_id", "check", "ok"])
    written += write_figures(out_dir, reports, checks, panel)
    written.append(write_datapackage(out_dir))
    return written
