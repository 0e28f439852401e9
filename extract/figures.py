"""PNG charts of a run (matplotlib, Agg backend: no display needed), from the output tables only."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pandas as pd

from .stages import HEADLINES
from .writers import _atomic_write

FIGURES = {
    "reports_by_year.png": "reports per year and era (duplicates left out)",
    "status.png": "reports by status",
    "check_failures.png": "failed checks by check",
    "headlines_by_year.png": "distribution of the headline figures by year",
}
ERA_COLOURS = {"pre2019": "#8c6d31", "t2019": "#3182bd", "t2021": "#31a354", "unknown": "#bdbdbd"}
STATUS_COLOURS = {"ok": "#31a354", "partial": "#fd8d3c", "failed": "#de2d26", "skipped": "#969696"}
DPI = 110


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [n for n in ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "SimHei") if n in names]
    plt.rcParams["font.sans-serif"] = cjk + ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _save(fig, path: Path) -> Path:
    _atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight"))
    return path


def _empty(ax, text="no data"):
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#777")
    ax.set_xticks([])
    ax.set_yticks([])


def write_figures(out_dir, reports: pd.DataFrame, checks: Optional[pd.DataFrame], panel: pd.DataFrame) -> list[Path]:
    plt = _pyplot()
    fig_dir = Path(out_dir) / "figures"
    written = []

    fig, ax = plt.subplots(figsize=(8, 4))
    p = panel.dropna(subset=["year"])
    if len(p):
        counts = p.groupby([p["year"].astype(int), p["era"].fillna("unknown")]).size().unstack(fill_value=0)
        counts = counts[[e for e in ERA_COLOURS if e in counts.columns]]
        counts.plot.bar(stacked=True, ax=ax, color=[ERA_COLOURS[e] for e in counts.columns], width=0.8)
        ax.set_xlabel("report year")
        ax.set_ylabel("reports")
        ax.legend(title="era")
    else:
        _empty(ax)
    ax.set_title("Reports per year and era (duplicates left out)")
    written.append(_save(fig, fig_dir / "reports_by_year.png"))
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3.5))
    status = reports["status"].fillna("failed").value_counts()
    status = status.reindex([s for s in STATUS_COLOURS if s in status.index] +
                            [s for s in status.index if s not in STATUS_COLOURS])
    ax.bar(status.index.astype(str), status.values, color=[STATUS_COLOURS.get(s, "#777") for s in status.index])
    for i, v in enumerate(status.values):
        ax.text(i, v, str(int(v)), ha="center", va="bottom")
    ax.set_ylabel("files")
    ax.set_title(f"Status of {len(reports)} input files")
    written.append(_save(fig, fig_dir / "status.png"))
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    if checks is not None and len(checks):
        ok = checks["ok"].astype("boolean").fillna(False).astype(bool)
        by = pd.DataFrame({"failed": (~ok).groupby(checks["check"]).sum(),
                           "passed": ok.groupby(checks["check"]).sum()}).sort_values("failed")
        ax.barh(by.index.astype(str), by["failed"], color="#de2d26", label="failed")
        ax.barh(by.index.astype(str), by["passed"], left=by["failed"], color="#c7e9c0", label="passed")
        for i, v in enumerate(by["failed"]):
            ax.text(v, i, f" {int(v)} failed", va="center", fontsize=8)
        ax.set_xlabel("checks run")
        ax.legend(loc="lower right")
    else:
        _empty(ax, "no checks")
    ax.set_title("Check failures by check")
    written.append(_save(fig, fig_dir / "check_failures.png"))
    plt.close(fig)

    cols = list(HEADLINES)
    fig, axes = plt.subplots(2, 4, figsize=(14, 6))
    for ax, col in zip(axes.flat, cols):
        d = panel[["year", col]].dropna() if col in panel.columns else pd.DataFrame()
        d = d[d[col] > 0] if len(d) else d
        if len(d):
            years = sorted(d["year"].astype(int).unique())
            data = [d.loc[d["year"].astype(int) == y, col].astype(float).values for y in years]
            ax.boxplot(data, showfliers=True)
            ax.set_xticks(range(1, len(years) + 1), [str(y) for y in years])
            ax.set_yscale("log")
            ax.tick_params(axis="x", rotation=60, labelsize=7)
        else:
            _empty(ax)
        ax.set_title(col, fontsize=10)
    fig.suptitle("Headline figures by year (values > 0, log scale; one report per agency and year)")
    fig.tight_layout()
    written.append(_save(fig, fig_dir / "headlines_by_year.png"))
    plt.close(fig)
    return written
