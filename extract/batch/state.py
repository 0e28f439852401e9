"""What makes a finished file reusable by a later run: the same bytes, the same extractor, the same options.

A file's row in ``reports`` carries ``_key`` (file + content hash) and ``_version`` (extractor version +
options) in the part files; a re-run reuses it when both match, and redoes it otherwise.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .. import __version__

# Code that does not change a file's rows: engines, command line, scoring, display.
_NOT_EXTRACTION = ("batch/", "cli.py", "evaluate.py", "show.py", "testing/")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the extraction code and the patterns it reads, so an edited rule is never served stale."""
    pkg = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    roots = [(pkg, "*.py"), (pkg.parent / "patterns", "*")]
    try:
        from importlib import resources
        installed = Path(str(resources.files("extract.patterns")))
        if not (pkg.parent / "patterns").is_dir():
            roots[1] = (installed, "*")
    except Exception:  # pragma: no cover
        pass
    for base, pattern in roots:
        if not base.is_dir():
            continue
        for p in sorted(base.rglob(pattern)):
            rel = p.relative_to(base).as_posix()
            if not p.is_file() or "__pycache__" in rel or rel.startswith(_NOT_EXTRACTION):
                continue
            h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def version_key(options) -> str:
    opts = ",".join(f"{k}={v}" for k, v in sorted(asdict(options).items()))
    return f"{__version__}+{code_fingerprint()}[{opts}]"


def file_key(file: str, report_id: str) -> str:
    return f"{file}\0{report_id}"
