"""Narrative figures: numbers in the report's sentences attributed to codebook concepts.

The phrasings live in ``patterns/phrasings.yaml``; this module only applies them.  A number with
a unit is attributed to the anchor that governs it (nearest before it in its clause), with the
guards of ANNOTATION.md: no years, dates, document numbers, percentages, ranks, plans, other
years' figures, or headings.  Zero statements (未发生行政复议, 无收取信息处理费情况) give 0.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import yaml

from ..codebook import _read, known, unit_of
from ..model import Document, Paragraph
from ..numbers import CN_NUM_CHARS, parse_number
from ..records import Record
from .segment import word_boundaries

SENTENCE_END = re.compile(r"[。！？!?]")
CLAUSE_SPLIT = re.compile(r"[，；;：:（）()“”\"]|,(?!\d{3})")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])[^。，]{0,30}$")
# number followed by its unit; the unit list is the union of all entries' units, longest first
NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUM_CHARS}]+)"
BEFORE_NUMBER_STOP = re.compile(r"(?:第|〔|\[|【|No\.?|编号|电话|邮编|传真|号码)$")
AFTER_NUMBER_STOP = re.compile(r"^(?:%|％|年|月|日|号|时|分|岁|届|周年|位|名次|倍)")


@dataclass
class Entry:
    code: Optional[str]
    code_by_era: dict = field(default_factory=dict)
    code_by_parent: dict = field(default_factory=dict)
    anchors: list = field(default_factory=list)  # compiled regexes
    units: list = field(default_factory=list)
    priority: int = 1
    parent: list = field(default_factory=list)
    part: bool = False
    eras: list = field(default_factory=list)
    dimension: str = "total"
    max_gap: int = 10
    name: str = ""


@dataclass
class Phrasings:
    entries: list
    gap_stop: list
    sentence_stop: re.Pattern
    zero_triggers: re.Pattern
    zero_concepts: list
    zero_phrases: list
    units_re: re.Pattern
    examples: list


@lru_cache(maxsize=None)
def phrasings() -> Phrasings:
    cfg = yaml.safe_load(_read("phrasings.yaml"))
    entries = []
    all_units: set[str] = set()
    examples = []
    for i, e in enumerate(cfg["concepts"]):
        anchors = [re.compile(a) if e.get("regex") else re.compile(re.escape(a)) for a in e["anchors"]]
        entry = Entry(code=e.get("code"), code_by_era=e.get("code_by_era", {}),
                      code_by_parent=e.get("code_by_parent", {}), anchors=anchors, units=e["units"],
                      priority=e.get("priority", 1), parent=e.get("parent", []), part=e.get("part", False),
                      eras=e.get("eras", []), dimension=e.get("dimension", "total"),
                      max_gap=e.get("max_gap", cfg.get("max_gap", 10)),
                      name=e.get("code") or next(iter((e.get("code_by_era") or e.get("code_by_parent")).values())))
        entries.append(entry)
        all_units.update(e["units"])
        examples += [(entry, ex) for ex in e.get("examples", [])]
    units_re = re.compile("^(?:" + "|".join(sorted(map(re.escape, all_units), key=len, reverse=True)) + ")")
    z = cfg["zero"]
    return Phrasings(entries=entries, gap_stop=cfg["gap_stop"], sentence_stop=re.compile("|".join(cfg["sentence_stop"])),
                     zero_triggers=re.compile("|".join(z["triggers"])), zero_concepts=z["concepts"],
                     zero_phrases=[dict(p, regex=re.compile(p["regex"])) for p in z.get("phrases", [])],
                     units_re=units_re, examples=examples + [(None, ex) for ex in z.get("examples", [])])


def _era_key(era: str, year: Optional[int]) -> str:
    if era in ("t2019", "t2021", "pre2019"):
        return era
    if year is not None:
        return "pre2019" if year < 2019 else ("t2021" if year >= 2021 else "t2019")
    return "unknown"


def _resolve(mapping: dict, era: str) -> Optional[str]:
    if era in mapping:
        return mapping[era]
    if era in ("t2019", "t2021") and "template" in mapping:
        return mapping["template"]
    return mapping.get("pre2019") if era == "unknown" else None


# ---------------------------------------------------------------- sentences and clauses

@dataclass
class Span:
    text: str
    start: int  # offset in the paragraph text
    after: str = ""  # the delimiter before this span


def sentences(text: str) -> list[Span]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append(Span(text[start:m.end()], start))
        start = m.end()
    if start < len(text):
        out.append(Span(text[start:], start))
    return out


def clauses(sent: Span) -> list[Span]:
    out, start, delim = [], 0, ""
    for m in CLAUSE_SPLIT.finditer(sent.text):
        out.append(Span(sent.text[start:m.start()], sent.start + start, delim))
        start, delim = m.end(), m.group(0)
    out.append(Span(sent.text[start:], sent.start + start, delim))
    return [c for c in out if c.text.strip()]


# ---------------------------------------------------------------- figures

def extract_text_records(doc: Document, era: str = "unknown", year: Optional[int] = None) -> list[Record]:
    ph = phrasings()
    era_k = _era_key(era, year)
    out: list[Record] = []
    for para in doc.paragraphs:
        if HEADING.match(para.text):
            continue
        out.extend(paragraph_records(para, ph, era_k, year))
    return _dedupe(out)


def paragraph_records(para: Paragraph, ph: Phrasings, era: str, year: Optional[int]) -> list[Record]:
    recs: list[Record] = []
    for sent in sentences(para.text):
        recs.extend(_zero_records(sent, para, ph, era))
        in_qizhong = False
        for cl in clauses(sent):
            if ph.sentence_stop.search(sent.text[:cl.start - sent.start + len(cl.text)]):
                break  # from a plan or target word on, nothing is this year's figure
            if cl.after in ("；", ";", "）", ")"):
                in_qizhong = False  # a 其中 list ends with its sentence part or its bracket
            stripped = cl.text.strip()
            if stripped.startswith("其中"):
                in_qizhong = True
                if stripped in ("其中", "其中有"):
                    continue
            recs.extend(_clause_records(cl, sent, para, ph, era, year, in_qizhong))
    return recs


def _other_year(text: str, year: Optional[int]) -> bool:
    if year is None:
        return bool(re.search(r"上年|去年|上一年", text) and not re.search(r"上年度?结转|上一年度?结转", text))
    for m in re.finditer(r"((?:19|20)\d{2})\s*年", text):
        if int(m.group(1)) != year:
            return True
    return bool(re.search(r"(?<!较)(?<!比)上年(?!度?结转)|去年", text))


def _clause_records(cl: Span, sent: Span, para: Paragraph, ph: Phrasings, era: str, year: Optional[int],
                    qizhong: bool) -> list[Record]:
    text = cl.text
    if _other_year(text, year):
        return []
    out = []
    bounds = None
    last_end = 0
    for m in re.finditer(NUM, text):
        if m.start() < last_end:
            continue  # part of the number just read (3万余条)
        before = text[:m.start()]
        if BEFORE_NUMBER_STOP.search(before):
            continue
        window_start = max(last_end, m.start() - 2)
        parsed = parse_number(text[window_start:])
        if parsed is None:
            continue
        num_start = window_start + parsed.start
        num_end = window_start + parsed.end
        last_end = num_end
        if AFTER_NUMBER_STOP.match(text[num_end:].lstrip()):
            continue
        unit_m = ph.units_re.match(text[num_end:].lstrip())
        if not unit_m:
            continue
        unit = unit_m.group(0)
        if m.group(0) in "一二三四五六七八九十" and text[num_end:num_end + 1] == "是":
            continue  # 一是 / 二是 enumerations
        if bounds is None:
            bounds = word_boundaries(text)
        hit = _govern(text, num_start, unit, ph, era, qizhong, bounds, sent, cl)
        if hit is None:
            continue
        entry, code, a_start = hit
        value = parsed.value
        if unit.startswith("万") and unit != "万元":
            value *= 10_000
        if unit == "万元" and unit_of(code) == "元":
            value *= 10_000
        raw_start = a_start
        raw_end = num_end + (len(text[num_end:]) - len(text[num_end:].lstrip())) + len(unit)
        dim = "cumulative" if re.search(r"历年|以来|截至目前累计|累计至", text) and not re.search(
            r"今年|本年|全年", text) else entry.dimension
        start = para.start + cl.start + raw_start
        end = para.start + cl.start + raw_end
        out.append(Record(indicator=code, dimension=dim, value=round(value, 6), unit=unit_of(code), source="text",
                          raw=text[raw_start:raw_end], qualifier=parsed.qualifier, page=para.page,
                          locator=f"chars {start}-{end}", rule=f"text:{entry.name}" + ("+ocr" if para.ocr else ""),
                          confidence=para.confidence))
    return out


def _govern(text: str, num_start: int, unit: str, ph: Phrasings, era: str, qizhong: bool, bounds, sent: Span,
            cl: Span):
    """The entry whose anchor governs the number at num_start: nearest before it, then priority, then length."""
    best = None
    prefix = text[:num_start]
    for entry in ph.entries:
        if unit not in entry.units:
            continue
        if entry.eras and era not in entry.eras:
            continue
        if qizhong and not entry.part:
            continue
        for rx in entry.anchors:
            for m in rx.finditer(prefix):
                gap = prefix[m.end():]
                if len(gap.strip()) > entry.max_gap:
                    continue
                if any(w in gap for w in ph.gap_stop) or re.search(r"\d", gap):
                    continue
                if not _on_boundaries(m.start(), m.end(), bounds):
                    continue
                key = (m.end(), entry.priority, m.end() - m.start())
                if best is None or key > best[0]:
                    best = (key, entry, m.start())
    if best is None:
        return None
    _, entry, a_start = best
    code = _code_for(entry, era, sent, cl, num_start)
    if code is None or not known(code):
        return None
    return entry, code, a_start


def _code_for(entry: Entry, era: str, sent: Span, cl: Span, num_start: int) -> Optional[str]:
    if entry.code_by_parent:
        upto = sent.text[:cl.start - sent.start + num_start]
        last, pos = None, -1
        for word in entry.parent:
            i = upto.rfind(word)
            if i > pos:
                last, pos = word, i
        return entry.code_by_parent.get(last) if last else None
    if entry.code_by_era:
        return _resolve(entry.code_by_era, era)
    return entry.code


def _on_boundaries(start: int, end: int, bounds: set[int]) -> bool:
    """Short keywords must be whole words (网站 in 网站群 is not 网站)."""
    if end - start > 2:
        return True
    return start in bounds and end in bounds


# ---------------------------------------------------------------- zero statements

def _zero_records(sent: Span, para: Paragraph, ph: Phrasings, era: str) -> list[Record]:
    out = []
    text = sent.text
    for m in ph.zero_triggers.finditer(text):
        tail = text[m.end():]
        stop = re.search(r"[，,。；;！？\d]", tail)
        span = tail[:stop.start()] if stop else tail
        span = span[:40]
        for concept in ph.zero_concepts:
            if any(u in span for u in concept.get("unless", [])):
                continue
            hits = [span.find(w) for w in concept["words"] if w in span]
            if not hits:
                continue
            code = concept.get("code") or _resolve(concept.get("code_by_era", {}), era)
            if not code or not known(code):
                continue
            end = m.end() + max(span.find(w) + len(w) for w in concept["words"] if w in span)
            out.append(_zero_record(code, text[m.start():end], para, sent.start + m.start(), sent.start + end))
    for phrase in ph.zero_phrases:
        for m in phrase["regex"].finditer(text):
            if any(u in text for u in phrase.get("unless", [])):
                continue
            code = phrase.get("code") or _resolve(phrase.get("code_by_era", {}), era)
            if code and known(code):
                out.append(_zero_record(code, m.group(0), para, sent.start + m.start(), sent.start + m.end()))
    return out


def _zero_record(code: str, raw: str, para: Paragraph, start: int, end: int) -> Record:
    return Record(indicator=code, dimension="total", value=0.0, unit=unit_of(code), source="text", raw=raw,
                  page=para.page, locator=f"chars {para.start + start}-{para.start + end}",
                  rule=f"zero:{code}" + ("+ocr" if para.ocr else ""), confidence=para.confidence)


def _dedupe(recs: list[Record]) -> list[Record]:
    """A figure found twice at overlapping places (a number rule and a zero rule) is one record."""
    out: list[Record] = []
    spans: dict[tuple, list[tuple[int, int]]] = {}
    for r in recs:
        a, b = map(int, r.locator.split()[1].split("-"))
        key = (r.indicator, r.dimension, r.value)
        if any(a < y and x < b for x, y in spans.get(key, [])):
            continue
        spans.setdefault(key, []).append((a, b))
        out.append(r)
    return out
