"""Headings from paragraph text alone: numbering + short title, on its own line or run into the body."""
import pytest

from extract.narrative.sections import Context, family_of, heading_at, headings_in, is_heading_line


@pytest.mark.parametrize("text,level,title,family", [
    ("一、概述", 1, "概述", "other"),
    ("二 政府信息主动公开情况", 1, "政府信息主动公开情况", "active"),
    ("（三）依申请公开政府信息办理情况", 2, "依申请公开政府信息办理情况", "apply"),
    ("(四)因政府信息公开申请行政复议、提起行政诉讼的情况", 2, "因政府信息公开申请行政复议、提起行政诉讼的情况", "review"),
    ("3.政府信息公开的收费及减免情况", 3, "政府信息公开的收费及减免情况", "fee"),
    ("六、存在的主要问题及改进措施", 1, "存在的主要问题及改进措施", "plans"),
])
def test_heading_lines(text, level, title, family):
    h = heading_at(text)
    assert (h.level, h.title, h.family) == (level, title, family)
    assert is_heading_line(text)


def test_run_in_headings_keep_their_body():
    text = "四、咨询情况全街道2015年共接受咨询40人次。 五、复议、诉讼情况 未发生行政复议。"
    hs = headings_in(text)
    assert [(h.title, h.family) for h in hs] == [("咨询情况", "consult"), ("复议、诉讼情况", "review")]
    assert text[hs[0].end:].startswith("全街道2015年")
    # a run-in title whose separating space was lost ends at its last heading word
    h = heading_at("三、依申请公开政府信息情况目前，暂无依申请公开事项。")
    assert h.title == "依申请公开政府信息情况"


@pytest.mark.parametrize("text", ["一是加强组织领导，二是完善制度。", "2016年，我局共公开信息300条。",
                                  "（一）2016年，全市各级行政机关共受理申请1200件，较上年增长明显，其中当面申请300件。"])
def test_not_headings(text):
    assert not is_heading_line(text)


def test_sub_heading_inherits_and_a_new_section_resets():
    ctx = Context()
    ctx.update(heading_at("二、主动公开政府信息情况"))
    ctx.update(heading_at("（一）公开的主要内容"))
    assert ctx.family == "active"
    ctx.update(heading_at("三、存在的问题和下一步工作打算"))
    assert ctx.family == "plans" and ctx.skip
    assert family_of("政务新媒体建设") is None
