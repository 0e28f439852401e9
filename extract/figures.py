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


def _reports_by_year(plt, reports, checks, panel):
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
    return fig


def _status(plt, reports, checks, panel):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    status = reports["status"].fillna("failed").value_counts()
    status = status.reindex([s for s in STATUS_COLOURS if s in status.index] +
                            [s for s in status.index if s not in STATUS_COLOURS])
    ax.bar(status.index.astype(str), status.values, color=[STATUS_COLOURS.get(s, "#777") for s in status.index])
    for i, v in enumerate(status.values):
        ax.text(i, v, str(int(v)), ha="center", va="bottom")
    ax.set_ylabel("files")
    ax.set_title(f"Status of {len(reports)} input files")
    return fig


def _check_failures(plt, reports, checks, panel):
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
    return fig


def _headlines_by_year(plt, reports, checks, panel):
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
    return fig


DRAW = {"reports_by_year.png": _reports_by_year, "status.png": _status, "check_failures.png": _check_failures,
        "headlines_by_year.png": _headlines_by_year}


def write_figures(out_dir, reports: pd.DataFrame, checks: Optional[pd.DataFrame], panel: pd.DataFrame,
                  names: Optional[list[str]] = None) -> list[Path]:
    """Draw the figures ``names`` (all of `FIGURES` by default) into ``OUT/figures/``."""
    plt = _pyplot()
    fig_dir = Path(out_dir) / "figures"
    written = []
    for name in names or list(FIGURES):
        fig = DRAW[name](plt, reports, checks, panel)
        written.append(_save(fig, fig_dir / name))
        plt.close(fig)
    return written


# ---------------------------------------------------------------- drawn beside the run

SLOWEST = ["headlines_by_year.png"]  # eight log-scale panels: as long as the other three together
HELPER_WAIT_S = 300  # then the figures are drawn in the run's own process


class FigureHelper:
    """A process forked when a run starts that imports matplotlib while the files are read, and draws the
    figures from OUT's finished tables when `draw` is called, the slowest in a fork of its own: the
    figures cost the run's critical path only their drawing, split over two processes.  Every failure
    (no fork, the helper died, it took too long) returns None: the caller then draws them itself."""

    def __init__(self):
        import multiprocessing as mp
        import os
        self.proc = self.conn = None
        if "fork" not in mp.get_all_start_methods():  # pragma: no cover - Windows
            return
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_helper_main, args=(child, self.conn, os.getpid()), daemon=True)
        try:
            self.proc.start()
        except OSError:  # pragma: no cover - out of processes
            self.proc = None
        finally:
            child.close()

    def draw(self, out_dir, timeout: float = HELPER_WAIT_S) -> Optional[list[Path]]:
        if self.proc is None:
            return None
        try:
            self.conn.send(str(out_dir))
            if not self.conn.poll(timeout):
                return None
            got = self.conn.recv()
        except (OSError, EOFError, ValueError):
            return None
        finally:
            self.close()
        return [Path(p) for p in got] if isinstance(got, list) else None

    def close(self) -> None:
        if self.proc is None:
            return
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()
        self.proc = None


def _helper_main(conn, parent_end, parent_pid: int) -> None:
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle
    parent_end.close()
    try:
        plt = _pyplot()
        plt.figure().canvas.draw()  # the first draw loads fonts and caches
        plt.close("all")
    except Exception:
        pass
    try:
        while not conn.poll(1.0):
            if os.getppid() != parent_pid:  # the run was killed
                return
        out = conn.recv()
    except (EOFError, OSError):
        return
    if out is None:
        return
    try:
        conn.send([str(p) for p in _draw_split(Path(out))])
    except Exception as e:
        conn.send(f"{type(e).__name__}: {e}")


def _draw_split(out: Path) -> list[Path]:
    """All figures from OUT's tables: the slowest in a fork, the others here, in the order of `FIGURES`."""
    import os

    from .api import _read_table

    reports = _read_table(out, "reports", ["status"])
    checks = _read_table(out, "checks", ["report_id", "check", "ok"])
    panel = _read_table(out, "panel")
    if reports is None or panel is None:
        raise FileNotFoundError(f"{out}: no reports or panel table")
    slow = [n for n in FIGURES if n in SLOWEST]
    rest = [n for n in FIGURES if n not in SLOWEST]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - measured in the child
        code = 1
        try:
            write_figures(out, reports, checks, panel, slow)
            code = 0
        finally:
            os._exit(code)
    try:
        write_figures(out, reports, checks, panel, rest)
    finally:
        _, status = os.waitpid(pid, 0)
    if status != 0:  # the fork failed: draw its figures here
        write_figures(out, reports, checks, panel, slow)
    return [out / "figures" / n for n in FIGURES]
