import pytest

from extract.loaders import load
from extract.model import Document, Paragraph, finalize
from extract.narrative.extractor import extract_text_records, phrasings
from extract.narrative.metadata import extract_metadata


def _doc(*paras):
    d = Document(path="x", format="txt", blocks=[Paragraph(text=p, raw=p) for p in paras])
    return finalize(d)


def _recs(text, era="pre2019", year=2017):
    return {(r.indicator, r.dimension): (r.value, r.qualifier) for r in extract_text_records(_doc(text), era, year)}


def test_every_phrasing_example_is_read():
    ph = phrasings()
    for entry, example in ph.examples:
        recs = extract_text_records(_doc(example), "t2021", None) + extract_text_records(_doc(example), "pre2019", None)
        assert recs, example
        if entry is not None and entry.code:
            assert any(r.indicator == entry.code for r in recs), (example, [r.indicator for r in recs])


def test_nearest_governing_keyword_in_clause():
    r = _recs("2017年全处共接受群众咨询约14600人次，其中现场咨询5300人次，电话咨询9300人次。")
    assert r[("consult.total", "total")] == (14600, "约")
    assert r[("consult.onsite", "total")] == (5300, "")
    assert r[("consult.phone", "total")] == (9300, "")


def test_channel_vs_total_and_qualifiers():
    r = _recs("2024年，市政府网站主动公开各类政府信息5500余条，全年共主动公开政府信息1.2万条。", "t2021", 2024)
    assert r[("active.by_channel.website", "total")] == (5500, "余")
    assert r[("active.total", "total")] == (12000, "")


def test_review_parts_follow_their_parent():
    r = _recs("政府信息公开行政复议351件，其中结果维持72件，尚未审结37件；政府信息公开行政诉讼46件，其中结果纠正5件。",
              "t2021", 2024)
    assert r[("review.total", "total")][0] == 351
    assert r[("review.maintained", "total")][0] == 72
    assert r[("review.pending", "total")][0] == 37
    assert r[("litigation.total", "total")][0] == 46
    assert r[("litigation.corrected", "total")][0] == 5


@pytest.mark.parametrize("text", [
    "2016年共主动公开政府信息500条。",  # another year
    "下一步，计划主动公开政府信息800条。",  # a plan
    "主动公开政府信息较上年增长12.5%。",  # a percentage
    "按照《通知》（某政办发〔2017〕60号）要求做好工作。",  # a document number
    "联系电话：0591-23162606，邮编350400。",
    "在全市政务公开考评中排名第3位。",
    "政务服务中心共受理申请121510件。",  # applications, but not for information
    "其中机构职能类信息205条，规划计划类信息19条。",  # categories
    "一是加强领导，二是完善制度。",
])
def test_not_figures(text):
    core = {k for k in _recs(text) if k[0].split(".")[0] in ("active", "consult", "apply", "review", "litigation", "fee")}
    assert not core, core


def test_zero_statements():
    r = _recs("2017年度未发生针对本单位有关政府信息公开事务的行政复议案、行政诉讼案和有关的申诉案。")
    assert r[("review.total", "total")] == (0, "")
    assert r[("litigation.total", "total")] == (0, "")
    assert r[("appeal.total", "total")] == (0, "")
    r = _recs("2022年，无收取信息处理费情况。", "t2021", 2022)
    assert r == {("fee.processing.collected", "total"): (0, "")}
    assert _recs("依申请提供政府信息暂不收费。")[("fee.amount", "total")] == (0, "")
    r = _recs("2017年未收到有关政府信息公开行政复议、提起行政诉讼的申请。")
    assert ("apply.received.total", "total") not in r  # the 申请 here is the reconsideration's
    assert _recs("无其他需要报告的事项。") == {}


def test_era_picks_the_application_code():
    assert ("apply.new_received", "total") in _recs("全区收到政府信息公开申请75件。", "t2021", 2022)
    assert ("apply.received.total", "total") in _recs("全区收到政府信息公开申请75件。", "pre2019", 2016)


def test_locator_points_into_document_text(corpus):
    doc = load(corpus / "jingyuan-2017.docx").document
    for r in extract_text_records(doc, "pre2019", 2017):
        a, b = map(int, r.locator.split()[1].split("-"))
        assert doc.text[a:b] == r.raw


def test_seed_metadata_in_every_format(corpus):
    for ext in ("txt", "docx", "pdf"):
        md = extract_metadata(load(corpus / f"jingyuan-2017.{ext}").document)
        assert (md.agency, md.year, md.province) == ("鲸园街道办事处", 2017, "山东"), ext
        assert md.title == "鲸园街道办事处2017年政府信息公开工作年度报告"


def test_metadata_agency_not_from_breadcrumbs_or_sentence_frames():
    d = _doc("首页 > 政务公开 > 政府信息公开年报", "某某县自然资源局2022年政府信息公开工作年度报告", "一、总体情况")
    md = extract_metadata(d)
    assert (md.agency, md.year) == ("某某县自然资源局", 2022)
    d = _doc("本报告是根据《条例》(以下简称《条例》)要求,由某某区民政局编制的2011年度政府信息公开年度报告。")
    assert extract_metadata(d).agency == "某某区民政局"
    # no title: the period, else the year the opening names most
    assert extract_metadata(_doc("本报告所列数据时间为2019年1月1日至2019年12月31日。")).year == 2019
    assert extract_metadata(_doc("2021年收到申请5件。落实《2021年工作要点》。2021年全年公开信息80条。")).year == 2021
