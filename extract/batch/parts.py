"""Rows stream to disk as they are made, and the output tables are assembled from them by streaming.

A *part* is a directory ``OUT/.parts/part-NNNNNN/`` holding one Parquet file per table for the files
finished since the previous part.  It is written under a temporary name and renamed when whole, so a
part either exists completely or not at all: a kill -9 loses at most the files not yet flushed, which the
next run redoes.  Assembly reads the parts batch by batch (Parquet row groups) and never holds a table.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..writers import SCHEMAS, _atomic_write, coerce, excel_safe_column, frame
from .state import file_key

TABLES = ("reports", "records", "checks", "cells", "tasks")
HIDDEN = ("_key", "_version")
PARTS_DIR = ".parts"
FLUSH_FILES = 200        # files per part
FLUSH_ROWS = 200_000     # or rows buffered (a few cell-heavy reports)
FLUSH_SECONDS = 30.0     # or time: a kill loses at most this much finished work
BATCH_ROWS = 65_536      # rows per batch while assembling


def parts_root(out: Path) -> Path:
    return Path(out) / PARTS_DIR


def committed_parts(out: Path) -> list[Path]:
    root = parts_root(out)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("part-"))


class PartWriter:
    """Buffers finished files and writes them out as parts, each atomically."""

    def __init__(self, out: Path, version: str, flush_files: int = FLUSH_FILES):
        self.flush_files = max(1, flush_files)
        self.root = parts_root(out)
        self.root.mkdir(parents=True, exist_ok=True)
        self.version = version
        self.pending: list[tuple[dict, object]] = []
        self.n_rows = 0
        self.last_flush = time.monotonic()
        existing = committed_parts(out)
        self.seq = (int(existing[-1].name.split("-")[1]) + 1) if existing else 0
        for stale in self.root.glob(".tmp-*"):  # a part a killed run never finished
            shutil.rmtree(stale, ignore_errors=True)

    def add(self, res) -> None:
        """Take one finished file.  A single append commits it to the buffer, so a Ctrl-C arriving here
        leaves the file either wholly buffered or not at all (then it is redone)."""
        rep = dict(res.report)
        rep["_key"] = file_key(rep["file"], rep["report_id"])
        rep["_version"] = self.version
        rows = len(res.records) + len(res.checks) + len(res.cells) + len(res.tasks)
        self.pending.append((rep, res))
        self.n_rows += rows
        if (len(self.pending) >= self.flush_files or self.n_rows >= FLUSH_ROWS
                or time.monotonic() - self.last_flush >= FLUSH_SECONDS):
            self.flush()

    @property
    def n_files(self) -> int:
        return len(self.pending)

    def flush(self) -> Optional[Path]:
        self.last_flush = time.monotonic()
        if not self.n_files:
            return None
        name = f"part-{self.seq:06d}"
        if (self.root / name).is_dir():  # a flush a Ctrl-C cut short just after its rename: what is pending is in it
            self._committed(len(self.pending))
            return self.root / name
        tmp = self.root / f".tmp-{name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)  # a flush a second Ctrl-C cut short
        tmp.mkdir()
        pending = list(self.pending)
        tables: dict[str, list[dict]] = {"reports": [rep for rep, _ in pending]}
        for table in TABLES[1:]:
            tables[table] = [row for _, res in pending for row in getattr(res, table)]
        for table, rows in tables.items():
            df = frame(table, rows)
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp / f"{table}.parquet")
        final = self.root / name
        os.replace(tmp, final)
        self._committed(len(pending))
        _fsync_dir(self.root)
        return final

    def _committed(self, n: int) -> None:
        self.seq += 1
        self.pending = self.pending[n:]
        self.n_rows = 0


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:  # pragma: no cover - not every filesystem allows it
        pass


class Done(NamedTuple):
    report_id: str
    version: str
    status: str
    n_records: int
    n_check_failures: int


def done_files(out: Path) -> dict[str, Done]:
    """``file → Done`` for every file a committed part holds (the first part that has it wins)."""
    found: dict[str, Done] = {}
    cols = ["file", "report_id", "_version", "status", "n_records", "n_check_failures"]
    for part in committed_parts(out):
        try:
            t = pq.read_table(part / "reports.parquet", columns=cols)
        except (OSError, pa.ArrowException):
            continue  # unreadable part: its files are simply redone
        for f, rid, v, st, nr, nc in zip(*(t.column(c).to_pylist() for c in cols)):
            found.setdefault(f, Done(rid, v, st, nr or 0, nc or 0))
    return found


def ownership(out: Path, wanted: dict[str, str]) -> dict[str, set[str]]:
    """Which keys each part contributes: ``wanted`` maps file → (report_id, version) as ``file_key``s.

    Only rows of current inputs at the current version count, each from the first part that has it, so a
    file never appears twice and a file removed, changed or redone under new options drops out.
    """
    owners: dict[str, set[str]] = {}
    taken: set[str] = set()
    for part in committed_parts(out):
        try:
            t = pq.read_table(part / "reports.parquet", columns=["_key", "_version"])
        except (OSError, pa.ArrowException):
            continue
        keys = set()
        for k, v in zip(t.column("_key").to_pylist(), t.column("_version").to_pylist()):
            if wanted.get(k) == v and k not in taken:
                keys.add(k)
                taken.add(k)
        if keys:
            owners[part.name] = keys
    return owners


def _row_keys(tbl: pa.Table) -> pa.Array:
    return pc.binary_join_element_wise(pc.cast(tbl.column("file"), pa.string()),
                                       pc.cast(tbl.column("report_id"), pa.string()), "\0")


def part_batches(out: Path, table: str, owners: dict[str, set[str]]) -> Iterator[pa.Table]:
    """The wanted rows of one table, part by part, in parts of at most ``BATCH_ROWS`` rows."""
    root = parts_root(out)
    for name, keys in owners.items():
        path = root / name / f"{table}.parquet"
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            tbl = pa.Table.from_batches([batch])
            if tbl.num_rows == 0:
                continue
            mask = pc.is_in(_row_keys(tbl), value_set=pa.array(sorted(keys), pa.string()))
            tbl = tbl.filter(mask)
            if tbl.num_rows:
                yield tbl.drop_columns([c for c in HIDDEN if c in tbl.column_names])


def unified_schema(out: Path, table: str, owners: dict[str, set[str]]) -> pa.Schema:
    """Contract columns first with their types, extra columns after, null-typed only where never seen."""
    base = pa.Schema.from_pandas(frame(table, []), preserve_index=False)
    schemas = [base]
    root = parts_root(out)
    for name in owners:
        s = pq.read_schema(root / name / f"{table}.parquet")
        schemas.append(pa.schema([f for f in s if f.name not in HIDDEN]))
    merged = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    order = [f.name for f in base] + [f.name for f in merged if f.name not in SCHEMAS[table]]
    fields = [merged.field(n) for n in order]
    meta_df = coerce(table, pa.schema(fields).empty_table().to_pandas())
    meta = pa.Schema.from_pandas(meta_df, preserve_index=False).metadata
    return pa.schema(fields, metadata=meta)


def _conform(tbl: pa.Table, schema: pa.Schema) -> pa.Table:
    cols = []
    for f in schema:
        if f.name in tbl.column_names:
            col = tbl.column(f.name)
            cols.append(col if col.type == f.type else pc.cast(col, f.type))
        else:
            cols.append(pa.nulls(tbl.num_rows, f.type))
    return pa.Table.from_arrays(cols, schema=schema)


def assemble(out: Path, owners: dict[str, set[str]], layout: str = "files") -> list[Path]:
    """Write the five tables from the parts: CSV + Parquet per table (or a Parquet dataset per table)."""
    out = Path(out)
    written: list[Path] = []
    for table in TABLES:
        schema = unified_schema(out, table, owners)
        if table == "reports":  # one row per input: small enough to sort by file for a stable order
            batches: Iterable[pa.Table] = _sorted_reports(out, owners, schema)
        else:
            batches = (_conform(b, schema) for b in part_batches(out, table, owners))
        if layout == "dataset":
            written.append(_write_dataset(out / table, schema, batches))
        else:
            written += _write_files(out, table, schema, batches)
    return written


def _sorted_reports(out: Path, owners, schema) -> Iterator[pa.Table]:
    parts = [_conform(b, schema) for b in part_batches(out, "reports", owners)]
    tbl = pa.concat_tables(parts) if parts else schema.empty_table()
    tbl = tbl.sort_by([("file", "ascending")])
    for b in tbl.to_batches(max_chunksize=BATCH_ROWS):
        yield pa.Table.from_batches([b], schema=schema)


def _write_files(out: Path, table: str, schema: pa.Schema, batches: Iterable[pa.Table]) -> list[Path]:
    """One pass over the batches feeds both the Parquet writer and the CSV file."""
    out.mkdir(parents=True, exist_ok=True)
    csv_path, pq_path = out / f"{table}.csv", out / f"{table}.parquet"
    state: dict = {}

    def write_csv(tmp_csv):
        state["csv"] = tmp_csv

        def write_parquet(tmp_pq):
            writer = pq.ParquetWriter(tmp_pq, schema)
            header = True
            with open(tmp_csv, "w", encoding="utf-8-sig", newline="") as fh:
                for tbl in batches:
                    writer.write_table(tbl)
                    _csv_chunk(table, tbl, fh, header)
                    header = False
                if header:
                    _csv_chunk(table, schema.empty_table(), fh, True)
            writer.close()

        _atomic_write(pq_path, write_parquet)

    _atomic_write(csv_path, write_csv)
    return [csv_path, pq_path]


def _csv_chunk(table: str, tbl: pa.Table, fh, header: bool) -> None:
    df = coerce(table, tbl.to_pandas())
    for col in df.columns:
        if df[col].dtype == "string" or df[col].dtype == object:
            df[col] = excel_safe_column(df[col])
    df.to_csv(fh, index=False, header=header, lineterminator="\n")


def _write_dataset(target: Path, schema: pa.Schema, batches: Iterable[pa.Table]) -> Path:
    """A folder of Parquet files (``part-N.parquet``), swapped in whole for the previous one."""
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    n, rows, writer = 0, 0, None
    for tbl in batches:
        if writer is None or rows >= 1_000_000:
            if writer is not None:
                writer.close()
            writer = pq.ParquetWriter(tmp / f"part-{n:05d}.parquet", schema)
            n, rows = n + 1, 0
        writer.write_table(tbl)
        rows += tbl.num_rows
    if writer is None:
        pq.write_table(schema.empty_table(), tmp / "part-00000.parquet")
    else:
        writer.close()
    for p in tmp.iterdir():
        os.chmod(p, 0o644)
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)
    return target
