"""A figure found in a report, with exactly where it came from."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Optional


@dataclass
class Record:
    indicator: str
    dimension: str
    value: float
    unit: str
    source: str  # table | text
    raw: str
    qualifier: str = ""
    page: Optional[int] = None
    locator: str = ""
    rule: str = ""
    confidence: float = 1.0  # the recognizer's score for a figure read by OCR; 1.0 from a text layer

    def row(self, report_id: str, file: str) -> dict:
        return output_row(self, report_id, file)


_SCALARS = (str, int, float, bool, type(None))


@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def output_row(item, report_id: str, file: str) -> dict:
    """A result as an output-table row, tagged with its report (``asdict``'s deep copy only where a field holds
    more than a plain value: thousands of rows a report)."""
    d = {name: getattr(item, name) for name in _field_names(type(item))}
    if not all(isinstance(v, _SCALARS) for v in d.values()):
        d = asdict(item)
    d["report_id"] = report_id
    d["file"] = file
    return d


@dataclass
class Check:
    check: str
    scope: str
    expected: Optional[float]
    actual: Optional[float]
    ok: bool
    detail: str = ""

    def row(self, report_id: str, file: str) -> dict:
        return output_row(self, report_id, file)
