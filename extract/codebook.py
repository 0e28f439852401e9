"""The codebook and label aliases, loaded from the ``patterns/`` data shipped with the package."""
from __future__ import annotations

import csv
import io
import re
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import yaml

from .normalize import compact


# libyaml's loader where PyYAML was built with it: the same objects as ``yaml.safe_load``, several times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """``yaml.safe_load`` (only plain data: no tags, nothing constructed or run), through libyaml when present."""
    return yaml.load(text, Loader=_YAML_LOADER)


def _read(name: str) -> str:
    """From ``patterns/`` beside the package when running from a source tree (so a checkout's edits win over
    an installed copy), else from the installed package data."""
    source = Path(__file__).resolve().parents[1] / "patterns"
    if (source / "indicators.csv").is_file():
        return (source / name).read_text(encoding="utf-8")
    return resources.files("extract.patterns").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def indicators() -> dict[str, dict]:
    rows = csv.DictReader(io.StringIO(_read("indicators.csv")))
    return {r["code"]: r for r in rows}


@lru_cache(maxsize=None)
def table_labels() -> dict:
    return load_yaml(_read("table_labels.yaml"))


def unit_of(code: str) -> str:
    row = indicators().get(code)
    if not row:
        return ""
    return row["unit"].split(" ")[0]


def is_money(code: str) -> bool:
    return unit_of(code) == "元"


def known(code: str) -> bool:
    return code in indicators()


# ---------------------------------------------------------------- label cleaning and matching

_NUMBERING = re.compile(
    r"^(?:其中[:：]?|[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]\d+[)）]|\d+\s*[、.．](?!\d)|[①-⑳]|[a-zA-Z][.、])+")
_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_PUNCT = re.compile(r"[\s:：,，、。;；\"“”'‘’《》<>〈〉]")


@lru_cache(maxsize=65536)
def clean_label(text: str, keep_parens: bool = False) -> str:
    """Label key: whitespace, numbering, 其中：, notes in parentheses and punctuation removed."""
    s = compact(text)
    prev = None
    while prev != s:
        prev = s
        s = _NUMBERING.sub("", s)
    if not keep_parens:
        stripped = _PAREN.sub("", s)
        if stripped:
            s = stripped
    return _PUNCT.sub("", s)


@lru_cache(maxsize=131072)  # the same label and alias pairs recur on every report of a run
def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=65536)
def _char_counts(s: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def _common_chars(a: str, b: str) -> int:
    """Characters two strings have in common, with multiplicity: an upper bound of the matches
    ``SequenceMatcher`` finds (each matches one character of ``a`` to an equal one of ``b``)."""
    ca, cb = _char_counts(a), _char_counts(b)
    if len(ca) > len(cb):
        ca, cb = cb, ca
    return sum(min(n, cb[ch]) for ch, n in ca.items() if ch in cb)


MATCH_THRESHOLD = 0.72  # below this a label is not taken for an alias (misspellings score ~0.8-0.9)
CONTAIN_SCORE = 0.9  # the alias contained in the label, or the label in the alias


def label_score(label: str, aliases: Iterable[str]) -> float:
    """How well a cleaned label matches the best of the aliases (each cleaned too)."""
    return _label_score(label, aliases if isinstance(aliases, tuple) else tuple(aliases))


@lru_cache(maxsize=262144)  # every table of a run asks about the same labels against the same aliases
def _label_score(label: str, aliases: tuple) -> float:
    best = 0.0
    for a in aliases:
        ka = clean_label(a)
        if not ka:
            continue
        if ka == label:
            return 1.0
        # similarity cannot exceed 2·min(len)/(sum of lens), nor 2·(characters in common)/(sum of lens): skip
        # it when either cannot beat the best so far
        total = len(label) + len(ka)
        s = similarity(label, ka) if (2 * min(len(label), len(ka)) > best * total
                                      and 2.0 * _common_chars(label, ka) / total > best) else 0.0
        if len(ka) >= 2 and (ka in label or (label in ka and len(label) >= max(2, len(ka) * 0.6))):
            # containment is strong, but weaker when the label has much more in it
            s = max(s, CONTAIN_SCORE * min(1.0, (len(ka) + 4) / (len(label) + 4)) + 0.05)
        best = max(best, s)
    return best


def contains_any(text: str, words: Iterable[str]) -> bool:
    k = compact(text)
    return any(compact(w) in k for w in words)


def best_match(label: str, entries: list[dict], context: str = "", key: str = "labels",
               ctx_key: Optional[str] = None) -> tuple[Optional[dict], float]:
    """Pick the entry whose aliases best match ``label``; entries with a context requirement
    count only when ``context`` contains one of its words, and then win ties."""
    lab = clean_label(label)
    if not lab:
        return None, 0.0
    best, best_s = None, 0.0
    for e in entries:
        req = e.get(ctx_key) if ctx_key else None
        if req and not contains_any(context, req):
            continue
        s = label_score(lab, e.get(key, []))
        if req:
            s += 0.02
        if s > best_s:
            best, best_s = e, s
    if best_s < MATCH_THRESHOLD:
        return None, best_s
    return best, best_s
