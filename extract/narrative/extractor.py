"""Narrative figures: numbers in the report's sentences attributed to codebook concepts.

The phrasings live in ``patterns/phrasings.yaml`` (and heading families in ``patterns/sections.yaml``);
this module only applies them.  A number with a measure word is attributed, in order of preference, to
the anchor that governs it (nearest before it in its clause), to the channel it was published through
(channel words, publish verb, object), to a concept named after it (N名兼职人员, 收到N件…申请), or to
a statistics-table row label (同意公开答复N件).  The heading a sentence sits under supplies the concept
of bare counts and rules out problems/plans sections.  Guards of ANNOTATION.md: no years, dates,
document numbers, percentages, ranks, plans, other years' figures.  Zero statements (未发生复议、诉讼和
申诉, 无收取信息处理费情况) give 0 for each concept they name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional


from ..codebook import _read, best_match, known, load_yaml, table_labels, unit_of
from ..model import Document, Paragraph
from ..numbers import CN_NUM_CHARS, parse_number
from ..records import Record
from .sections import Context, headings_in, is_heading_line
from .segment import word_boundaries

SENTENCE_END = re.compile(r"[。！？!?]")
# an ASCII comma splits clauses unless it is a thousands separator (12,345 — a digit before, exactly three after)
CLAUSE_SPLIT = re.compile(r"[，；;：:（）()“”\"]|,(?!(?<=\d,)\d{3}(?!\d))")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])[^。，]{0,30}$")
# number followed by its unit; the unit list is the union of all entries' units, longest first
NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUM_CHARS}]+)"
BEFORE_NUMBER_STOP = re.compile(r"(?:第|〔|\[|【|No\.?|编号|邮编|传真|号码)$")
# 电话0591-8888888 is a phone number; 咨询电话230个 is a count
PHONE_BEFORE = re.compile(r"电话[:：]?\s*$")
PHONE_NUMBER = re.compile(r"^[\d\-－—]{7,}")
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
    code_by_unit: dict = field(default_factory=dict)
    sections: list = field(default_factory=list)
    suffix: list = field(default_factory=list)  # compiled: must match right after the unit (N名兼职人员)
    prefix: Optional[re.Pattern] = None  # with suffix: must match right before the number (共收到N件…申请)


@dataclass
class Phrasings:
    entries: list
    gap_stop: list
    sentence_stop: re.Pattern
    zero_triggers: re.Pattern
    zero_concepts: list
    zero_post: re.Pattern
    zero_phrases: list
    units_re: re.Pattern
    examples: list
    channels: list  # [(family, code, [words])]
    publish_verbs: re.Pattern
    verb_list: list
    channel_units: list
    all_channels: list
    result_labels: dict
    cumulative: re.Pattern
    scope_stop: re.Pattern
    list_totals: dict
    after_figure: re.Pattern
    after_figure_any: re.Pattern
    since_date: re.Pattern
    this_year: re.Pattern


@lru_cache(maxsize=None)
def phrasings() -> Phrasings:
    cfg = load_yaml(_read("phrasings.yaml"))
    entries = []
    all_units: set[str] = set()
    examples = []
    for i, e in enumerate(cfg["concepts"]):
        anchors = [re.compile(a) if e.get("regex") else re.compile(re.escape(a)) for a in e.get("anchors", [])]
        entry = Entry(code=e.get("code"), code_by_era=e.get("code_by_era", {}),
                      code_by_parent=e.get("code_by_parent", {}), anchors=anchors, units=e["units"],
                      priority=e.get("priority", 1), parent=e.get("parent", []), part=e.get("part", False),
                      eras=e.get("eras", []), dimension=e.get("dimension", "total"),
                      max_gap=e.get("max_gap", cfg.get("max_gap", 10)),
                      code_by_unit=e.get("code_by_unit", {}), sections=e.get("sections", []),
                      suffix=[re.compile(x) for x in e.get("suffix", [])],
                      prefix=re.compile(e["prefix"]) if e.get("prefix") else None,
                      name=(e.get("code") or next(iter((e.get("code_by_era") or e.get("code_by_parent")
                                                        or e.get("code_by_unit")).values())))
                      + (f"/{e['dimension']}" if e.get("dimension", "total") != "total" else ""))
        entries.append(entry)
        all_units.update(e["units"])
        examples += [(entry, ex) for ex in e.get("examples", [])]
    ch = cfg["channels"]
    all_units.update(ch["units"])
    for u in cfg.get("units_extra", []):
        all_units.add(u)
    units_re = re.compile("^(?:" + "|".join(sorted(map(re.escape, all_units), key=len, reverse=True)) + ")")
    z = cfg["zero"]
    examples += [(None, ex) for ex in ch.get("examples", [])]
    cum = cfg["cumulative"]
    return Phrasings(entries=entries, gap_stop=cfg["gap_stop"], sentence_stop=re.compile("|".join(cfg["sentence_stop"])),
                     zero_triggers=re.compile("|".join(z["triggers"])), zero_concepts=z["concepts"],
                     zero_post=re.compile("|".join(z.get("post_triggers", ["(?!x)x"]))),
                     zero_phrases=[dict(p, regex=re.compile(p["regex"])) for p in z.get("phrases", [])],
                     units_re=units_re, examples=examples + [(None, ex) for ex in z.get("examples", [])],
                     channels=[(name, c["code"], c["words"]) for name, c in ch["families"].items()],
                     publish_verbs=re.compile("|".join(ch["verbs"])), channel_units=ch["units"],
                     verb_list=[re.compile(v) for v in ch["verbs"]],
                     all_channels=ch["all"], result_labels=cfg.get("result_labels", {}),
                     cumulative=re.compile(cum["words"]), scope_stop=re.compile("|".join(cfg["scope_stop"])),
                     list_totals=cfg.get("list_totals", {}),
                     after_figure=re.compile(NUM + r"\s*(?:" + units_re.pattern[4:-1] + r")(?:的)?$"),
                     after_figure_any=re.compile(NUM + r"\s*(?:余万|多万|余|多|万)?\s*(?:" + units_re.pattern[4:-1] + r")"),
                     since_date=re.compile(cum["since_date"]),
                     this_year=re.compile(cum["this_year"]))


def _era_key(era: str, year: Optional[int]) -> str:
    """The report year decides the era's codes when it is known (a 2021 report without tables is still
    a 2021-template report); else the era the printed labels show."""
    if year is not None:
        return "pre2019" if year < 2019 else ("t2021" if year >= 2021 else "t2019")
    if era in ("t2019", "t2021", "pre2019"):
        return era
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
    after: str = ""  # the delimiters before this span (since the previous non-empty span)


def sentences(text: str, base: int = 0) -> list[Span]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append(Span(text[start:m.end()], base + start))
        start = m.end()
    if start < len(text):
        out.append(Span(text[start:], base + start))
    return out


def clauses(sent: Span) -> list[Span]:
    out, start, delim = [], 0, ""
    for m in CLAUSE_SPLIT.finditer(sent.text):
        piece = sent.text[start:m.start()]
        if piece.strip():
            out.append(Span(piece, sent.start + start, delim))
            delim = ""
        delim += m.group(0)
        start = m.end()
    piece = sent.text[start:]
    if piece.strip():
        out.append(Span(piece, sent.start + start, delim))
    return out


# ---------------------------------------------------------------- figures

@dataclass
class Ctx:
    """What a clause inherits: the section it sits under, and channels named before it."""
    section: Context
    carry: list = field(default_factory=list)  # channel families named before this clause
    carried_from_before: bool = False  # … by an earlier sentence or a heading (weaker than the same sentence)
    prev_sentence: str = ""  # the sentence before, in the same paragraph
    prev_clause: Optional[Span] = None  # the clause before, in the same sentence


def extract_text_records(doc: Document, era: str = "unknown", year: Optional[int] = None) -> list[Record]:
    ph = phrasings()
    era_k = _era_key(era, year)
    out: list[Record] = []
    section = Context()
    for para in _prose_blocks(doc):
        heads = headings_in(para.text)
        if HEADING.match(para.text) or is_heading_line(para.text):
            for h in heads:
                section.update(h)
            continue
        pos = 0
        for h in heads:
            if h.start > pos:
                out.extend(paragraph_records(para, ph, era_k, year, section, pos, h.start))
            section.update(h)
            pos = h.end
        if pos < len(para.text):
            out.extend(paragraph_records(para, ph, era_k, year, section, pos, len(para.text)))
    return _dedupe(_lead_of_its_own_parts(_drop_bare_where_explicit(_to_date_figures(out)), doc.text))


PARTS_LIST_SPAN = 40  # characters: a 其中 list this close after a figure lists that figure's parts


def _lead_of_its_own_parts(recs: list[Record], text: str) -> list[Record]:
    """A figure followed by a 其中 list that names its own concept again is the parent's total, not that part:
    "全年接待来访咨询N人次，其中现场咨询A人次，电话咨询B人次" — the N cannot be the onsite count when the list
    gives the onsite count itself.  The parent comes from the codebook (`parent`)."""
    from ..codebook import indicators

    spans = [(r, _span(r)) for r in recs]
    for r, (a, b) in spans:
        parent = (indicators().get(r.indicator) or {}).get("parent") or ""
        if r.dimension != "total" or not parent or not known(parent) or b <= a:
            continue
        for o, (c, d) in spans:
            if o is r or o.indicator != r.indicator or o.dimension != r.dimension or not (b <= c <= b + PARTS_LIST_SPAN):
                continue
            between = text[b:c]
            if "其中" in between and not re.search(r"[。；;！？]", between):
                if not any(x.indicator == parent and x.dimension == "total" and abs(_span(x)[0] - a) <= PARTS_LIST_SPAN
                           for x, _ in spans):
                    r.indicator = parent
                    r.rule += "+lead_of_parts"
                break
    return recs


TO_DATE = "+to_date"  # rule mark of a 截至-date 已… figure until the whole report is read
YEAR_BOUND = ("apply.",)  # concepts whose to-date count is bounded by the year (this year's applications)


def _to_date_figures(recs: list[Record]) -> list[Record]:
    """A 截至-date 已… figure: what was published to that date has no yearly bound (截止2012年底已主动公开N条 is
    the running total, cumulative); the applications answered to the year's end are this year's (截至年底已答复
    N件) — unless the report states the same concept's year figure with another value elsewhere."""
    marked = [r for r in recs if r.rule.endswith(TO_DATE)]
    for r in marked:
        r.rule = r.rule[:-len(TO_DATE)]
    for r in marked:
        if not r.indicator.startswith(YEAR_BOUND):
            r.dimension = "cumulative"
        elif any(o is not r and o.indicator == r.indicator and o.dimension == "total" and o.value != r.value
               and not any(o is m for m in marked) for o in recs):
            r.dimension = "cumulative"
    return recs


PROSE_CELL_MIN = 80  # characters: a table cell this long with two sentence ends is prose, not a figure cell
PROSE_CELL_SENTENCES = 2


def _prose_blocks(doc: Document) -> list[Paragraph]:
    """The paragraphs, and in document order the prose cells of tables other than task tables (web pages laid
    out in a table put the whole report in one cell; statistics-table cells are never this long)."""
    from ..tables.mapper import classify

    out: list[Paragraph] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.append(b)
            continue
        cells = [c for c in b.cells if len(c.text) >= PROSE_CELL_MIN and c.text.count("。") >= PROSE_CELL_SENTENCES]
        if not cells or classify(b) in ("tasks",):
            continue
        offsets = _cell_offsets(b)
        for c in cells:
            start = b.start + offsets[(c.row, c.col)]
            out.append(Paragraph(text=c.text, raw=c.text, page=c.page if c.page is not None else b.page,
                                 start=start, end=start + len(c.text)))
    return out


def _cell_offsets(t) -> dict:
    """Where each cell's text starts in the table's rendering (``Table.text``: cells by tabs, rows by newlines)."""
    out, pos = {}, 0
    for r in range(t.n_rows):
        for i, c in enumerate(t.row_cells(r)):
            if i:
                pos += 1
            out[(c.row, c.col)] = pos
            pos += len(c.text)
        pos += 1
    return out


def _drop_bare_where_explicit(recs: list[Record]) -> list[Record]:
    """A bare count read from its heading alone gives way to the same concept said outright anywhere in the
    report: under 主动公开 a report states its total once and then counts columns and categories barely."""
    explicit = {(r.indicator, r.dimension) for r in recs if not r.rule.startswith("text:section:")}
    return [r for r in recs if not (r.rule.startswith("text:section:") and (r.indicator, r.dimension) in explicit)]


def paragraph_records(para: Paragraph, ph: Phrasings, era: str, year: Optional[int],
                      section: Optional[Context] = None, seg_start: int = 0,
                      seg_end: Optional[int] = None) -> list[Record]:
    section = section or Context()
    if section.skip:
        return []  # under a problems / plans heading nothing is this year's figure
    seg_end = len(para.text) if seg_end is None else seg_end
    recs: list[Record] = []
    pending: list = _heading_channels(section, ph)
    prev_sentence = ""
    for sent in sentences(para.text[seg_start:seg_end], seg_start):
        recs.extend(_zero_records(sent, para, ph, era))
        in_qizhong = False
        ctx = Ctx(section=section, carry=list(pending), carried_from_before=bool(pending),
                  prev_sentence=prev_sentence)
        prev_sentence = sent.text
        sent_recs: list[Record] = []
        named: list = []
        for cl in clauses(sent):
            if ph.sentence_stop.search(sent.text[:cl.start - sent.start + len(cl.text)]):
                break  # from a plan or target word on, nothing is this year's figure
            if any(d in cl.after for d in ("；", ";", "）", ")")):
                in_qizhong = False  # a 其中 list ends with its sentence part or its bracket
            stripped = cl.text.strip()
            if stripped.startswith("其中"):
                in_qizhong = True
                if stripped in ("其中", "其中有"):
                    continue
            new = _clause_records(cl, sent, para, ph, era, year, in_qizhong, ctx)
            ctx.prev_clause = cl
            if not new:
                new = _list_total(cl, para, ph, era, sent_recs)
            if in_qizhong:
                # 在区政府网站公开信息1200条，其中本部门网站栏目公开900条: a part of the same channel is a column
                named_before = {r.indicator for r in sent_recs if r.indicator.startswith("active.by_channel")}
                new = [r for r in new if r.indicator not in named_before]
            sent_recs.extend(new)
            a = cl.start - sent.start
            chans = _channel_families(sent.text[max(0, a - 1):a + len(cl.text) + 1], ph)  # quotes kept: 在“X网”
            if chans and not _has_counts(cl.text, ph):
                # 开通“X”官方微博，发布信息N条 / 开通微博3个，发布信息N条: the account's channel carries on to
                # the next clause (only the next: further on, the sentence has moved on)
                ctx.carry = chans
                ctx.carried_from_before = False
                named = chans
            elif chans or not (TIME_ONLY.match(stripped) or "“" in cl.after or '"' in cl.after):
                # a bare time phrase (2009年，…) or a quoted name (门户网站“政府信息公开”专栏…) lets it reach further
                ctx.carry = []
        # a sentence that publishes through a channel (通过/依托…网站) without a figure hands the channel to
        # the next sentence (通过区政府门户网站，及时发布…信息。全年共发布212条); setting up a column does not
        pending = named if (named and not sent_recs and ph.publish_verbs.search(sent.text)
                            and THROUGH.search(sent.text) and not SET_UP.search(sent.text)) else \
            _heading_channels(section, ph)
        _running_totals(sent_recs, lambda a, b: para.text[_span(a)[1] - para.start:_span(b)[0] - para.start])
        recs.extend(sent_recs)
    return recs


def _span(r: Record) -> tuple[int, int]:
    a, b = r.locator.split()[1].split("-")
    return int(a), int(b)


# a bare count (under a heading, no concept word) must end its clause: 共办理12件 — not 收到2件征询单
BARE_END = re.compile(r"^\S*?[件宗项份起条次人期场通个]\s*(?:申请)?\s*[。．.！!？?]?\s*$")
TIME_ONLY = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|全年|今年|本年度?|同时|此外|另外|目前)$")
THROUGH = re.compile(r"(?:通过|依托|利用|借助|经由)[^，。；]{0,16}?(?:网站|平台|微博|微信|公众号|公报|专栏)")
SET_UP = re.compile(r"设立|开设|设置|建立|开辟|新增|开通|建设")
# a channel's own counts, not published items: 开通微博3个 (accounts), 编印《X公报》4期 (issues)
ACCOUNT_UNITS = ("个", "家", "账号", "期")


def _has_counts(text: str, ph: Phrasings) -> bool:
    """Does the clause print a count other than a number of accounts?"""
    for m in re.finditer(NUM, text):
        rest = re.sub(r"^\s*(?:余万|多万|余|多|万|左右)?\s*", "", text[m.end():])
        u = ph.units_re.match(rest)
        if u and u.group(0) not in ACCOUNT_UNITS and not re.match(r"[\d.]", rest):
            return True
    return False


TOTAL_CLAUSE = re.compile(r"^\s*(?:以上|上述)?(?:合计|共计|总计|总共|累计|共)(?:为|达)?\s*$")


def _list_total(cl: Span, para: Paragraph, ph: Phrasings, era: str, sent_recs: list[Record]) -> list[Record]:
    """…，通过微信公众号发布信息860条，合计3010条: a 合计/共计/总计 after a list of parts is their parent's total."""
    if not sent_recs:
        return []
    m = re.search(NUM, cl.text)
    if not m or not TOTAL_CLAUSE.match(cl.text[:m.start()]):
        return []
    parsed = parse_number(cl.text[m.start():])
    if parsed is None:
        return []
    rest = cl.text[m.start() + parsed.end:].strip()
    unit_m = ph.units_re.match(rest)
    if not unit_m or rest[unit_m.end():].strip(" 。．.！!"):
        return []
    last = sent_recs[-1].indicator
    parent = None
    for prefix, code in ph.list_totals.items():
        if last.startswith(prefix):
            parent = code if isinstance(code, str) else _resolve(code, era)
            break
    if not parent or not known(parent) or any(r.indicator == parent for r in sent_recs):
        return []
    start = para.start + cl.start + (len(cl.text) - len(cl.text.lstrip()))
    end = para.start + cl.start + m.start() + parsed.end + (len(cl.text[m.start() + parsed.end:]) -
                                                             len(rest)) + unit_m.end()
    raw = para.text[start - para.start:end - para.start]
    return [Record(indicator=parent, dimension="total", value=parsed.value, unit=unit_of(parent), source="text",
                   raw=raw, qualifier=parsed.qualifier, page=para.page, locator=f"chars {start}-{end}",
                   rule="text:list_total" + ("+ocr" if para.ocr else ""), confidence=para.confidence)]


def _heading_channels(section: Context, ph: Phrasings) -> list:
    """A sub-heading that names one channel (2.公报。 / 1.门户网站) is the channel of bare counts under it."""
    if not section.stack:
        return []
    last = section.stack[max(section.stack)]
    fams = _channel_families(last.title, ph)
    return fams if len(fams) == 1 else []


def _other_year(text: str, year: Optional[int]) -> bool:
    if year is None:
        return bool(re.search(r"上年|去年|上一年", text) and not re.search(r"上年度?结转|上一年度?结转", text))
    for m in re.finditer(r"((?:19|20)\d{2})\s*年", text):
        if int(m.group(1)) == year + 1 and re.search(r"(?:结转|转结|顺延|转入)(?:至|到)?\s*$", text[:m.start()]):
            continue  # 结转2021年继续办理N件: this year's applications carried into the next year
        if int(m.group(1)) != year:
            return True
    return bool(re.search(r"(?<!较)(?<!比)上年(?!度?结转)|去年", text))


def _clause_records(cl: Span, sent: Span, para: Paragraph, ph: Phrasings, era: str, year: Optional[int],
                    qizhong: bool, ctx: Optional[Ctx] = None) -> list[Record]:
    text = cl.text
    ctx = ctx or Ctx(section=Context())
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
        if PHONE_BEFORE.search(before) and PHONE_NUMBER.match(text[m.start():]):
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
        unit_end = num_end + (len(text[num_end:]) - len(text[num_end:].lstrip())) + len(unit)
        hit = _govern(text, num_start, unit, ph, era, qizhong, bounds, sent, cl, ctx)
        chan = _channel_hit(text, num_start, unit, ph, qizhong, ctx)
        if chan is not None and (hit is None or _channel_wins(hit, chan)):
            hit = chan
        if hit is None or hit[1].endswith(".total"):
            # number before noun; also 行政诉讼1件驳回…: a result named right after the count is the part, not the total
            sub = _suffix_hit(text, num_start, unit_end, unit, ph, era, qizhong, sent, cl)
            if hit is None or (sub is not None and sub[1] != hit[1]
                               and sub[1].rsplit(".", 1)[0] == hit[1].rsplit(".", 1)[0]):
                hit = sub if sub is not None else hit
        if hit is None:
            hit = _quoted_head_hit(text, num_start, unit, ph, era, qizhong, sent, cl, ctx)
        if hit is None:
            hit = _label_hit(text, num_start, unit_end, unit, ph, era, sent, ctx, cl)
        if hit is None:
            continue
        hit = _refine_group(hit, text, num_start, era)
        entry_name, code, raw_start, raw_end = hit
        # the subject: this comma-clause up to the figure, brackets included (各乡镇（街道）共…)
        upto = sent.text[:cl.start - sent.start + num_start]
        subject = re.split(r"[，,；;。]", upto)[-1]
        if _scope_stopped(subject, ph):
            continue  # 下属单位共发布信息N条, 各乡镇（街道）…: another body's figure
        raw_end = max(raw_end, unit_end)
        value = parsed.value
        if unit.startswith("万") and unit != "万元":
            value *= 10_000
        if unit == "万元" and unit_of(code) == "元":
            value *= 10_000
        dim = _entry_dimension(entry_name, ph) or _dimension(text, num_start, sent, cl, ph, "total")
        start = para.start + cl.start + raw_start
        end = para.start + cl.start + raw_end
        out.append(Record(indicator=code, dimension=dim, value=round(value, 6), unit=unit_of(code), source="text",
                          raw=para.text[cl.start + raw_start:cl.start + raw_end], qualifier=parsed.qualifier,
                          page=para.page,
                          locator=f"chars {start}-{end}",
                          rule=f"text:{entry_name}" + (TO_DATE if dim == "total" and _to_date(text, num_start, sent, cl, ph)
                                                       else "") + ("+ocr" if para.ocr else ""),
                          confidence=para.confidence))
    return out


def _to_date(text: str, num_start: int, sent: Span, cl: Span, ph: Phrasings) -> bool:
    before = text[:num_start]
    upto = sent.text[:cl.start - sent.start] + before
    return bool(not ph.this_year.search(text) and ph.since_date.search(upto) and "已" in before)


DIRECTING = re.compile(r"(?:组织|指导|督促|带领|召集|要求|培训|面向|对|为|向|联合|会同)[^，。；]{0,12}$")


def _scope_stopped(subject: str, ph: Phrasings) -> bool:
    """A sub-unit as the clause subject is another body's figure; a sub-unit as the object of the agency's
    directing verb (组织局机关及直属单位开展培训N次) is not."""
    for m in ph.scope_stop.finditer(subject):
        if not DIRECTING.search(subject[:m.start()]):
            return True
    return False


QUOTED_HEAD_MAX = 10  # characters of a quoted name that heads the noun after it (“在线访谈”节目N期)


def _quoted_head_hit(text: str, num_start: int, unit: str, ph: Phrasings, era: str, qizhong: bool, sent: Span,
                     cl: Span, ctx: Ctx):
    """A quoted name right before the clause is the head of its noun (组织“在线访谈”节目36期): the keyword may
    stand inside the quotes.  Only when nothing in the clause itself governs the figure."""
    q = ctx.prev_clause
    if q is None or not cl.after.strip() in ("”", '"') or len(q.text) > QUOTED_HEAD_MAX:
        return None
    joined = q.text + text[:num_start]
    hit = _govern(joined, len(q.text) + num_start - 0, unit, ph, era, qizhong, word_boundaries(joined), sent, cl, ctx)
    if hit is None or hit[2] >= len(q.text):
        return None
    name, code, a_start, a_end = hit
    return name, code, q.start + a_start - cl.start, max(0, a_end - len(q.text))


def _entry_dimension(entry_name: str, ph: Phrasings) -> Optional[str]:
    """An entry of a breakdown (自然人申请N件 → dimension natural) names its dimension."""
    for e in ph.entries:
        if e.name == entry_name and e.dimension != "total":
            return e.dimension
    return None


def _dimension(text: str, num_start: int, sent: Span, cl: Span, ph: Phrasings, default: str) -> str:
    """Cumulative when the clause says so (历年, 以来, 累计至) or a 截至-date sentence counts what is 累计
    published (截至年底已答复N件 is this year's count: the report's period ends on that date) — unless the same clause speaks of this year (本年度, 全年)."""
    before = text[:num_start]
    upto = sent.text[:cl.start - sent.start] + before
    if ph.this_year.search(text):
        return default
    if ph.cumulative.search(text):
        return "cumulative"
    if ph.since_date.search(upto) and re.search(r"累计", before):
        return "cumulative"
    return default


def _running_totals(recs: list[Record], doc_text_of) -> None:
    """全年新增…N条，累计…M条: a 累计 figure after this year's figure of the same concept in the same sentence is
    the running total."""
    for i, later in enumerate(recs):
        if later.dimension != "total":
            continue
        for earlier in recs[:i]:
            if earlier.indicator == later.indicator and earlier.dimension == "total" and earlier.value != later.value:
                between = doc_text_of(earlier, later)
                if "累计" in between:
                    later.dimension = "cumulative"
                break


def _govern(text: str, num_start: int, unit: str, ph: Phrasings, era: str, qizhong: bool, bounds, sent: Span,
            cl: Span, ctx: Optional[Ctx] = None):
    """The entry whose anchor governs the number at num_start: nearest before it, then priority, then length.
    Returns (entry name, code, raw start, anchor end)."""
    best = None
    prefix = text[:num_start]
    family = ctx.section.family if ctx else None
    for entry in ph.entries:
        if entry.suffix:
            continue
        if unit not in entry.units:
            continue
        if entry.eras and era not in entry.eras:
            continue
        if entry.sections and (family not in entry.sections or not BARE_END.match(text[num_start:])):
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
                if ph.after_figure.search(prefix[:m.start()]):
                    continue  # 1名专职工作人员、2名…: the noun belongs to the figure before it
                key = (m.end(), entry.priority, m.end() - m.start())
                if best is None or key > best[0]:
                    code = _code_for(entry, era, sent, cl, num_start, unit)
                    if code is not None and known(code):  # an entry whose parent is absent does not compete
                        best = (key, entry, m.start(), code)
    if best is None:
        return None
    key, entry, a_start, code = best
    return ("section:" if entry.sections else "") + entry.name, code, a_start, key[0]


def _code_for(entry: Entry, era: str, sent: Span, cl: Span, num_start: int, unit: str = "") -> Optional[str]:
    if entry.code_by_unit:
        return entry.code_by_unit.get(unit)
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


# ---------------------------------------------------------------- channels

def _channel_matches(text: str, ph: Phrasings) -> list[tuple[int, int, str]]:
    """(start, end, family) of every channel word, longest first and not overlapping, in reading order
    (政府公报刊登: 政府公报 then the verb 刊登, not the word 报刊)."""
    taken: list[tuple[int, int]] = []
    found = []
    words, all_words = _channel_patterns(ph)
    for w, rx, fam in words:
        if w not in text:  # most words are absent: a substring test is far cheaper than a search
            continue
        for m in rx.finditer(text):  # 公开栏目 is a column, not a notice board
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), fam))
    for m in QUOTED_SITE.finditer(text):  # a site by its proper name: 在“某某教育网”
        if not any(m.start(1) < b and a < m.end(1) for a, b in taken):
            taken.append((m.start(1), m.end(1)))
            found.append((m.start(1), m.end(1), "website"))
    for w, rx in all_words:
        if w not in text:
            continue
        for m in rx.finditer(text):
            if not any(m.start() < b and a < m.end() for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), "all"))
    return sorted(found)


_CHANNEL_PATTERNS: dict[int, tuple] = {}


def _channel_patterns(ph: Phrasings) -> tuple[list, list]:
    """The channel words longest first, each with its compiled pattern, once per `Phrasings` (compiling them
    on every call, beyond ``re``'s cache, was a tenth of a run's time)."""
    got = _CHANNEL_PATTERNS.get(id(ph))
    if got is None or got[0] is not ph:
        words = sorted(((w, fam) for fam, _, ws in ph.channels for w in ws), key=lambda x: -len(x[0]))
        got = (ph, [(w, re.compile(re.escape(w) + "(?!目)"), fam) for w, fam in words],
               [(w, re.compile(re.escape(w))) for w in ph.all_channels])
        _CHANNEL_PATTERNS[id(ph)] = got
    return got[1], got[2]


QUOTED_SITE = re.compile(r"[“\"《]([^”\"》，。；]{1,14}?网)[”\"》]")


def _channels_in(text: str, ph: Phrasings) -> list[tuple[int, str]]:
    """(position, family) of every channel word, in reading order."""
    return [(a, fam) for a, _, fam in _channel_matches(text, ph)]


def _channel_word_spans(text: str, ph: Phrasings) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in _channel_matches(text, ph)]


def _channel_families(text: str, ph: Phrasings) -> list[str]:
    out = []
    for _, fam in _channels_in(text, ph):
        if fam not in out:
            out.append(fam)
    return out


def _channel_code(fam: str, ph: Phrasings) -> Optional[str]:
    for name, code, _ in ph.channels:
        if name == fam:
            return code
    return None


CATEGORY = re.compile(r"类|方面")  # 政策文件类信息: a category count, unless the object is 各类/各种 things
MAX_OBJECT = 14  # characters between the publish verb and the figure (公开了各类政府信息)
MAX_ENUMERATION = 80  # … for an enumerated object closed by 等 (发布权责清单、专项规划…等各类政府信息)


def _channel_hit(text: str, num_start: int, unit: str, ph: Phrasings, qizhong: bool, ctx: Ctx):
    """A count published through a named channel: channel words, a publish verb, the object, the figure.
    One channel → that channel's code; several, or 各种渠道 → the total (not inside a 其中 list).
    ``A和B…分别为N条和M条`` gives N to A and M to B."""
    if unit not in ph.channel_units:
        return None
    prefix = text[:num_start]
    # every verb match, overlapping ones too, but none inside a channel word (报刊发布: 发布, not 刊发)
    words = _channel_word_spans(prefix, ph)
    verbs = [m for rx in ph.verb_list for m in rx.finditer(prefix)
             if not any(a <= m.start() < b for a, b in words)]
    if not verbs:
        return None
    v = max(verbs, key=lambda m: (m.end(), m.end() - m.start()))
    gap = prefix[v.end():]
    respectively = "分别" in gap
    if respectively:
        gap = gap[:gap.index("分别")]
    elif re.search(r"\d", gap) or any(w in gap for w in ph.gap_stop if w not in ("和",)):
        return None
    g = gap.strip()
    if len(g) > MAX_OBJECT and not (len(g) <= MAX_ENUMERATION and re.search(r"等[^、]{0,10}$", g)):
        return None
    if CATEGORY.search(g) and not re.search(r"各类|各种|各项|等[^、]{0,10}$", g):
        return None
    # the channel is named after the figure before (微博发布信息350条、微信发布信息420条: 420 is WeChat's)
    prev = list(ph.after_figure_any.finditer(prefix[:v.start()]))
    region_start = prev[-1].end() if prev else 0
    found = [(p + region_start, f) for p, f in _channels_in(prefix[region_start:v.start()], ph)]
    fams = []
    for _, f in found:
        if f not in fams:
            fams.append(f)
    raw_start = found[0][0] if found else v.start()
    carried = not fams
    if carried:
        fams = list(ctx.carry)
        raw_start = v.start()
    if not fams:
        return None
    tag = "channel-carried:" if carried and ctx.carried_from_before else "channel:"
    if respectively and len(fams) > 1 and "all" not in fams:
        after = prefix[prefix.index("分别", v.end()):]
        idx = len(re.findall(NUM + r"\s*(?:" + "|".join(map(re.escape, ph.channel_units)) + ")", after))
        if idx < len(fams):
            code = _channel_code(fams[idx], ph)
            return (tag + fams[idx], code, raw_start, v.end()) if code and known(code) else None
        return None
    if len(fams) == 1 and fams[0] != "all":
        code = _channel_code(fams[0], ph)
        return (tag + fams[0], code, raw_start, v.end()) if code and known(code) else None
    if qizhong or respectively:
        return None
    return tag + "all", "active.total", raw_start, v.end()


def _channel_wins(hit, chan) -> bool:
    """A channel reading beats a plain 主动公开 reading; a more specific anchor after the verb beats both."""
    _, code, _, a_end = hit
    if chan[0].startswith("channel-carried:") and code == "active.total" and not hit[0].startswith("section:"):
        return False  # a channel carried from before does not override 主动公开政府信息N条 said outright
    if code in ("active.total",) or code.startswith("active.by_channel"):
        return True
    return a_end <= chan[3]


# ---------------------------------------------------------------- number first: N名兼职人员, 收到N件申请

def _suffix_hit(text: str, num_start: int, unit_end: int, unit: str, ph: Phrasings, era: str, qizhong: bool,
                sent: Span, cl: Span):
    after = text[unit_end:]
    best = None
    for entry in ph.entries:
        if not entry.suffix or unit not in entry.units:
            continue
        if entry.eras and era not in entry.eras:
            continue
        if qizhong and not entry.part:
            continue
        if entry.prefix is not None and not entry.prefix.search(text[:num_start]):
            continue
        for rx in entry.suffix:
            m = rx.match(after)
            if m and (best is None or entry.priority > best[0].priority):
                best = (entry, m)
    if best is None:
        return None
    entry, m = best
    code = _code_for(entry, era, sent, cl, num_start, unit)
    if code is None or not known(code):
        return None
    start = num_start
    if entry.prefix is not None:
        pm = list(entry.prefix.finditer(text[:num_start]))
        if pm:
            start = pm[-1].start()
    return entry.name, code, start, unit_end + m.end()


# ---------------------------------------------------------------- result lists: 同意公开答复292件, 8件办理结果为…

RESULT_CONTEXT = re.compile(r"申请|答复|办结|办理结果|处理结果")
LABEL_LEAD = re.compile(r"^(?:其中|另有|另|共|均|属于|因|对|有)+")
LABEL_TAIL = re.compile(r"(?:的|为|共|计|共计|合计|数)+$")
LABEL_SCORE = 0.85  # a narrative label is taken for a table row's label only when it is very close


def _label_hit(text: str, num_start: int, unit_end: int, unit: str, ph: Phrasings, era: str, sent: Span,
               ctx: Ctx, cl: Optional[Span] = None):
    """An application-result list in prose uses the table's row labels: match them with the table aliases."""
    if unit not in ("件", "宗", "条", "项", "个"):
        return None
    if ctx.section.family != "apply" and not RESULT_CONTEXT.search(sent.text) and not (
            sent.text.lstrip().startswith("其中") and RESULT_CONTEXT.search(ctx.prev_sentence)):
        return None
    rows = _result_rows(era, ph)
    if not rows:
        return None
    after = text[unit_end:]
    m = re.match(r"^(?:申请)?(?:的)?(?:办理结果|处理结果|答复结果|结果)?(?:为|是|属于)(.{2,30})$", after)
    if m:
        label, l_start, l_end = m.group(1), unit_end + m.start(1), unit_end + m.end(1)
    else:
        raw_label = text[:num_start]
        label = LABEL_TAIL.sub("", LABEL_LEAD.sub("", raw_label.strip()))
        if len(label) > 30:
            return None
        l_start, l_end = max(0, raw_label.find(label)), unit_end
    if len(label) < 2 and cl is not None and ctx.prev_clause is not None and any(q in cl.after for q in "”\""):
        # “同意公开”的54件: the label is the quoted text just before (raw reaches back into it)
        q = ctx.prev_clause
        label = q.text.strip()
        l_start = q.start - cl.start
    if len(label) < 2:
        return None
    row, score = best_match(label, rows)
    if row is None or score < LABEL_SCORE or not known(row["code"]):
        return None
    start = min(l_start, num_start)
    return "label:" + row["code"], row["code"], start, max(l_end, unit_end)


def _refine_group(hit, text: str, num_start: int, era: str):
    """因属于行政执法案卷信息不予公开1件: a reason printed before a group's result (不予公开, 无法提供, 不予处理)
    names the table row within the group."""
    name, code, raw_start, raw_end = hit
    if era not in ("t2019", "t2021"):
        return hit
    groups = {"apply.result.denied": "不予公开", "apply.result.unavailable": "无法提供",
              "apply.result.not_processed": "不予处理", "apply.result.other": "其他处理"}
    if code not in groups:
        return hit
    before = re.sub(r"\s", "", text[:num_start])
    best = None
    for r in table_labels()["table3"]["rows"]:
        if groups[code] not in r.get("group", []) or not r["code"].startswith(code + "."):
            continue
        for label in r["labels"]:
            if len(label) >= 4 and label in before and (best is None or len(label) > best[1]):
                at = text.find(label)  # -1 when whitespace breaks the label in the text itself
                best = (r["code"], len(label), at if 0 <= at < num_start else raw_start)
    if best is None or not known(best[0]):
        return hit
    return "group:" + best[0], best[0], min(raw_start, best[2]), raw_end


@lru_cache(maxsize=None)
def _result_rows_cached(era: str) -> tuple:
    tl = table_labels()
    if era == "pre2019" or era == "unknown":
        rows = [r for r in tl["pre2019"]["rows"] if r["code"].startswith("apply.reply.")]
    else:
        rows = [r for r in tl["table3"]["rows"]
                if r["code"].startswith("apply.result.") and r["code"] != "apply.result.total"
                and not (r.get("labels") and set(r["labels"]) <= {"小计", "合计", "其他"})]
    return tuple(rows)


def _result_rows(era: str, ph: Phrasings) -> list[dict]:
    extra = ph.result_labels.get("pre2019" if era in ("pre2019", "unknown") else "template", [])
    return list(_result_rows_cached(era)) + list(extra)


# ---------------------------------------------------------------- zero statements

POST_SPAN = 30  # characters before a trailing zero trigger that may name its concepts


def _zero_records(sent: Span, para: Paragraph, ph: Phrasings, era: str) -> list[Record]:
    out = []
    text = sent.text
    for m in ph.zero_triggers.finditer(text):
        tail = text[m.end():]
        stop = re.search(r"[，,。；;！？\d]", tail)
        span = tail[:stop.start()] if stop else tail
        span = m.group(0) + span[:40]  # the trigger may name the concept itself (未转结)
        for code, concept, _ in _zero_concepts_in(span, ph, era):
            end = m.start() + max(span.find(w) + len(w) for w in concept["words"] if w in span)
            out.append(_zero_record(code, text[m.start():end], para, sent.start + m.start(), sent.start + end))
    for m in ph.zero_post.finditer(text):
        # 行政复议、行政诉讼案件均未发生: the concepts stand before the trigger, in the same clause part
        head = text[:m.start()]
        cut = max(head.rfind(c) for c in "，,。；;：:！？")
        span = head[cut + 1:][-POST_SPAN:]
        base = m.start() - len(span)
        if re.search(r"\d", span):
            continue
        for code, _, hits in _zero_concepts_in(span, ph, era):
            a = base + min(hits)
            out.append(_zero_record(code, text[a:m.end()], para, sent.start + a, sent.start + m.end()))
    for phrase in ph.zero_phrases:
        for m in phrase["regex"].finditer(text):
            if any(u in text for u in phrase.get("unless", [])):
                continue
            code = phrase.get("code") or _resolve(phrase.get("code_by_era", {}), era)
            if code and known(code):
                out.append(_zero_record(code, m.group(0), para, sent.start + m.start(), sent.start + m.end()))
    return out


def _zero_concepts_in(span: str, ph: Phrasings, era: str):
    """(code, concept, positions of its words) for every zero concept ``span`` names, resolved for the era."""
    for concept in ph.zero_concepts:
        if any(u in span for u in concept.get("unless", [])):
            continue
        hits = [span.find(w) for w in concept["words"] if w in span]
        if not hits:
            continue
        code = concept.get("code") or _resolve(concept.get("code_by_era", {}), era)
        if code and known(code):
            yield code, concept, hits


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
