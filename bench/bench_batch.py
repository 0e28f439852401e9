"""Batch engine benchmark: memory at 1,000 vs 10,000 files, pool vs fork-per-file throughput, projection.

    PYTHONPATH=. nice -n 10 python3 bench/bench_batch.py [--sizes 1000,10000] [--jobs 2] [--work /tmp/xxgk-bench]
        [--baseline-tree DIR]   # also run the previous code (e.g. `git archive main | tar -x -C DIR`)

All runs happen in this one invocation, on the same machine and inputs, side by side; the figures that
matter are ratios.  Inputs: unique copies (``extract.testing.copies``) cycling through a fixed mix of real
reports (``corpus/``, ``../shared/corpus`` when present, without its snippets) and generated reports
(``extract.testing.generator``: DOCX, some exported to PDF with LibreOffice when it is installed).
Peak memory is of the whole process tree (the command and every worker), sampled every 0.1 s: the sum of
RSS (counts pages shared after fork once per process: an upper bound) and the sum of PSS.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sources(work: Path, n_generated: int, n_pdf: int, mix: str = "full") -> list[Path]:
    from extract.testing.generator import export_pdfs, generate_set

    src = sorted((ROOT / "corpus").iterdir())
    shared = ROOT.parent / "shared" / "corpus"
    if not shared.exists():
        shared = Path("/work/shared/corpus")
    if shared.exists():
        src += sorted(p for p in shared.rglob("*") if p.is_file())  # full reports and text snippets
    gen_dir = work / "generated"
    if not (gen_dir / "done").exists():
        shutil.rmtree(gen_dir, ignore_errors=True)
        gens = generate_set(gen_dir, n_generated, seed=11)
        if n_pdf and shutil.which("soffice"):
            try:
                export_pdfs(gens[:n_pdf], gen_dir)
            except Exception as e:  # pragma: no cover - LibreOffice trouble: fewer PDFs
                print(f"PDF export failed ({e}); generated reports stay DOCX", file=sys.stderr)
        (gen_dir / "done").write_text("")
    src += sorted((gen_dir / "reports").glob("*.docx")) + sorted((gen_dir / "pdf").glob("*.pdf"))
    if mix == "light":  # text and web pages only: the same streaming, a tenth of the CPU
        src = [p for p in src if p.suffix.lower() in (".txt", ".html", ".htm")]
    return src


def inputs(work: Path, src: list[Path], n: int) -> Path:
    from extract.testing.copies import make_copies

    d = work / f"in-{n}"
    if not (d / ".done").exists():
        shutil.rmtree(d, ignore_errors=True)
        make_copies(src, d, n)
        (d / ".done").write_text("")
    return d


def tree_memory(proc: psutil.Process) -> tuple[int, int]:
    rss = pss = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        except psutil.Error:
            pass
    return rss, pss


def run(label: str, tree: Path, d: Path, out: Path, jobs: int, extra: list[str]) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "extract.cli", "run", str(d), "-o", str(out), "-j", str(jobs), *extra]
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(p.pid)
    peak_rss = peak_pss = 0
    parent_cpu = 0.0
    while p.poll() is None:
        rss, pss = tree_memory(ps)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        try:
            t = ps.cpu_times()
            parent_cpu = t.user + t.system
        except psutil.Error:
            pass
        time.sleep(0.1)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the whole tree: every worker was waited for
    tree_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    err = p.stderr.read()
    if p.returncode != 0:
        raise SystemExit(f"{label} failed ({p.returncode}): {err[-2000:]}")
    import pandas as pd
    reports = pd.read_parquet(out / "reports.parquet", columns=["format", "status", "seconds"])
    n = len(reports)
    res = {"label": label, "files": n, "wall_s": round(wall, 1), "files_per_s": round(n / wall, 2),
           "peak_rss_mb": round(peak_rss / 2**20), "peak_pss_mb": round(peak_pss / 2**20),
           "parent_cpu_ms_per_file": round(1000 * parent_cpu / n, 2),
           "tree_cpu_s": round(tree_cpu, 1), "cpu_ms_per_file": round(1000 * tree_cpu / n, 1),
           "status": dict(Counter(reports["status"])),
           "seconds_by_format": {k: round(v, 3) for k, v in reports.groupby("format")["seconds"].mean().items()},
           "mix": dict(Counter(reports["format"]))}
    print(json.dumps(res, ensure_ascii=False), flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/xxgk-bench"))
    ap.add_argument("--generated", type=int, default=10)
    ap.add_argument("--generated-pdf", type=int, default=0)
    ap.add_argument("--baseline-tree", type=Path, help="a checkout of the previous code, run at the small size")
    ap.add_argument("--nodes", type=int, default=10)
    ap.add_argument("--mix", default="full", choices=("full", "light"))
    ap.add_argument("--runs", default="fork,pool_small,pool_large",
                    help="which runs (split them over invocations to use idle cores; --summarize joins them)")
    ap.add_argument("--summarize", nargs="*", type=Path, help="print the comparison from saved results files")
    args = ap.parse_args()
    if args.summarize:
        results = {}
        for f in args.summarize:
            results.update(json.loads(f.read_text()))
        summarize(results, args)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    small, large = (int(x) for x in args.sizes.split(","))
    src = sources(args.work, args.generated, args.generated_pdf, args.mix)
    print(f"mix: {len(src)} sources {dict(Counter(p.suffix.lower() for p in src))}", flush=True)
    d_small, d_large = inputs(args.work, src, small), inputs(args.work, src, large)
    runs = set(args.runs.split(","))
    results = {}
    if args.baseline_tree:
        results["main"] = run(f"previous code, {small}", args.baseline_tree, d_small, args.work / "out-main",
                              args.jobs, [])
    if "fork" in runs:
        results["fork"] = run(f"fork per file, {small}", ROOT, d_small, args.work / "out-fork", args.jobs,
                              ["--engine", "fork", "--timeout", "300"])
    if "pool_small" in runs:
        results["pool_small"] = run(f"pool, {small}", ROOT, d_small, args.work / "out-small", args.jobs, [])
    if "pool_large" in runs:
        results["pool_large"] = run(f"pool, {large}", ROOT, d_large, args.work / "out-large", args.jobs, [])
    if args.baseline_tree and "--baseline-large" in sys.argv:  # pragma: no cover - hours on 2 cores
        results["main_large"] = run(f"previous code, {large}", args.baseline_tree, d_large,
                                    args.work / "out-main-large", args.jobs, [])

    (args.work / f"results-{'-'.join(sorted(runs))}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if {"fork", "pool_small", "pool_large"} <= set(results):
        summarize(results, args)


def summarize(results: dict, args) -> None:
    small = results["pool_small"]["files"]
    large = results["pool_large"]["files"]
    ps, pl, fk = results["pool_small"], results["pool_large"], results["fork"]
    print("\n| run | files | wall s | files/s | CPU ms/file (tree) | peak RSS MB (tree) | peak PSS MB (tree) | "
          "client CPU ms/file |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results.values():
        print(f"| {r['label']} | {r['files']} | {r['wall_s']} | {r['files_per_s']} | {r['cpu_ms_per_file']} | "
              f"{r['peak_rss_mb']} | {r['peak_pss_mb']} | {r['parent_cpu_ms_per_file']} |")
    print(f"\nmemory {large} / {small} files: RSS {pl['peak_rss_mb'] / ps['peak_rss_mb']:.2f}x, "
          f"PSS {pl['peak_pss_mb'] / ps['peak_pss_mb']:.2f}x (must be <= 1.25)")
    print(f"throughput pool / fork-per-file at {small}: {ps['files_per_s'] / fk['files_per_s']:.2f}x by wall clock, "
          f"{fk['cpu_ms_per_file'] / ps['cpu_ms_per_file']:.2f}x by CPU per file (must be >= 1; CPU is the fair "
          f"measure when other work shares the cores)")
    if "main" in results:
        m = results["main"]
        print(f"throughput pool / previous code at {small}: {ps['files_per_s'] / m['files_per_s']:.2f}x; "
              f"memory previous / pool at {small}: {m['peak_rss_mb'] / ps['peak_rss_mb']:.2f}x")
    rate = args.jobs * 1000.0 / pl["cpu_ms_per_file"]  # files/s on dedicated cores, from CPU per file
    hours = 100_000 / rate / 3600
    cpu_s = sum(pl["seconds_by_format"][f] * n for f, n in pl["mix"].items()) / pl["files"]
    client_ms = pl["parent_cpu_ms_per_file"]
    per_node = rate / args.jobs  # files/s per core here, whole-run (reading, hashing, writing included)
    cluster_rate = min(per_node * args.jobs * args.nodes, 1000.0 / max(client_ms, 0.01))
    print(f"\nprojection, 100,000 files of this mix: {hours:.1f} h on {args.jobs} cores here "
          f"({rate:.1f} files/s from {pl['cpu_ms_per_file']} ms CPU a file; {pl['files_per_s']} files/s measured on shared cores; mean {cpu_s:.3f} s of extraction per file); on {args.nodes} nodes of "
          f"{args.jobs} cores: {100_000 / cluster_rate / 3600:.2f} h ({cluster_rate:.0f} files/s; the client "
          f"writing parts spends {client_ms} ms a file, a ceiling of {1000 / max(client_ms, 0.01):.0f} files/s)")


if __name__ == "__main__":
    main()
