"""Agency names → a key that is the same across years, an administrative level, and the place.

Reports of one body spell its name differently from year to year (淮安市洪泽区人民政府 / 洪泽区人民政府,
鲸园街道办事处 / 鲸园街道, full-width letters, stray spaces).  The place part of a name is read with the
administrative-division data bundled with ``cpca`` (province / city / county, with the levels above a named
county inferred), so that a name with or without its parent places gets one key; the rest of the name is folded by
the spelling variants in ``patterns/agency_names.yaml``.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Iterable, Optional

import pandas as pd

from .codebook import _read, load_yaml

LEVELS = ("省级", "市级", "县级", "乡镇街道", "部门")
# A department's name ends in one of these (a government's name was folded away before this test).
_DEPARTMENT_END = re.compile(r"(局|委员会|委|办公室|办公厅|办|厅|中心|院|署|会|所|队|站|处|公司|室|部|馆|台|社)$")
_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_EDGE = re.compile(r"^[^\u4e00-\u9fffA-Za-z]+|[^\u4e00-\u9fffA-Za-z]+$")
_LEADING_GOVERNMENT = re.compile(r"^(?:人民)?政府(?=.)")
_OFFICES = {"人民政府办公室"}  # the government's own office: its name starts with 人民政府 and keeps it
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[·•．.、,，:：;；\"“”'‘’《》<>〈〉\-—_/]")


@dataclass(frozen=True)
class Agency:
    agency_key: Optional[str]
    level: Optional[str]  # 省级 市级 县级 乡镇街道 部门, None when the name does not say
    parent: Optional[str]  # the government a department or township belongs to, where the name says it
    province: Optional[str]
    city: Optional[str]
    county: Optional[str]

    def row(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=None)
def _rules() -> dict:
    data = load_yaml(_read("agency_names.yaml"))
    data["_variants"] = [(re.compile(v["pattern"]), v["canonical"]) for v in data.get("variants", [])]
    return data


def clean_name(name: Optional[str]) -> str:
    """Width folded (NFKC), spaces, punctuation and notes in parentheses removed, non-Han edges cut."""
    if _nan(name) is None:
        return ""
    s = unicodedata.normalize("NFKC", str(name))
    s = _SPACE.sub("", s)
    s = _PAREN.sub("", s)
    s = _PUNCT.sub("", s)
    return _EDGE.sub("", s)


def fold_body(body: str) -> str:
    """The body part of a name (after the places) in its one canonical spelling."""
    for pattern, canonical in _rules()["_variants"]:
        if pattern.search(body):
            return pattern.sub(canonical, body)
    return body


def _ends_with(s: str, suffixes: Iterable[str]) -> bool:
    return any(s.endswith(x) for x in suffixes)


def _nan(v) -> Optional[str]:
    """None for every kind of missing (None, NaN, pandas NA, empty)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v == "":
        return None
    return str(v)


def _short_province(p: Optional[str]) -> Optional[str]:
    """山东省 → 山东, 广西壮族自治区 → 广西: the spelling ``reports.province`` uses."""
    if not p:
        return None
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"):
        if p.endswith(suffix) and len(p) > len(suffix):
            return p[: -len(suffix)]
    return p


def describe_many(names: list, provinces: Optional[list] = None) -> list[Agency]:
    """Describe agency names in one pass over the division data (cpca is much faster on a list)."""
    from ._imports import import_without_pkg_resources

    cpca = import_without_pkg_resources("cpca")

    provinces = provinces or [None] * len(names)
    cleaned = [clean_name(n) for n in names]
    out: list[Optional[Agency]] = [None] * len(names)
    todo = [i for i, c in enumerate(cleaned) if c]
    for i, c in enumerate(cleaned):
        if not c:
            out[i] = Agency(None, None, None, _nan(provinces[i]), None, None)
    if not todo:
        return out  # type: ignore[return-value]
    parsed = cpca.transform([cleaned[i] for i in todo], pos_sensitive=True)
    retry = []
    for j, i in enumerate(todo):
        row = parsed.iloc[j]
        hint = _nan(provinces[i])
        got = _short_province(_nan(row["省"]))
        # a county name shared by two provinces (朝阳区): the province the report names decides
        if hint and got and got != hint and int(row["省_pos"]) < 0:
            retry.append(i)
        out[i] = _describe(cleaned[i], row, hint)
    if retry:
        again = cpca.transform([provinces[i] + cleaned[i] for i in retry], pos_sensitive=True)
        for j, i in enumerate(retry):
            row = again.iloc[j]
            if _short_province(_nan(row["省"])) == provinces[i]:
                out[i] = _describe(cleaned[i], row, provinces[i], prefix=len(provinces[i]))
    return out  # type: ignore[return-value]


def describe(name: Optional[str], province: Optional[str] = None) -> Agency:
    return describe_many([name], [province])[0]


def _describe(clean: str, row, hint: Optional[str], prefix: int = 0) -> Agency:
    rules = _rules()
    province, city, county = _nan(row["省"]), _nan(row["市"]), _nan(row["区"])
    if city == "市辖区":
        city = None
    positions = [int(row[k]) for k in ("省_pos", "市_pos", "区_pos")]
    rest = _nan(row["地址"]) or ""
    named = province is not None and any(p >= 0 for p in positions)
    if named:
        start = min(p for p in positions if p >= 0)  # text before the first place is not part of the name
        place_text = clean[start: max(start, len(clean) - len(rest))] if rest and clean.endswith(rest) \
            else clean[start:]
        body = fold_body(rest)
        if body not in _OFFICES:  # 东城区人民政府东华门街道办事处: the parent government spelled out first
            body = fold_body(_LEADING_GOVERNMENT.sub("", rest))
        place_key = "".join(p for p in (province, city, county) if p)
        key = place_key + body
        place_level = "县级" if county else ("市级" if city else "省级")
        government = place_text + "人民政府" if place_text else None
    else:
        place_text, body, key, place_level, government = "", fold_body(clean), fold_body(clean), None, None
        if not key:
            key = clean
        province = None
    level, parent = _level(body, place_level, government, rules)
    return Agency(agency_key=key or None, level=level, parent=parent,
                  province=_short_province(province) or hint, city=city, county=county)


def _level(body: str, place_level: Optional[str], government: Optional[str], rules: dict):
    if body == "":
        return place_level, None
    if _ends_with(body, rules["township_suffixes"]):
        return "乡镇街道", government
    if place_level is None:
        # no division recognised: the name's own suffix says what it is
        if _ends_with(body, rules["county_suffixes"]):
            return "县级", None
        if _ends_with(body, rules["city_suffixes"]):
            return "市级", None
        if _ends_with(body, rules["province_suffixes"]):
            return "省级", None
    if _DEPARTMENT_END.search(body):
        return "部门", government
    return None, government


# Only townships and streets (鲸园街道) are completed: the division data has no places below the county, while a
# department printed without its places (教育局) is too common a name to be placed from another report's.
MIN_BARE_KEY = 3


def complete_keys(agencies: list[Agency]) -> list[Agency]:
    """A township printed without its places (鲸园街道) joins the one placed key of the run that ends with it
    (山东省威海市环翠区鲸园街道), when exactly one does and the provinces do not disagree."""
    placed = [a for a in agencies if a.agency_key and a.county or (a.agency_key and a.city)]
    out = []
    for a in agencies:
        if a.agency_key and not (a.city or a.county) and len(a.agency_key) >= MIN_BARE_KEY and \
                _ends_with(a.agency_key, _rules()["township_suffixes"]) and \
                not (a.province and a.agency_key.startswith(a.province)):
            hits = {p.agency_key: p for p in placed if p.agency_key != a.agency_key
                    and p.agency_key.endswith(a.agency_key)
                    and (a.province is None or p.province == a.province)}
            if len(hits) == 1:
                p = next(iter(hits.values()))
                a = Agency(p.agency_key, a.level or p.level, a.parent or p.parent, p.province, p.city, p.county)
        out.append(a)
    return out
