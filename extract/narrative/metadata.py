"""Report metadata from the text: title, agency, report year, province."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..model import Document

_TITLE = re.compile(r"(?P<agency>[^\s，,。：:《》“”()（）]{0,40}?)[（(]?(?P<year>(?:19|20)\d{2})\s*年度?[）)]?\s*(?:本级|度)?"
                    r"(?P<rest>[^，。]{0,20}?(?:政府信息公开|政务公开|信息公开)[^，。]{0,16}?报告)")
# "由X编制的2008年度…报告": the agency is X
_AGENCY_FRAME = re.compile(r"^(?:要求|规定)?(?:由|是)|(?:编制|制作)(?:的|了)?$")
_TITLE_PREFIX = re.compile(r"^(?:标题|题目|title)\s*[:：]\s*", re.I)
_PERIOD = re.compile(r"统计期限[^。]{0,12}?自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
# the year a report covers, said in its opening in other ways: a period from 1 January (数据时间为2019年1月1日至…),
# "编制的2011年度政府信息公开年度报告", "现将2015年度信息公开工作情况…"
_PERIOD_ANY = re.compile(r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:[-—–~～至到]|－)")
_YEAR_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度?(?:本级)?(?:政府|政务)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报|情况)")
_YEAR_WORK = re.compile(r"((?:19|20)\d{2})\s*年度?[，,]?\s*(?:本单位|我[局委办区县市镇处厅]|全[区县市镇])")

PROVINCES = ["北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
             "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门"]
_PROV_RULE = re.compile(r"《(" + "|".join(PROVINCES) + r")(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?"
                        r"[^》]{0,12}(?:政府信息公开|政务公开)[^》]{0,10}》")
_PROV_NAME = re.compile(r"(" + "|".join(PROVINCES) + r")(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)")


MIN_YEAR_MENTIONS = 3  # a year the opening names this often, more than any other, is the report's


def _dominant_year(text: str) -> Optional[int]:
    """Last resort: the year the opening speaks of most (2021年收到…, 《…2021年政务公开工作要点》)."""
    counts: dict[int, int] = {}
    for m in re.finditer(r"((?:19|20)\d{2})\s*年", text):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    if n >= MIN_YEAR_MENTIONS and (len(ranked) == 1 or ranked[1][1] < n):
        return top
    return None


@dataclass
class Metadata:
    title: Optional[str] = None
    agency: Optional[str] = None
    year: Optional[int] = None
    province: Optional[str] = None


def extract_metadata(doc: Document) -> Metadata:
    md = Metadata()
    paras = [p.text for p in doc.paragraphs[:25]]
    singles = [_TITLE_PREFIX.sub("", text) for text in paras]
    # one line first; two lines joined only for a title split across them (a breadcrumb line before the
    # title must not become the agency's name)
    candidates = singles + [a + b for a, b in zip(singles, singles[1:])]
    best = None
    for cand in candidates:
        if len(cand) > 80:
            continue
        m = _TITLE.search(cand)
        if m and (best is None or (m.group("agency") and not best.group("agency"))):
            best = m
            if m.group("agency"):
                break
    if best is not None:
        md.title = best.group(0).strip()
        md.year = int(best.group("year"))
        agency = _AGENCY_FRAME.sub("", best.group("agency").strip())
        md.agency = agency or None
    head = "\n".join(p.text for p in doc.paragraphs[:60])
    m = _PERIOD.search(head)
    if m and md.year is None:
        md.year = int(m.group(1))
    for rx in (_PERIOD_ANY, _YEAR_REPORT, _YEAR_WORK):
        if md.year is not None:
            break
        m = rx.search(head[:3000])
        if m:
            md.year = int(m.group(1))
    if md.year is None:
        md.year = _dominant_year(head[:3000])
    m = _PROV_RULE.search(doc.text[:20000])
    if m:
        md.province = m.group(1)
    else:
        m = _PROV_NAME.search((md.agency or "") + (md.title or ""))
        if m:
            md.province = m.group(1)
    return md
