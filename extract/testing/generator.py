"""Generate annual reports of every era with known answers, to test rules beyond the dev reports.

Random values (consistent sums, and some deliberately inconsistent), random blanks, zeros
printed as 0 / — / 无, varied label spellings and numbering, misspellings seen in real reports,
labels broken by spaces and line breaks, rotated group labels, header rows repeated on each page,
long tables that cross pages.  Written as DOCX with python-docx; ``to_pdf`` exports them with
LibreOffice.  Each report comes with its gold rows (ANNOTATION.md columns).

    python -m extract.testing.generator OUT_DIR --n 200 [--pdf] [--seed 1]
    xxgk run OUT_DIR/reports -o OUT && xxgk eval --gold OUT_DIR/gold OUT     (DOCX)
    xxgk run OUT_DIR/pdf -o OUT && xxgk eval --gold OUT_DIR/gold OUT         (PDF)
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from docx import Document as NewDocx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

CJK_FONT = "Noto Serif CJK SC"
APPLICANTS = ["natural", "legal.commercial", "legal.research", "legal.social_org", "legal.legal_service",
              "legal.other", "total"]

# 表三 rows: (code, label, group) — group None for rows outside 三、本年度办理结果
T3_HEAD = [("apply.new_received", "一、本年新收政府信息公开申请数量", None),
           ("apply.carried_over", "二、上年结转政府信息公开申请数量", None)]
T3_RESULT = [
    ("apply.result.granted", "（一）予以公开", ""),
    ("apply.result.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("apply.result.denied.state_secret", "1.属于国家秘密", "（三）不予公开"),
    ("apply.result.denied.law_prohibited", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("apply.result.denied.security_stability", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("apply.result.denied.third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("apply.result.denied.internal_affairs", "5.属于三类内部事务信息", "（三）不予公开"),
    ("apply.result.denied.process_info", "6.属于四类过程性信息", "（三）不予公开"),
    ("apply.result.denied.enforcement_file", "7.属于行政执法案卷", "（三）不予公开"),
    ("apply.result.denied.admin_query", "8.属于行政查询事项", "（三）不予公开"),
    ("apply.result.unavailable.not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("apply.result.unavailable.needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("apply.result.unavailable.unclear_after_correction", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("apply.result.not_processed.petition_complaint", "1.信访举报投诉类申请", "（五）不予处理"),
    ("apply.result.not_processed.repeat", "2.重复申请", "（五）不予处理"),
    ("apply.result.not_processed.publication", "3.要求提供公开出版物", "（五）不予处理"),
    ("apply.result.not_processed.excessive", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("apply.result.not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
]
T3_OTHER_2019 = [("apply.result.other", "（六）其他处理", "")]
T3_OTHER_2021 = [
    ("apply.result.other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("apply.result.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "（六）其他处理"),
    ("apply.result.other.misc", "3.其他", "（六）其他处理"),
]
T3_TOTAL = [("apply.result.total", "（七）总计", "")]
T3_TAIL = [("apply.carried_forward", "四、结转下年度继续办理", None)]

# misspellings and variants seen in real reports
TYPOS = {
    "2.其他法律行政法规禁止公开": ["2.其他法律行政止公开", "2.其他法律、行政法规禁止公开"],
    "3.危及“三安全一稳定”": ["3.危及\"三安全一稳定\"", "3.危及三安全一稳定"],
    "5.属于三类内部事务信息": ["5.属于三类内部事物信息"],
    "一、本年新收政府信息公开申请数量": ["一、本年新收政府信息公开申请数"],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ["（二）部分公开"],
    "5.要求行政机关确认或重新出具已获取信息": ["5.要求行政机关确认或重新出具已获取信"],
}

PRE2019_NATIONAL = [  # (label, unit, code, dimension) — the 2014 national table as Shandong printed it
    ("一、主动公开情况", "", None, None),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "active.total", "total"),
    ("其中：主动公开规范性文件数", "条", "active.normative_docs.published", "total"),
    ("制发规范性文件总数", "件", "active.normative_docs.issued", "total"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "条", "active.by_channel.total", "total"),
    ("1.政府公报公开政府信息数", "条", "active.by_channel.gazette", "total"),
    ("2.政府网站公开政府信息数", "条", "active.by_channel.website", "total"),
    ("3.政务微博公开政府信息数", "条", "active.by_channel.weibo", "total"),
    ("4.政务微信公开政府信息数", "条", "active.by_channel.wechat", "total"),
    ("5.其他方式公开政府信息数", "条", "active.by_channel.other", "total"),
    ("二、回应解读情况", "次", "response.total", "total"),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", "response.hotspots", "total"),
    ("（二）通过不同渠道和方式回应解读的情况", "", None, None),
    ("1.参加或举办新闻发布会总次数", "次", "response.press_conferences", "total"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "response.press_conferences.by_principal", "total"),
    ("2.政府网站在线访谈次数", "次", "response.online_interviews", "total"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "response.online_interviews.by_principal", "total"),
    ("3.政策解读稿件发布数", "篇", "response.interpretations", "total"),
    ("4.微博微信回应事件数", "次", "response.weibo_wechat", "total"),
    ("5.其他方式回应事件数", "次", "response.other", "total"),
    ("三、依申请公开情况", "", None, None),
    ("（一）收到申请数", "件", "apply.received.total", "total"),
    ("1.当面申请数", "件", "apply.received.by_channel.in_person", "total"),
    ("2.传真申请数", "件", "apply.received.by_channel.fax", "total"),
    ("3.网络申请数", "件", "apply.received.by_channel.online", "total"),
    ("4.信函申请数", "件", "apply.received.by_channel.letter", "total"),
    ("5.其他形式", "件", "apply.received.by_channel.other", "total"),
    ("（二）申请办结数", "件", "apply.completed.total", "total"),
    ("1.按时办结数", "件", "apply.completed.on_time", "total"),
    ("2.延期办结数", "件", "apply.completed.extended", "total"),
    ("（三）申请答复数", "件", "apply.reply.total", "total"),
    ("1.属于已主动公开范围数", "件", "apply.reply.already_public", "total"),
    ("2.同意公开答复数", "件", "apply.reply.granted", "total"),
    ("3.同意部分公开答复数", "件", "apply.reply.partial", "total"),
    ("4.不同意公开答复数", "件", "apply.reply.denied", "total"),
    ("其中：涉及国家秘密", "件", "apply.reply.denied.state_secret", "total"),
    ("涉及商业秘密", "件", "apply.reply.denied.commercial_secret", "total"),
    ("涉及个人隐私", "件", "apply.reply.denied.privacy", "total"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "apply.reply.denied.security_stability", "total"),
    ("不是《条例》所指政府信息", "件", "apply.reply.denied.not_gov_info", "total"),
    ("法律法规规定的其他情形", "件", "apply.reply.denied.other_legal", "total"),
    ("5.不属于本行政机关公开数", "件", "apply.reply.not_this_agency", "total"),
    ("6.申请信息不存在数", "件", "apply.reply.not_exist", "total"),
    ("7.告知作出更改补充数", "件", "apply.reply.correction_requested", "total"),
    ("8.告知通过其他途径办理数", "件", "apply.reply.other_channel", "total"),
    ("四、行政复议数量", "件", "review.total", "total"),
    ("（一）维持具体行政行为数", "件", "review.maintained", "total"),
    ("（二）被依法纠错数", "件", "review.corrected", "total"),
    ("（三）其他情形数", "件", "review.other", "total"),
    ("五、行政诉讼数量", "件", "litigation.total", "total"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "litigation.maintained", "total"),
    ("（二）被依法纠错数", "件", "litigation.corrected", "total"),
    ("（三）其他情形数", "件", "litigation.other", "total"),
    ("六、被举报投诉数量", "件", "complaint.total", "total"),
    ("（一）维持具体行政行为数", "件", "complaint.maintained", "total"),
    ("（二）被纠错数", "件", "complaint.corrected", "total"),
    ("（三）其他情形数", "件", "complaint.other", "total"),
    ("七、向图书馆、档案馆等查阅场所报送信息数", "条", "active.archive_submitted", "total"),
    ("（一）纸质文件数", "条", "active.archive_submitted.paper", "total"),
    ("（二）电子文件数", "条", "active.archive_submitted.electronic", "total"),
    ("八、开通政府信息公开网站（或设立门户网站信息公开专栏）数", "个", "org.websites", "total"),
    ("（一）市政府及其部门门户网站", "个", "org.websites", "city"),
    ("（二）县（市、区）政府门户网站", "个", "org.websites", "county"),
    ("（三）乡镇政府（街道办事处）门户网站", "个", "org.websites", "township"),
    ("九、市政府公报发行量", "", None, None),
    ("（一）公报发行期数", "期", "gazette.issues", "total"),
    ("（二）公报发行总份数", "份", "gazette.copies", "total"),
    ("十、设置政府信息查阅点数", "个", None, None),
    ("（一）市政府及其部门", "个", "org.reading_points", "city"),
    ("（二）县（市、区）政府及其部门", "个", "org.reading_points", "county"),
    ("（三）乡镇政府（街道办事处）", "个", "org.reading_points", "township"),
    ("十一、查阅点接待人数", "次", "org.reading_point_visitors", "total"),
    ("（一）市政府及其部门", "次", "org.reading_point_visitors", "city"),
    ("（二）县（市、区）政府及其部门", "次", "org.reading_point_visitors", "county"),
    ("（三）乡镇政府（街道办事处）", "次", "org.reading_point_visitors", "township"),
    ("十二、依申请公开信息收取的费用", "万元", "fee.amount", "total"),
    ("十三、机构建设和保障经费情况", "", None, None),
    ("（一）政府信息公开工作专门机构数", "个", "org.units", "total"),
    ("（二）设置政府信息公开查阅点数", "个", "org.reading_points", "total"),
    ("（三）从事政府信息公开工作人员数", "人", "org.staff.total", "total"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "org.staff.full_time", "total"),
    ("2.兼职人员数", "人", "org.staff.part_time", "total"),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "org.budget", "total"),
    ("十四、政府信息公开会议和培训情况", "", None, None),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "training.meetings", "total"),
    ("（二）举办各类培训班数", "次", "training.sessions", "total"),
    ("（三）接受培训人员数", "人次", "training.trainees", "total"),
]

PRE2019_FUJIAN = [
    ("主动公开文件数", "条", "active.total"),
    ("其中：1、政府网站公开数", "条", "active.by_channel.website"),
    ("2、政府公报公开数", "条", "active.by_channel.gazette"),
    ("受理政府信息依申请公开总数", "条", "apply.received.total"),
    ("其中：1、当面申请数", "条", "apply.received.by_channel.in_person"),
    ("2、网上申请数", "条", "apply.received.by_channel.online"),
    ("3、信函、传真申请数", "条", "apply.received.by_channel.letter"),
    ("对申请的答复总数", "条", "apply.reply.total"),
    ("其中：1、同意公开答复数", "条", "apply.reply.granted"),
    ("2、同意部分公开答复数", "条", "apply.reply.partial"),
    ("3、不予公开答复数", "条", "apply.reply.denied"),
    ("4、其他类型答复数", "条", "apply.reply.other"),
    ("政府信息公开收费减免金额", "元", "fee.waived"),
    ("接受行政诉讼、举报数", "件", "complaint.total"),
    ("行政复议数", "件", "review.total"),
    ("行政诉讼数", "件", "litigation.total"),
]

AGENCIES = ["鲸园街道办事处", "某某市人民政府", "某某区教育局", "某某县人民政府办公室", "某某市生态环境局",
            "某某镇人民政府", "某某区卫生健康委员会", "某某市交通运输局"]
FILLER = ("本年度，我单位坚持以公开为常态、不公开为例外，严格落实政府信息公开各项要求，健全工作机制，"
          "规范公开流程，加强平台建设，推动政府信息公开工作取得新进展。")


@dataclass
class GoldRow:
    indicator: str
    dimension: str
    source: str
    value: float
    required: int = 1
    note: str = ""


@dataclass
class Generated:
    stem: str
    era: str
    agency: str
    year: int
    gold: list[GoldRow] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- docx helpers

def _new_doc():
    doc = NewDocx()
    st = doc.styles["Normal"]
    st.font.name = CJK_FONT
    st.font.size = Pt(10.5)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    return doc


def _header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _vertical(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    td = OxmlElement("w:textDirection")
    td.set(qn("w:val"), "tbRlV")
    tcpr.append(td)


def _set(cell, text: str) -> None:
    cell.text = text


def _merge(table, r0, c0, r1, c1, text: str):
    cell = table.cell(r0, c0).merge(table.cell(r1, c1))
    cell.text = text
    return cell


class Style:
    """Per-report spelling choices."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.space_labels = rng.random() < 0.25
        self.break_labels = rng.random() < 0.3
        self.typos = rng.random() < 0.4
        self.paren = rng.choice(["（）", "()", "（）"])
        self.sub_num = rng.choice(["1.", "1、", "1．", "(1)"])
        self.zero = rng.choice(["0"] * 6 + ["—", "-", "无", "/"])
        self.blank_p = rng.choice([0.0, 0.0, 0.03, 0.1])
        self.zero_blank = rng.random() < 0.1  # Shanghai style: zeros left blank
        self.inconsistent = rng.random() < 0.25
        self.repeat_header = rng.random() < 0.5
        self.rotate_group = rng.random() < 0.5
        self.split_header = rng.random() < 0.5  # 商业\n企业

    def label(self, text: str) -> str:
        if self.typos and text in TYPOS and self.rng.random() < 0.7:
            text = self.rng.choice(TYPOS[text])
        if self.paren == "()":
            text = text.replace("（", "(").replace("）", ")")
        if text[:2] in {f"{d}." for d in "12345678"} and self.sub_num != "1.":
            d = text[0]
            text = {"1、": f"{d}、", "1．": f"{d}．", "(1)": f"({d})"}[self.sub_num] + text[2:]
        if self.space_labels and self.rng.random() < 0.3 and len(text) > 3:
            k = self.rng.randrange(2, len(text) - 1)
            text = text[:k] + " " + text[k:]
        if self.break_labels and len(text) > 12 and self.rng.random() < 0.4:
            k = self.rng.randrange(6, len(text) - 3)
            text = text[:k] + "\n" + text[k:]
        return text

    def cell(self, value: Optional[float], money_wan: bool = False) -> tuple[str, Optional[float]]:
        """Printed text and the gold value (None: blank, no gold row)."""
        if value is None:
            return "", None
        if self.blank_p and self.rng.random() < self.blank_p:
            return "", None
        if value == 0:
            if self.zero_blank:
                return "", None
            return self.zero, 0.0
        if money_wan:
            return f"{value:g}", value * 10_000
        return f"{value:g}", value


def _count(rng: random.Random, big: bool = False) -> int:
    r = rng.random()
    if r < 0.45:
        return 0
    if r < 0.85:
        return rng.randint(1, 30)
    return rng.randint(31, 5000 if big else 400)


# ---------------------------------------------------------------- 表二

def add_table2(doc, era: str, st: Style, rng: random.Random, g: Generated) -> None:
    blocks: list[tuple[str, list[str], list[tuple[str, str, list]]]] = []
    if era == "t2021":
        blocks = [
            ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
             [("规章", "rules", ["issued", "repealed", "in_force"]),
              ("行政规范性文件", "normative", ["issued", "repealed", "in_force"])]),
            ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "license", ["decisions"])]),
            ("第二十条第（六）项", ["本年处理决定数量"],
             [("行政处罚", "penalty", ["decisions"]), ("行政强制", "coercion", ["decisions"])]),
            ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "admin_fee", ["amount"])]),
        ]
    else:
        blocks = [
            ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
             [("规章", "rules", ["new_made", "new_published", "total_published"]),
              ("规范性文件", "normative", ["new_made", "new_published", "total_published"])]),
            ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
             [("行政许可", "license", ["prev_items", "item_change", "decisions"]),
              ("其他对外管理服务事项", "other_service", ["prev_items", "item_change", "decisions"])]),
            ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
             [("行政处罚", "penalty", ["prev_items", "item_change", "decisions"]),
              ("行政强制", "coercion", ["prev_items", "item_change", "decisions"])]),
            ("第二十条第（八）项", ["上一年项目数量", "本年增/减"],
             [("行政事业性收费", "admin_fee", ["prev_items", "item_change"])]),
            ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
             [("政府集中采购", "procurement", ["projects", "amount"])]),
        ]
    split = rng.random() < 0.25  # one Word table per block
    n_rows = sum(2 + len(items) for _, _, items in blocks)
    table = None
    r = 0
    for title, headers, items in blocks:
        if table is None or split:
            rows = 2 + len(items) if split else n_rows
            table = doc.add_table(rows=rows, cols=4)
            table.style = "Table Grid"
            r = 0
        _merge(table, r, 0, r, 3, title)
        r += 1
        _set(table.cell(r, 0), "信息内容")
        spans = _spans(len(headers))
        for (c0, c1), h in zip(spans, headers):
            _merge(table, r, c0, r, c1, h) if c1 > c0 else _set(table.cell(r, c0), h)
        r += 1
        for label, item, measures in items:
            _set(table.cell(r, 0), label)
            for (c0, c1), m in zip(spans, measures):
                text, gold = _t2_value(st, rng, item, m)
                _merge(table, r, c0, r, c1, text) if c1 > c0 else _set(table.cell(r, c0), text)
                if gold is not None:
                    g.gold.append(GoldRow(f"active.{item}.{m}", "total", "table", gold, note=f"{label}|{m}"))
            r += 1
        if split:
            doc.add_paragraph("")


def _spans(n: int) -> list[tuple[int, int]]:
    return {1: [(1, 3)], 2: [(1, 1), (2, 3)], 3: [(1, 1), (2, 2), (3, 3)]}[n]


def _t2_value(st: Style, rng: random.Random, item: str, measure: str) -> tuple[str, Optional[float]]:
    if st.blank_p and rng.random() < st.blank_p:
        return "", None
    if measure == "item_change":
        v = rng.choice([0, 0, rng.randint(1, 40), -rng.randint(1, 40)])
        if v < 0:
            return rng.choice([f"减{-v}", f"-{-v}"]), float(v)
        if v > 0:
            return rng.choice([f"{v}", f"+{v}", f"增{v}"]), float(v)
        return st.zero, 0.0
    if measure == "amount":
        if item == "admin_fee":
            v = round(rng.uniform(0, 9000), rng.choice([0, 1, 2]))
            return (f"{v:g}", v * 10_000) if v else (st.zero, 0.0)
        v = round(rng.uniform(1000, 9_000_000), 2)
        return rng.choice([(f"{v:.2f}元", v), (f"{v:.2f}", v), (f"{v / 10000:.4f}万元", round(v / 10000, 4) * 10000)])
    v = _count(rng, big=measure in ("decisions", "total_published", "in_force"))
    if v and measure in ("new_made", "issued") and rng.random() < 0.15:
        return f"{v}（其中修订{rng.randint(0, v)}件）", float(v)
    text, gold = st.cell(v)
    return text, gold


# ---------------------------------------------------------------- 表三

def add_table3(doc, era: str, st: Style, rng: random.Random, g: Generated, single_other_2021: bool) -> None:
    other = T3_OTHER_2019 if (era == "t2019" or single_other_2021) else T3_OTHER_2021
    result_rows = T3_RESULT + other + T3_TOTAL
    rows = T3_HEAD + result_rows + T3_TAIL
    values = _t3_values(rows, rng, st, g)
    n_header = 3
    table = doc.add_table(rows=n_header + len(rows), cols=10)
    table.style = "Table Grid"
    _merge(table, 0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    _merge(table, 0, 3, 0, 9, "申请人情况")
    _merge(table, 1, 3, 2, 3, "自然人")
    _merge(table, 1, 4, 1, 8, "法人或其他组织")
    _merge(table, 1, 9, 2, 9, "总计")
    legal = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for k, h in enumerate(legal):
        if st.split_header and len(h) == 4:
            h = h[:2] + "\n" + h[2:]
        _set(table.cell(2, 4 + k), h)
    for k in range(n_header):
        if st.repeat_header:
            _header_row(table.rows[k])
    r = n_header
    first_result = n_header + len(T3_HEAD)
    last_result = first_result + len(result_rows) - 1
    group_start: dict[str, int] = {}
    for code, label, group in rows:
        if group is None:
            _merge(table, r, 0, r, 2, st.label(label))
        elif group == "":
            _merge(table, r, 1, r, 2, st.label(label))
        else:
            group_start.setdefault(group, r)
            _set(table.cell(r, 2), st.label(label))
        for k, dim in enumerate(APPLICANTS):
            val = values[(code, dim)]
            flawed = f"table3 {code} {dim}" in g.inconsistent
            text, gold = (f"{val:g}", val) if flawed else st.cell(val)
            _set(table.cell(r, 3 + k), text)
            if gold is not None:
                g.gold.append(GoldRow(code, dim, "table", gold, note=label))
        r += 1
    res_cell = _merge(table, first_result, 0, last_result, 0, st.label("三、本年度办理结果"))
    if st.rotate_group:
        _vertical(res_cell)
    for group, start in group_start.items():
        n = sum(1 for _, _, gr in rows if gr == group)
        _merge(table, start, 1, start + n - 1, 1, st.label(group))


def _t3_values(rows, rng: random.Random, st: Style, g: Generated) -> dict[tuple[str, str], Optional[float]]:
    v: dict[tuple[str, str], Optional[float]] = {}
    parts = [c for c, _, grp in rows if c not in ("apply.new_received", "apply.carried_over", "apply.result.total",
                                                  "apply.carried_forward")]
    active_cols = [d for d in APPLICANTS[:-1] if d == "natural" or rng.random() < 0.35]
    for dim in APPLICANTS[:-1]:
        for c in parts:
            v[(c, dim)] = float(_count(rng) if dim in active_cols and rng.random() < 0.5 else 0)
        total = sum(v[(c, dim)] for c in parts)
        v[("apply.result.total", dim)] = total
        cf = float(rng.randint(0, 5) if dim in active_cols else 0)
        co = float(rng.randint(0, int(min(total + cf, 6))) if total + cf else 0)
        v[("apply.carried_forward", dim)] = cf
        v[("apply.carried_over", dim)] = co
        v[("apply.new_received", dim)] = total + cf - co
    for c, _, _ in rows:
        v[(c, "total")] = sum(v[(c, d)] for d in APPLICANTS[:-1])
    if st.inconsistent:
        key = rng.choice([("apply.result.total", "total"), ("apply.result.total", "natural"),
                          ("apply.new_received", "total")])
        v[key] = (v[key] or 0) + rng.randint(1, 9)
        g.inconsistent.append(f"table3 {key[0]} {key[1]}")
    return v


# ---------------------------------------------------------------- 表四

def add_table4(doc, st: Style, rng: random.Random, g: Generated) -> None:
    table = doc.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    _merge(table, 0, 0, 0, 4, "行政复议")
    _merge(table, 0, 5, 0, 14, "行政诉讼")
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for k, h in enumerate(leaves):
        _merge(table, 1, k, 2, k, h if not st.split_header else h[:2] + "\n" + h[2:])
    _merge(table, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(table, 1, 10, 1, 14, "复议后起诉")
    for k in range(10):
        h = leaves[k % 5]
        _set(table.cell(2, 5 + k), h if not st.split_header else h[:2] + "\n" + h[2:])
    blocks = ["review", "litigation.direct", "litigation.after_review"]
    measures = ["maintained", "corrected", "other", "pending", "total"]
    for b, block in enumerate(blocks):
        parts = [float(rng.choice([0, 0, 0, rng.randint(1, 20)])) for _ in range(4)]
        total = sum(parts)
        flawed = st.inconsistent and rng.random() < 0.5
        if flawed:
            total += rng.randint(1, 5)
            g.inconsistent.append(f"table4 {block}")
        for m, val in zip(measures, parts + [total]):
            text, gold = (f"{val:g}", val) if flawed and m == "total" else st.cell(val)
            _set(table.cell(3, b * 5 + measures.index(m)), text)
            if gold is not None:
                g.gold.append(GoldRow(f"{block}.{m}", "total", "table", gold, note=m))


# ---------------------------------------------------------------- pre-2019

def add_pre2019(doc, st: Style, rng: random.Random, g: Generated, fujian: bool) -> None:
    if fujian:
        rows = PRE2019_FUJIAN
        table = doc.add_table(rows=len(rows) + 1, cols=4)
        table.style = "Table Grid"
        for c, h in enumerate(["指标名称", "计量单位", f"{g.year}年度", "历年累计"]):
            _set(table.cell(0, c), h)
        if st.repeat_header:
            _header_row(table.rows[0])
        for r, (label, unit, code) in enumerate(rows, start=1):
            _set(table.cell(r, 0), label)
            _set(table.cell(r, 1), unit)
            year_v = float(_count(rng, big=True))
            cum_v = year_v + float(_count(rng, big=True))
            for c, (val, dim) in enumerate(((year_v, "total"), (cum_v, "cumulative")), start=2):
                text, gold = st.cell(val)
                _set(table.cell(r, c), text)
                if gold is not None:
                    g.gold.append(GoldRow(code, dim, "table", gold, note=label))
        return
    rows = PRE2019_NATIONAL
    table = doc.add_table(rows=len(rows) + 1, cols=3)
    table.style = "Table Grid"
    for c, h in enumerate([rng.choice(["统 计 指 标", "统计指标"]), "单位", "统计数"]):
        _set(table.cell(0, c), h)
    if st.repeat_header:
        _header_row(table.rows[0])
    for r, (label, unit, code, dim) in enumerate(rows, start=1):
        _set(table.cell(r, 0), label)
        _set(table.cell(r, 1), unit)
        if code is None:
            continue
        val = float(_count(rng))
        money = unit == "万元"
        if money and val:
            val = round(rng.uniform(0.1, 50), 2)
        text, gold = st.cell(val, money_wan=money)
        _set(table.cell(r, 2), text)
        if gold is not None:
            g.gold.append(GoldRow(code, dim, "table", round(gold, 6), note=label))


# ---------------------------------------------------------------- narrative with known figures

def _say(n: int, rng: random.Random) -> tuple[str, str]:
    """A count as a report prints it, and its qualifier: 620, 1,234, 十七, 1.2万, 约600, 500余."""
    from ..numbers import int_to_cn

    style = rng.random()
    if n < 100 and style < 0.2:
        return int_to_cn(n), ""
    if n >= 10_000 and n % 1000 == 0 and style < 0.4:
        return f"{n / 10_000:g}万", ""
    if n >= 1000 and style < 0.3:
        return f"{n:,}", ""
    if style > 0.85:
        q = rng.choice(["约", "余", "多", "近", "超过"])
        return (f"{q}{n}", q) if q in ("约", "近", "超过") else (f"{n}{q}", q)
    return str(n), ""


class _Lazy(dict):
    """format_map values computed only when the chosen template uses them (so gold has only printed figures)."""

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        v = dict.__getitem__(self, key)
        return v() if callable(v) else v


def narrative(era: str, year: int, rng: random.Random) -> tuple[list[str], list[GoldRow]]:
    """Paragraphs stating this agency's figures in varied phrasings, with their gold, plus distractors
    that must yield nothing (other years, plans, percentages, categories, other bodies' counts)."""
    gold: list[GoldRow] = []
    paras: list[str] = []

    def fig(code: str, n: int, dim: str = "total") -> str:
        text, q = _say(n, rng)
        gold.append(GoldRow(code, dim, "text", float(n), note=q))
        return text

    who = rng.choice(["我单位", "本机关", "我局", "我区", "全市", "我办"])
    # 主动公开
    n = rng.randint(50, 30_000)
    web = rng.randint(10, n)
    sent = rng.choice(["{year}年，{who}共主动公开政府信息{N}条", "全年{who}主动公开各类政府信息{N}条",
                       "{who}全年共公开政府信息{N}条", "全年累计主动公开政府信息{N}条",
                       "{year}年度{who}主动公开政府信息数量为{N}条"]).format(year=year, who=who,
                                                                       N=fig("active.total", n))
    sent += rng.choice(["，其中通过政府网站公开政府信息{W}条。", "，在政府网站平台发布政府信息{W}条。", "。",
                        "，其中，在门户网站公开信息{W}条。"]).format_map(
        _Lazy(W=lambda: fig("active.by_channel.website", web)))
    sent += rng.choice(["", f"较上年增长{rng.randint(1, 40)}.{rng.randint(0, 9)}%。",
                        f"其中机构职能类信息{rng.randint(1, 99)}条，规划计划类信息{rng.randint(1, 99)}条。"])
    if rng.random() < 0.5:
        sent += f"通过政务微博发布信息{fig('active.by_channel.weibo', rng.randint(1, 900))}条，" \
                f"政务微信公众号推送信息{fig('active.by_channel.wechat', rng.randint(1, 900))}条。"
    paras.append(sent)
    if rng.random() < 0.6:
        paras.append(f"全年发布政策解读{fig('response.interpretations', rng.randint(1, 300))}篇，"
                     f"政府信息公开专栏访问量达{fig('active.web_visits', rng.randint(1000, 900_000))}人次。")
    # 咨询
    if rng.random() < 0.7:
        parts = [rng.randint(0, 3000) for _ in range(3)]
        total = sum(parts)
        text, q = _say(total, rng)
        gold.append(GoldRow("consult.total", "total", "text", float(total), note=q))
        lead = rng.choice(["全年共接受群众咨询{T}人次", "共受理群众咨询{T}人次", "全年接待来访咨询{T}人次"])
        paras.append(lead.format(T=text) + f"，其中现场咨询{fig('consult.onsite', parts[0])}人次，"
                     f"电话咨询{fig('consult.phone', parts[1])}人次，网上咨询{fig('consult.online', parts[2])}人次。")
    # 依申请
    apply_code = "apply.received.total" if era == "pre2019" else "apply.new_received"
    if rng.random() < 0.2:
        paras.append(rng.choice([f"{year}年未收到政府信息公开申请。", f"本年度没有收到政府信息公开申请。"]))
        gold.append(GoldRow(apply_code, "total", "text", 0.0))
    else:
        paras.append(rng.choice(["本年度共收到政府信息公开申请{A}件。",
                                 "{year}年，{who}共受理政府信息公开申请{A}件，均在法定期限内予以答复。",
                                 "全年共受理依申请公开事项{A}件，比上年增加{D}件。",
                                 "{year}年共收到依申请公开申请{A}件，占全市申请总数的{P}%。"]).format(
            year=year, who=who, A=fig(apply_code, rng.randint(1, 5000)), D=rng.randint(1, 50),
            P=rng.randint(1, 60)))
    # 复议 诉讼
    r, l = rng.randint(0, 60), rng.randint(0, 60)
    if r == 0 and l == 0:
        paras.append(rng.choice([f"{year}年度未发生因政府信息公开引起的行政复议、行政诉讼案件。",
                                 "本年度没有发生政府信息公开行政复议和行政诉讼案件。",
                                 "全年无政府信息公开行政复议及行政诉讼案件。"]))
        gold += [GoldRow("review.total", "total", "text", 0.0), GoldRow("litigation.total", "total", "text", 0.0)]
    else:
        paras.append(rng.choice(["因政府信息公开被申请行政复议{R}件，被提起行政诉讼{L}件。",
                                 "发生政府信息公开行政复议案件{R}起，行政诉讼案件{L}起。"]).format(
            R=fig("review.total", r), L=fig("litigation.total", l)))
    # 费用
    if era == "t2021":
        fee = rng.choice([0, 0, rng.randint(10, 5000)])
        if fee == 0:
            paras.append(rng.choice([f"{year}年，无收取信息处理费情况。", "本年度未收取信息处理费。",
                                     "全年未产生信息处理费。"]))
            gold.append(GoldRow("fee.processing.collected", "total", "text", 0.0))
        else:
            paras.append(f"全年收取信息处理费{fig('fee.processing.collected', fee)}元。")
    elif era == "pre2019":
        if rng.random() < 0.5:
            paras.append(rng.choice(["依申请提供政府信息暂不收费。", "本年度未收取任何费用。"]))
            gold.append(GoldRow("fee.amount", "total", "text", 0.0))
    # distractors: none of these is this year's figure of this agency
    paras.append(rng.choice([
        f"下一步，计划主动公开政府信息{rng.randint(100, 999)}条。",
        f"{year - 1}年共主动公开政府信息{rng.randint(100, 999)}条。",
        f"根据《关于做好政府信息公开工作的通知》（某政办发〔{year}〕{rng.randint(1, 99)}号）要求，联系电话0591-23162606。",
        f"政务服务中心共受理申请{rng.randint(1000, 99999)}件，办结率100%。",
        f"在全市政务公开考评中排名第{rng.randint(2, 9)}位。"]))
    return paras, gold


# ---------------------------------------------------------------- a whole report

def generate(stem: str, era: str, rng: random.Random, out_dir: Path, pages_of_filler: int = 0) -> Generated:
    agency = rng.choice(AGENCIES)
    year = {"pre2019": rng.randint(2014, 2018), "t2019": rng.randint(2019, 2021), "t2021": rng.randint(2021, 2025)}[era]
    g = Generated(stem=stem, era=era, agency=agency, year=year)
    st = Style(rng)
    doc = _new_doc()
    doc.add_heading(f"{agency}{year}年政府信息公开工作年度报告", level=0)
    doc.add_paragraph(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    doc.add_paragraph("一、总体情况")
    for _ in range(rng.randint(0, 2) + pages_of_filler * 8):
        doc.add_paragraph(FILLER)
    paras, text_gold = narrative(era, year, rng)
    for p in paras:
        doc.add_paragraph(p)
    g.gold.extend(text_gold)
    if era == "pre2019":
        doc.add_paragraph("附表：政府信息公开情况统计表")
        add_pre2019(doc, st, rng, g, fujian=rng.random() < 0.4)
    else:
        doc.add_paragraph("二、主动公开政府信息情况")
        add_table2(doc, era, st, rng, g)
        doc.add_paragraph("三、收到和处理政府信息公开申请情况")
        for _ in range(rng.randint(0, 6)):  # push 表三 across a page break at varying points
            doc.add_paragraph(FILLER)
        add_table3(doc, era, st, rng, g, single_other_2021=(era == "t2021" and rng.random() < 0.2))
        doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
        add_table4(doc, st, rng, g)
        doc.add_paragraph("五、存在的主要问题及改进情况")
        doc.add_paragraph(FILLER)
        doc.add_paragraph("六、其他需要报告的事项")
        doc.add_paragraph("无。")
    (out_dir / "reports").mkdir(parents=True, exist_ok=True)
    (out_dir / "gold").mkdir(parents=True, exist_ok=True)
    doc.save(str(out_dir / "reports" / f"{stem}.docx"))
    write_gold(g, out_dir / "gold" / f"{stem}.csv")
    return g


def write_gold(g: Generated, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator", "dimension", "source", "value", "required", "note"])
        for r in g.gold:
            w.writerow([r.indicator, r.dimension, r.source, repr(r.value) if not float(r.value).is_integer()
                        else int(r.value), r.required, r.note.replace("\n", " ")])


def generate_set(out_dir: Path, n: int, seed: int = 1) -> list[Generated]:
    """n reports cycling through the eras: out_dir/reports/*.docx and out_dir/gold/*.csv."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    eras = ["pre2019", "t2019", "t2021"]
    out = []
    for i in range(n):
        era = eras[i % 3]
        out.append(generate(f"gen-{seed}-{i:04d}-{era}", era, rng, out_dir))
    return out


def to_pdf(docx_files: list[Path], out_dir: Path, timeout: int = 1800) -> list[Path]:
    """Export DOCX files to PDF with one LibreOffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, f"-env:UserInstallation=file://{prof}/p", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir)] + [str(p) for p in docx_files], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    return [out_dir / (p.stem + ".pdf") for p in docx_files]


# LibreOffice occasionally drops the rows of a table that starts at the foot of a page with a
# tall merged header (seen with LibreOffice 7.4): a PDF must show most of the printed figures.
_VALUE_TOKEN = re.compile(r"^(?:[减增+\-]?\d[\d.,]*(?:元|万元)?(?:（.*）)?|[—\-/无])$")
RENDER_MIN_SHARE = 0.8


def _pdf_complete(pdf: Path, g: "Generated") -> bool:
    import pdfplumber

    try:
        with pdfplumber.open(str(pdf)) as doc:
            text = " ".join((p.extract_text() or "") for p in doc.pages)
    except Exception:
        return False
    tokens = sum(1 for t in text.split() if _VALUE_TOKEN.match(t))
    printed = sum(1 for r in g.gold if r.source == "table")
    return tokens >= RENDER_MIN_SHARE * printed


def _break_before_table3(docx_path: Path) -> None:
    d = NewDocx(str(docx_path))
    for p in d.paragraphs:
        if p.text.startswith("三、收到和处理"):
            p.paragraph_format.page_break_before = True
    d.save(str(docx_path))


def export_pdfs(gens: list[Generated], out_dir: Path) -> tuple[list[Path], list[str]]:
    """PDFs for generated reports, each checked for rows lost in rendering; a report whose 表三 lost
    rows is laid out again with 表三 on a new page; one that still fails is left out and named."""
    reports = out_dir / "reports"
    pdf_dir = out_dir / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    pdfs = to_pdf([reports / f"{g.stem}.docx" for g in gens], pdf_dir)
    bad = [g for g, p in zip(gens, pdfs) if not _pdf_complete(p, g)]
    if bad:
        fixed_dir = out_dir / "relayout"
        fixed_dir.mkdir(exist_ok=True)
        for g in bad:
            shutil.copyfile(reports / f"{g.stem}.docx", fixed_dir / f"{g.stem}.docx")
            _break_before_table3(fixed_dir / f"{g.stem}.docx")
        to_pdf([fixed_dir / f"{g.stem}.docx" for g in bad], pdf_dir)
    dropped = []
    for g in bad:
        p = pdf_dir / f"{g.stem}.pdf"
        if not _pdf_complete(p, g):
            p.unlink(missing_ok=True)
            dropped.append(g.stem)
    return sorted(pdf_dir.glob("*.pdf")), dropped


# ---------------------------------------------------------------- variants: borderless DOCX, landscape, HTML

BORDER_MODES = ("ruled", "none", "three-line")  # all rules / no rules at all / only top and bottom rules
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _set_table_borders(tbl, mode: str) -> None:
    """Replace a table's rules: ``none`` removes every border, ``three-line`` keeps top and bottom only.
    Cell-level borders are removed too so that the table style cannot bring any back."""
    tblpr = tbl.tblPr
    for old in tblpr.findall(_w("tblStyle")) + tblpr.findall(_w("tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if mode == "three-line" and side in ("top", "bottom"):
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "12")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    for tcpr in tbl.iter(_w("tcPr")):
        for old in tcpr.findall(_w("tcBorders")):
            tcpr.remove(old)


def restyle_docx(src: Path, dst: Path, borders: str = "ruled", landscape: bool = False) -> Path:
    """A copy of a generated report with its tables' rules changed (``BORDER_MODES``) and/or the whole
    report on landscape pages (a wide 表三 as agencies print it).  Content and gold are unchanged."""
    if borders not in BORDER_MODES:
        raise ValueError(f"borders must be one of {BORDER_MODES}")
    d = NewDocx(str(src))
    if borders != "ruled":
        for tbl in d.element.body.iter(_w("tbl")):
            _set_table_borders(tbl, borders)
    if landscape:
        from docx.enum.section import WD_ORIENT
        for sec in d.sections:
            w, h = sec.page_width, sec.page_height
            if w < h:
                sec.orientation = WD_ORIENT.LANDSCAPE
                sec.page_width, sec.page_height = h, w
    dst.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(dst))
    return dst


@dataclass
class HtmlLook:
    """How an agency's web page sets the report: varied like real pages, never changing the content."""
    font: str = "Noto Sans CJK SC"
    size_px: int = 14
    borders: str = "ruled"          # BORDER_MODES
    border_css: str = "1px solid #000"
    collapse: bool = True
    width: str = "100%"
    number_font: str = ""           # e.g. Arial on figure cells (digits in a Latin font beside CJK)
    padding: str = "2px 4px"
    valign: str = ""                # vertical-align of cells ("", "middle", "top", "bottom")
    center_numbers: bool = True

    @classmethod
    def random(cls, rng: random.Random, borders: str = "ruled") -> "HtmlLook":
        return cls(font=rng.choice(["Noto Sans CJK SC", "Noto Serif CJK SC"]),
                   size_px=rng.choice([12, 13, 14, 15, 16]),
                   borders=borders,
                   border_css=rng.choice(["1px solid #000", "1px solid #333", "0.5pt solid windowtext",
                                          "2px solid #000", "1px dotted #000", "3px double #000"]),
                   collapse=rng.random() < 0.8,
                   width=rng.choice(["100%", "95%", "90%", "640px", "auto"]),
                   number_font=rng.choice(["", "Arial", "Arial", "Times New Roman", "DejaVu Sans"]),
                   # without rules, only whitespace separates the cells: a page that sets them with no padding
                   # (text touching the next column's text) cannot be read as a table by anyone
                   padding=rng.choice(["0", "2px 4px", "4px 8px", "1px"] if borders == "ruled"
                                      else ["3px 6px", "4px 8px", "2px 6px"]),
                   valign=rng.choice(["", "middle", "top", "bottom"]),
                   center_numbers=rng.random() < 0.7)

    def css(self) -> str:
        rule = self.border_css
        parts = [f"body{{font-family:'{self.font}',serif;font-size:{self.size_px}px;margin:24px;}}",
                 f"table{{width:{self.width};border-collapse:{'collapse' if self.collapse else 'separate'};"
                 f"margin:8px 0;}}",
                 f"td,th{{padding:{self.padding};font-weight:normal;"
                 + (f"vertical-align:{self.valign};" if self.valign else "") + "}",
                 "h1{font-size:1.4em;text-align:center;}",
                 ".v{writing-mode:vertical-rl;}"]
        if self.borders == "ruled":
            parts.append(f"td,th{{border:{rule};}}")
        elif self.borders == "three-line":
            parts.append("td,th{border:none;}")
            parts.append(f"table{{border-top:{rule};border-bottom:{rule};}}")
            if not self.collapse:  # a separated table draws its own frame; keep it to the two rules
                parts.append("table{border-left:none;border-right:none;}")
        else:
            parts.append("table,td,th{border:none;}")
        if self.number_font:
            parts.append(f".n{{font-family:'{self.number_font}';}}")
        if self.center_numbers:
            parts.append(".n{text-align:center;}")
        return "\n".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _docx_text(el) -> str:
    """Text of a paragraph or cell as written: runs joined, line breaks kept as newlines."""
    out = []
    for node in el.iter():
        if node.tag == _w("t") and node.text:
            out.append(node.text)
        elif node.tag in (_w("br"), _w("cr")):
            out.append("\n")
        elif node.tag == _w("p") and out and node is not el:
            if out[-1] != "\n":
                out.append("\n")
    return "".join(out).strip("\n")


def _html_table(tbl, look: HtmlLook) -> str:
    """A DOCX table (gridSpan / vMerge) as an HTML table with colspan / rowspan; header rows in <thead>."""
    rows = tbl.findall(_w("tr"))
    grid: list[list[dict]] = []
    for tr in rows:
        col = 0
        cells = []
        for tc in tr.findall(_w("tc")):
            tcpr = tc.find(_w("tcPr"))
            span = 1
            vmerge = None
            vertical = False
            if tcpr is not None:
                gs = tcpr.find(_w("gridSpan"))
                if gs is not None:
                    span = int(gs.get(_w("val")))
                vm = tcpr.find(_w("vMerge"))
                if vm is not None:
                    vmerge = vm.get(_w("val")) or "continue"
                vertical = tcpr.find(_w("textDirection")) is not None
            cells.append({"col": col, "span": span, "vmerge": vmerge, "text": _docx_text(tc), "rows": 1,
                          "vertical": vertical})
            col += span
        trpr = tr.find(_w("trPr"))
        header = trpr is not None and trpr.find(_w("tblHeader")) is not None
        grid.append({"cells": cells, "header": header})
    # rowspans: a restart cell grows over the continue cells below it in the same grid column
    for r, row in enumerate(grid):
        for c in row["cells"]:
            if c["vmerge"] == "restart":
                k = r + 1
                while k < len(grid) and any(d["col"] == c["col"] and d["vmerge"] == "continue"
                                            for d in grid[k]["cells"]):
                    c["rows"] += 1
                    k += 1
    head, body = [], []
    in_head = True
    for row in grid:
        tds = []
        for c in row["cells"]:
            if c["vmerge"] == "continue":
                continue
            attrs = ""
            if c["span"] > 1:
                attrs += f' colspan="{c["span"]}"'
            if c["rows"] > 1:
                attrs += f' rowspan="{c["rows"]}"'
            txt = c["text"]
            cls = []
            if txt and _VALUE_TOKEN.match(txt.strip()):
                cls.append("n")
            if c["vertical"]:
                cls.append("v")
            if cls:
                attrs += f' class="{" ".join(cls)}"'
            tds.append(f"<td{attrs}>{_esc(txt).replace(chr(10), '<br>')}</td>")
        tr = "<tr>" + "".join(tds) + "</tr>"
        if in_head and row["header"]:
            head.append(tr)
        else:
            in_head = False
            body.append(tr)
    attr = ' border="1" cellspacing="0"' if look.borders == "ruled" and not look.collapse else ""
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return f"<table{attr}>{thead}<tbody>{''.join(body)}</tbody></table>"


def docx_to_html(src: Path, dst: Path, look: Optional[HtmlLook] = None) -> Path:
    """The generated report as an agency web page: same title, paragraphs and tables (spans kept), so the
    DOCX's gold holds for the HTML and for every PDF a browser prints from it."""
    look = look or HtmlLook()
    d = NewDocx(str(src))
    parts = []
    title = ""
    for el in d.element.body.iterchildren():
        if el.tag == _w("p"):
            text = _docx_text(el)
            style = el.find(f"{_w('pPr')}/{_w('pStyle')}")
            if style is not None and style.get(_w("val")) in ("Title", "Heading1", "Heading 1"):
                title = title or text
                parts.append(f"<h1>{_esc(text)}</h1>")
            elif text:
                parts.append(f"<p>{_esc(text)}</p>")
        elif el.tag == _w("tbl"):
            parts.append(_html_table(el, look))
    html = ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{_esc(title)}</title><style>\n{look.css()}\n</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(html, encoding="utf-8")
    return dst


def main() -> None:  # pragma: no cover
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pdf", action="store_true", help="also export PDFs with LibreOffice")
    a = ap.parse_args()
    gens = generate_set(a.out, a.n, a.seed)
    if a.pdf:
        _, dropped = export_pdfs(gens, a.out)
        if dropped:
            print(f"LibreOffice lost table rows in {len(dropped)} PDF(s), left out: {', '.join(dropped)}")
    print(f"{len(gens)} reports in {a.out}")


if __name__ == "__main__":  # pragma: no cover
    main()
