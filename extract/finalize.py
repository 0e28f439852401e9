"""What a run writes after its five tables: duplicates marked in ``reports``, the panel, the data package, and the
figures when asked.

Reads only the finished outputs, so it can be run again on any output folder (``finalize_outputs(OUT)``).
Figures are drawn only when asked (``xxgk run --figures``, ``xxgk figures OUT``, ``figures=True``): matplotlib
costs a run about 2 s of CPU, more than reading 100 text-layer pages, and they are a summary a table viewer
or a notebook redraws anyway.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pandas as pd

from .api import _read_table
from .writers import write_table

RECORD_COLUMNS = ["report_id", "indicator", "dimension", "value", "source"]


def finalize_outputs(out_dir, figures: bool = False, figure_helper=None) -> list[Path]:
    """``figures``: draw ``OUT/figures/*.png`` too (else figures an earlier run drew are removed: they would no
    longer show these tables); ``figure_helper``: a `figures.FigureHelper` started with the run, to draw them
    beside this process (the same PNGs); without one, or when it fails, they are drawn here."""
    from .datapackage import write_datapackage
    from .duplicates import find_duplicates
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
    if figures:
        written += draw_figures(out_dir, reports, panel, figure_helper)
    else:
        remove_figures(out_dir)
    written.append(write_datapackage(out_dir))
    return written


def draw_figures(out_dir, reports: Optional[pd.DataFrame] = None, panel: Optional[pd.DataFrame] = None,
                 figure_helper=None) -> list[Path]:
    """The PNG charts of a finished run, from its tables (read from ``out_dir`` where not given)."""
    from .figures import write_figures

    out_dir = Path(out_dir)
    drawn = figure_helper.draw(out_dir) if figure_helper is not None else None
    if drawn is None:
        reports = reports if reports is not None else _read_table(out_dir, "reports", ["status"])
        panel = panel if panel is not None else _read_table(out_dir, "panel")
        checks = _read_table(out_dir, "checks", ["report_id", "check", "ok"])
        drawn = write_figures(out_dir, reports, checks, panel)
    return drawn


def remove_figures(out_dir) -> None:
    from .figures import FIGURES

    fig_dir = Path(out_dir) / "figures"
    for name in FIGURES:
        (fig_dir / name).unlink(missing_ok=True)
    try:
        fig_dir.rmdir()
    except OSError:  # absent, or holds files of the researcher's own
        pass
