"""Every narrative record's ``raw`` is exactly the text at its locator (``chars A-B`` in the document's
normalized text), whatever format the report came in."""
import docx
import pytest

from extract.loaders import load
from extract.narrative.extractor import extract_text_records
from extract.narrative.metadata import extract_metadata
from extract.tables.mapper import detect_era

# paragraphs exercising every rule family: headings (own line and run-in), channels carried, number-first,
# zero statements over lists, result lists, full- and half-width punctuation
REPORT = [
    "某县交通运输局2016年政府信息公开工作年度报告",
    "一、概述",
    "为此，配备了2名专职工作人员、5名兼职工作人员。全年组织业务培训3期，参训人员140人次。",
    "二、主动公开政府信息情况",
    "全年共制作、获取政府信息820条，其中主动公开信息700条，依申请公开信息90条，不予公开信息30条。",
    "通过局门户网站公开交通要闻512条,开通“畅行某县”官方微博,发布各类信息1,300余条。",
    "2.公报。2016年，共编印《某县人民政府公报》6期，刊登规范性文件等44件。",
    "三、依申请公开政府信息情况 2016年，我局共收到7件政府信息公开申请，其中同意公开答复5件，申请信息不存在的2件。",
    "四、政府信息公开咨询处理情况",
    "全年共接待群众来访86人次。",
    "五、复议、诉讼和收费情况",
    "本年度未发生与政府信息公开有关的复议、诉讼和申诉，未向申请人收取任何费用。",
    "六、存在的主要问题和改进措施",
    "下一步，计划主动公开政府信息900条。",
]
EXPECTED = {"org.staff.full_time", "org.staff.part_time", "training.sessions", "training.trainees",
            "active.produced_total", "active.total", "active.on_request_items", "active.not_public_items",
            "active.by_channel.website", "active.by_channel.weibo", "gazette.issues", "active.by_channel.gazette",
            "apply.received.total", "apply.reply.granted", "apply.reply.not_exist", "consult.total",
            "review.total", "litigation.total", "appeal.total", "fee.amount"}


def _write(fmt: str, path):
    if fmt == "txt":
        path.write_text("\n".join(REPORT), encoding="utf-8")
    elif fmt == "html":
        body = "".join(f"<p>{p}</p>" for p in REPORT)
        path.write_text(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")
    elif fmt == "docx":
        d = docx.Document()
        for p in REPORT:
            d.add_paragraph(p)
        d.save(str(path))


def _records(doc):
    md = extract_metadata(doc)
    return extract_text_records(doc, detect_era([doc.text]), md.year)


def _check_locators(doc, recs):
    assert recs
    for r in recs:
        kind, span = r.locator.split()
        assert kind == "chars"
        a, b = map(int, span.split("-"))
        assert doc.text[a:b] == r.raw, (r.indicator, r.raw, doc.text[a:b])


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_raw_is_the_text_at_the_locator(fmt, tmp_path):
    path = tmp_path / f"report.{fmt}"
    _write(fmt, path)
    doc = load(path).document
    recs = _records(doc)
    _check_locators(doc, recs)
    assert {r.indicator for r in recs} == EXPECTED
    assert not any(r.value == 900 for r in recs)  # the plan stays out


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_raw_is_the_text_at_the_locator_in_the_seed_report(corpus, ext):
    doc = load(corpus / f"jingyuan-2017.{ext}").document
    _check_locators(doc, _records(doc))


def test_report_laid_out_in_a_web_page_table(tmp_path):
    """A web page that puts the whole report in one layout-table cell: the cell is read as prose."""
    body = "".join(f"<p>{p}</p>" for p in REPORT)
    path = tmp_path / "layout.html"
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><table width='100%'><tr><td>{body}"
                    "</td></tr></table></body></html>", encoding="utf-8")
    doc = load(path).document
    recs = _records(doc)
    _check_locators(doc, recs)
    got = {r.indicator for r in recs}
    assert {"active.total", "active.by_channel.weibo", "apply.received.total", "review.total", "litigation.total",
            "fee.amount"} <= got
    assert not any(r.value == 900 for r in recs)
