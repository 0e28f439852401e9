"""Gather per-file results into the output tables and write them."""
from __future__ import annotations

from pathlib import Path

from .pipeline import FileResult
from .writers import write_all

OUTPUTS = ("reports", "records", "checks", "cells", "tasks")


def collect(results: list[FileResult], out: Path) -> list[Path]:
    tables: dict[str, list[dict]] = {name: [] for name in OUTPUTS}
    for r in results:
        tables["reports"].append(r.report)
        tables["records"].extend(r.records)
        tables["checks"].extend(r.checks)
        tables["cells"].extend(r.cells)
        tables["tasks"].extend(r.tasks)
    return write_all(Path(out), tables)
