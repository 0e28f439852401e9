"""How finalize_outputs (duplicates, panel, figures, data package) grows with the size of a run.

    python bench/bench_finalize.py OUT [--factors 1 10 50]

Makes copies of a finished run's reports and records, each copy with fresh report_ids and its own agency names
(so that copies are not duplicates of each other), and times finalize_outputs on each size in the same process.
Prints seconds per 1,000 reports and the ratio to the smallest size: a ratio near 1 means linear growth.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from extract.finalize import finalize_outputs
from extract.writers import write_table

PROVINCES = ["山东省", "江苏省", "福建省", "浙江省", "四川省", "广东省", "河南省", "湖北省"]


def scaled(src: Path, factor: int, dst: Path) -> int:
    reports = pd.read_parquet(src / "reports.parquet").drop(columns=["duplicate_of"], errors="ignore")
    records = pd.read_parquet(src / "records.parquet")
    checks = pd.read_parquet(src / "checks.parquet")
    reps, recs, chks = [], [], []
    for k in range(factor):
        ids = {r: hashlib.sha256(f"{r}/{k}".encode()).hexdigest()[:16] for r in reports.report_id}
        rep = reports.assign(report_id=reports.report_id.map(ids),
                             agency=PROVINCES[k % len(PROVINCES)] + f"第{k}机关" + reports.agency.fillna(""))
        reps.append(rep)
        recs.append(records.assign(report_id=records.report_id.map(ids)))
        chks.append(checks.assign(report_id=checks.report_id.map(ids)))
    dst.mkdir(parents=True, exist_ok=True)
    write_table(dst, "reports", pd.concat(reps, ignore_index=True))
    write_table(dst, "records", pd.concat(recs, ignore_index=True))
    write_table(dst, "checks", pd.concat(chks, ignore_index=True))
    return sum(len(r) for r in reps)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path, help="a finished run's output folder")
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 50])
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-finalize-"))
    base = None
    try:
        for f in a.factors:
            n = scaled(a.out, f, tmp / str(f))
            t0 = time.perf_counter()
            finalize_outputs(tmp / str(f))
            dt = time.perf_counter() - t0
            per_k = dt / n * 1000
            base = base or per_k
            print(f"x{f:<5} {n:>7} reports  {dt:7.2f} s  {per_k:6.2f} s/1000 reports  ratio {per_k / base:4.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
