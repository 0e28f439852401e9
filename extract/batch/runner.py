"""A whole run: inputs → engine → part files → assembled tables + ``run.json``; resumable.

Re-running the same command after a crash, kill -9 or Ctrl-C reuses every file a committed part holds at
the same content hash, extractor version and options, and redoes the rest (files in flight included).
"""
from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from .. import __version__
from ..options import DEFAULT, Options
from .limits import DEFAULT_MEMORY_MB, RECYCLE_AFTER
from .parts import FLUSH_FILES, PARTS_DIR, PartWriter, assemble, committed_parts, done_files, ownership, parts_root
from .state import file_key, version_key

ENGINES = ("local", "dask", "fork")
HASH_THREADS = 4


def make_engine(name: str, jobs: int = 0, timeout: Optional[float] = None, memory_mb: int = DEFAULT_MEMORY_MB,
                recycle_after: int = RECYCLE_AFTER, options: Options = DEFAULT, scheduler: Optional[str] = None):
    if name == "local":
        from .local import LocalEngine
        return LocalEngine(jobs=jobs, timeout=timeout, memory_mb=memory_mb, recycle_after=recycle_after,
                           options=options)
    if name == "dask":
        from .dask import DaskEngine
        return DaskEngine(scheduler=scheduler, jobs=jobs, timeout=timeout, memory_mb=memory_mb,
                          recycle_after=recycle_after, options=options)
    if name == "fork":
        from .fork import ForkEngine
        return ForkEngine(jobs=jobs, timeout=timeout, options=options)
    if name == "inline":
        return InlineEngine(options)
    raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


class InlineEngine:
    """In this process, no limits: for debugging with a debugger or a profiler."""
    name = "inline"

    def __init__(self, options: Options = DEFAULT):
        self.options = options

    def run(self, tasks, root):
        from ..pipeline import process_file
        for i, p in tasks:
            yield i, process_file(Path(p), Path(root), self.options)


@dataclass
class RunSummary:
    out: Path
    files: int = 0
    processed: int = 0
    resumed: int = 0
    counts: Counter = field(default_factory=Counter)
    records: int = 0
    check_failures: int = 0
    seconds: float = 0.0
    written: list = field(default_factory=list)
    interrupted: bool = False

    def line(self) -> str:
        c = self.counts
        resumed = f" ({self.resumed} resumed from an earlier run)" if self.resumed else ""
        return (f"{self.files} files{resumed}: {c.get('ok', 0)} ok, {c.get('partial', 0)} partial, "
                f"{c.get('failed', 0)} failed, {c.get('skipped', 0)} skipped; {self.records} records, "
                f"{self.check_failures} check failures → {self.out}/ ({len(self.written)} files)")


class Interrupted(Exception):
    """Ctrl-C: finished files are saved; the message says how to resume."""


def _hash(path: Path) -> Optional[str]:
    from ..pipeline import report_id
    try:
        return report_id(path)
    except OSError:
        return None


def run_to_dir(path: Path, out: Path, engine: str = "local", jobs: int = 0, timeout: Optional[float] = None,
               memory_mb: int = DEFAULT_MEMORY_MB, recycle_after: int = RECYCLE_AFTER, force: bool = False,
               layout: str = "files", options: Options = DEFAULT, scheduler: Optional[str] = None,
               progress_factory: Optional[Callable] = None, argv: Optional[list] = None,
               part_files: int = FLUSH_FILES) -> RunSummary:
    from ..pipeline import list_inputs, relative_name

    t0 = time.monotonic()
    started = datetime.now(timezone.utc)
    path, out = Path(path), Path(out)
    files = list_inputs(path)
    rels = [relative_name(p, path) for p in files]
    version = version_key(options)
    if force:
        shutil.rmtree(parts_root(out), ignore_errors=True)

    summary = RunSummary(out=out, files=len(files))
    wanted: dict[str, str] = {}
    earlier = done_files(out)
    candidates = [i for i, rel in enumerate(rels) if rel in earlier and earlier[rel].version == version]
    with ThreadPoolExecutor(HASH_THREADS) as pool:  # same bytes as when it was done?
        hashes = dict(zip(candidates, pool.map(lambda i: _hash(files[i]), candidates)))
    todo: list[int] = []
    reused: set[int] = set()
    for i, rel in enumerate(rels):
        prev = earlier.get(rel)
        if prev is not None and i in hashes and hashes[i] == prev.report_id:
            reused.add(i)
            wanted[file_key(rel, prev.report_id)] = version
            summary.counts[prev.status] += 1
            summary.records += prev.n_records
            summary.check_failures += prev.n_check_failures
        else:
            todo.append(i)
    summary.resumed = len(reused)

    progress = progress_factory(len(files), len(reused)) if progress_factory else None
    if progress is not None:
        for status, n in summary.counts.items():
            progress.add(status, n)
    writer = PartWriter(out, version, flush_files=part_files)
    eng = make_engine(engine, jobs=jobs, timeout=timeout, memory_mb=memory_mb, recycle_after=recycle_after,
                      options=options, scheduler=scheduler)
    try:
        for _idx, res in eng.run(((i, files[i]) for i in todo), path):
            rep = res.report
            writer.add(res)
            wanted[file_key(rep["file"], rep["report_id"])] = version
            summary.processed += 1
            summary.counts[rep["status"]] += 1
            summary.records += len(res.records)
            summary.check_failures += rep.get("n_check_failures") or 0
            if progress is not None:
                progress.update(rep["status"])
    except KeyboardInterrupt:
        writer.flush()
        if progress is not None:
            progress.close()
        done = summary.resumed + summary.processed
        raise Interrupted(f"interrupted: {done} of {len(files)} files done and kept in {out / PARTS_DIR}/; "
                          f"run the same command again to resume") from None
    writer.flush()
    if progress is not None:
        progress.close()

    owners = ownership(out, wanted)
    summary.written = assemble(out, owners, layout=layout)
    for part in committed_parts(out):  # parts no current input needs any more
        if part.name not in owners:
            shutil.rmtree(part, ignore_errors=True)
    summary.seconds = round(time.monotonic() - t0, 3)
    _write_run_json(out, summary, started, engine=engine, jobs=jobs, timeout=timeout, memory_mb=memory_mb,
                    recycle_after=recycle_after, force=force, layout=layout, options=options,
                    scheduler=scheduler, input=str(path), version=version, argv=argv)
    summary.written.append(out / "run.json")
    return summary


def _write_run_json(out: Path, s: RunSummary, started: datetime, **settings) -> None:
    from ..writers import _atomic_write

    opts = settings.pop("options")
    version = settings.pop("version")
    body = {"version": __version__, "extractor": version, "started": started.isoformat(timespec="seconds"),
            "ended": datetime.now(timezone.utc).isoformat(timespec="seconds"), "seconds": s.seconds,
            "files": s.files, "processed": s.processed, "resumed": s.resumed,
            "counts": {k: s.counts.get(k, 0) for k in ("ok", "partial", "failed", "skipped")},
            "records": s.records, "check_failures": s.check_failures,
            "options": {**{k: v for k, v in settings.items() if v is not None}, **asdict(opts)}}

    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(body, fh, ensure_ascii=False, indent=2)
            fh.write("\n")

    _atomic_write(out / "run.json", write)
