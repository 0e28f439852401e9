"""Grammar of report prose beyond `anchor + count`: an object phrase between the verb and the count, the
count before its noun, qualifiers of the noun, zero statements over coordinated concepts, breakdowns by
applicant, sub-results named after their count.  Sentences written for these tests, with distractors."""
import pytest

from extract.model import Document, Paragraph, finalize
from extract.narrative.extractor import extract_text_records


def _recs(*paras, era="pre2019", year=2016):
    doc = finalize(Document(path="x", format="txt", blocks=[Paragraph(text=p, raw=p) for p in paras]))
    out = {}
    for r in extract_text_records(doc, era, year):
        out.setdefault((r.indicator, r.dimension), []).append(r.value)
    return out


def _one(recs, code, dim="total"):
    vals = recs.get((code, dim))
    assert vals is not None, (code, dim, sorted(recs))
    assert len(set(vals)) == 1, (code, vals)
    return vals[0]


# ---------------------------------------------------------------- meetings, trainings, trainees

@pytest.mark.parametrize("text,value", [
    ("本年度召开局务会专题研究政务公开工作会议5次。", 5),
    ("全年共召开信息公开工作联席会4次。", 4),
    ("县政府召开政务公开工作推进会一次。", 1),
])
def test_meetings_with_a_long_object(text, value):
    assert _one(_recs(text), "training.meetings") == value


def test_press_conferences_and_trainings_are_not_meetings():
    r = _recs("召开新闻发布会7场，召开政务公开业务培训会2次。")
    assert ("training.meetings", "total") not in r
    assert _one(r, "response.press_conferences") == 7
    r = _recs("下一步，计划召开专题会议3次。")
    assert ("training.meetings", "total") not in r


@pytest.mark.parametrize("text,code,value", [
    ("组织各科室及下属事业单位开展政务公开专项培训3次。", "training.sessions", 3),
    ("全年组织全县乡镇和县直部门政务公开业务培训6期。", "training.sessions", 6),
    ("举办知识培训2场。", "training.sessions", 2),
    ("培训各乡镇信息员320余人次。", "training.trainees", 320),
    ("培训区直机关政务公开联络员95人。", "training.trainees", 95),
    ("受训干部140人次。", "training.trainees", 140),
])
def test_training_objects_between_verb_and_count(text, code, value):
    assert _one(_recs(text), code) == value


def test_training_distractors():
    r = _recs("培训覆盖率达到95%。", "2015年培训人员200人次。")
    assert ("training.trainees", "total") not in r
    # a sub-unit that trains on its own is not this agency's figure
    r = _recs("各乡镇自行组织培训12次。")
    assert ("training.sessions", "total") not in r


# ---------------------------------------------------------------- applications

def test_applicant_breakdown_in_prose():
    r = _recs("本年度新收政府信息公开申请40件，其中自然人提出申请33件，商业企业5件、科研机构1件、律师事务所1件。",
              era="t2021", year=2022)
    assert _one(r, "apply.new_received") == 40
    assert _one(r, "apply.new_received", "natural") == 33
    assert _one(r, "apply.new_received", "legal.commercial") == 5
    assert _one(r, "apply.new_received", "legal.research") == 1
    assert _one(r, "apply.new_received", "legal.legal_service") == 1


def test_applicant_words_without_applications_stay_out():
    r = _recs("走访企业28家，服务自然人办事120件。", era="t2021", year=2022)
    assert not any(k[0] == "apply.new_received" for k in r)


def test_replies_to_year_end_are_this_years():
    r = _recs("截至2022年12月31日，已答复36件，另有2件结转下年度办理。", era="t2021", year=2022)
    assert _one(r, "apply.result.total") == 36
    assert ("apply.result.total", "cumulative") not in r
    r = _recs("截至年底，累计答复申请1020件。", era="t2021", year=2022)
    assert _one(r, "apply.result.total", "cumulative") == 1020


@pytest.mark.parametrize("text,value", [
    ("本年度共答复127件。", 127),
    ("全年已答复64件。", 64),
    ("受理的12件申请全部依法按时作出答复。", 12),
    ("7件申请均已在法定期限内答复。", 7),
])
def test_reply_totals(text, value):
    assert _one(_recs(text, era="t2021", year=2022), "apply.result.total") == value


def test_count_before_noun_needs_the_whole_to_be_answered():
    r = _recs("7件申请正在办理中。", era="t2021", year=2022)
    assert ("apply.result.total", "total") not in r


def test_pre2019_reply_labels_in_prose():
    r = _recs("答复的40件申请中，属于申请内容不清的3件，所申请信息不存在的2件，不属于本机关职责范围的5件。")
    assert _one(r, "apply.reply.correction_requested") == 3
    assert _one(r, "apply.reply.not_exist") == 2
    assert _one(r, "apply.reply.not_this_agency") == 5


def test_produced_information_split_is_not_application_replies():
    r = _recs("全年制作政府信息812条，其中主动公开790条，依申请公开7条，不予公开15条。")
    assert _one(r, "active.produced_total") == 812
    assert _one(r, "active.total") == 790
    assert _one(r, "active.on_request_items") == 7
    assert _one(r, "active.not_public_items") == 15
    assert not any(k[0].startswith("apply.reply") for k in r)


def test_carried_forward_into_the_named_next_year():
    r = _recs("结转2023年继续办理4件。", era="t2021", year=2022)
    assert _one(r, "apply.carried_forward") == 4
    # a year further away is not the carried forward count
    r = _recs("2024年办理4件。", era="t2021", year=2022)
    assert ("apply.carried_forward", "total") not in r


# ---------------------------------------------------------------- zero statements

def test_zero_passive_and_fee_forms():
    r = _recs("本年度本局未被申请行政复议，亦未被提起行政诉讼。", era="t2021", year=2022)
    assert _one(r, "review.total") == 0 and _one(r, "litigation.total") == 0
    r = _recs("本机关未就受理的申请收取任何费用。", era="t2019", year=2019)
    assert _one(r, "fee.amount") == 0
    assert ("apply.new_received", "total") not in r


def test_zero_carried_forward_vs_carried_over():
    r = _recs("本年度无结转下一年度继续办理的申请。", era="t2021", year=2022)
    assert _one(r, "apply.carried_forward") == 0
    assert ("apply.carried_over", "total") not in r
    r = _recs("无上年度结转申请，也无转入下年度办理的申请。", era="t2021", year=2022)
    assert _one(r, "apply.carried_over") == 0
    assert _one(r, "apply.carried_forward") == 0


# ---------------------------------------------------------------- channels, active, responses, staff

@pytest.mark.parametrize("text,value", [
    ("在《某州晚报》开设专栏刊登信息46条。", 46),
    ("通过电视、新闻发布会等其他方式发布信息31条。", 31),
])
def test_newspapers_and_other_ways(text, value):
    assert _one(_recs(text), "active.by_channel.other") == value


def test_active_total_with_a_qualifying_noun():
    assert _one(_recs("全年共主动公开交通运输信息2140条。"), "active.total") == 2140
    # a category count without 共 is not the total
    assert ("active.total", "total") not in _recs("主动公开财政预决算信息12条。")


def test_consult_channel_with_long_object():
    r = _recs("全年接待来访咨询群众140人次，来电咨询310人次。")
    assert _one(r, "consult.onsite") == 140
    assert _one(r, "consult.phone") == 310


@pytest.mark.parametrize("text,code,value", [
    ("举办新闻发布会和政策吹风会共9场。", "response.press_conferences", 9),
    ("联合电台开展访谈3次。", "response.online_interviews", 3),
])
def test_response_variants(text, code, value):
    assert _one(_recs(text, era="t2021", year=2022), code) == value


def test_staff_qualified_by_their_work():
    r = _recs("局办公室落实专职政务公开工作人员1名、兼职政府信息公开工作人员4名。")
    assert _one(r, "org.staff.full_time") == 1
    assert _one(r, "org.staff.part_time") == 4
    assert ("org.staff.total", "total") not in r


def test_sub_result_after_its_count_is_not_the_total():
    r = _recs("被提起行政诉讼3件，其中2件经法院审理驳回原告诉讼请求，1件正在审理。")
    assert _one(r, "litigation.total") == 3
    assert _one(r, "litigation.maintained") == 2
    assert _one(r, "litigation.pending") == 1


def test_to_date_replies_are_running_totals_when_the_year_figure_is_stated_too():
    r = _recs("截至2022年底，已答复申请415件。", "本年度共答复申请38件。", era="t2021", year=2022)
    assert _one(r, "apply.result.total") == 38
    assert _one(r, "apply.result.total", "cumulative") == 415


def test_meetings_not_about_disclosure_work_stay_out():
    r = _recs("全年召开区政府常务会议24次。", "召开党组会议6次。")
    assert ("training.meetings", "total") not in r


def test_quoted_name_heads_the_noun_after_it():
    r = _recs("全年开展“网上访谈”节目11期。", era="t2021", year=2022)
    assert _one(r, "response.online_interviews") == 11
    raw = [x for x in extract_text_records(
        finalize(Document(path="x", format="txt", blocks=[Paragraph(text="开展“在线访谈”活动8场。", raw="开展“在线访谈”活动8场。")])),
        "t2021", 2022)][0].raw
    assert raw.startswith("在线访谈") and raw.endswith("8场")
    # a quoted name without a keyword gives nothing
    assert _recs("开展“政务开放日”活动3次。", era="t2021", year=2022) == {}


@pytest.mark.parametrize("text,code,value", [
    ("本年度先后召开2次信息公开工作专题会。", "training.meetings", 2),
    ("举办3期政务公开业务培训班。", "training.sessions", 3),
    ("全县有240名信息员参加了集中培训。", "training.trainees", 240),
    ("全年举办6场政策新闻发布会。", "response.press_conferences", 6),
    ("接待现场咨询申请流程等问题53人次。", "consult.onsite", 53),
    ("接听电话咨询公开目录有关事项77人次。", "consult.phone", 77),
])
def test_count_before_its_noun(text, code, value):
    assert _one(_recs(text), code) == value


def test_count_before_a_noun_of_another_kind_stays_out():
    r = _recs("召开4次常务会议。", "举办3场招聘会。", "召开2次新闻发布会。")
    assert ("training.meetings", "total") not in r and ("training.sessions", "total") not in r
    assert _one(r, "response.press_conferences") == 2


def test_applicant_list_with_other_organisations():
    r = _recs("全年收到政府信息公开申请19件，其中自然人14件、商业企业3件、其他2件。", era="t2021", year=2022)
    assert _one(r, "apply.new_received", "natural") == 14
    assert _one(r, "apply.new_received", "legal.commercial") == 3
    assert _one(r, "apply.new_received", "legal.other") == 2
    # 其他 without an applicant list is not an applicant column
    r = _recs("全年收到政府信息公开申请19件，予以公开10件、其他2件。", era="t2021", year=2022)
    assert not any(k == ("apply.new_received", "legal.other") for k in r)


def test_zero_for_being_sued():
    r = _recs("本年度本局未被申请复议，也未被起诉。", era="t2021", year=2022)
    assert _one(r, "review.total") == 0 and _one(r, "litigation.total") == 0


@pytest.mark.parametrize("text", ["全年共主动公开重点领域信息300条。", "本年度共主动公开财政信息46条。",
                                  "共主动公开政策类信息12条。"])
def test_category_qualifiers_are_not_the_total(text):
    assert ("active.total", "total") not in _recs(text)


@pytest.mark.parametrize("text, lead_code, value", [
    ("本年度共接待来访咨询1520人次，其中现场咨询320人次，电话咨询1200人次。", "consult.total", 1520),
    ("年内来访咨询共计640人次，其中当面咨询40人次、网上咨询600人次。", "consult.total", 640),
])
def test_a_figure_whose_qizhong_list_names_its_own_part_is_the_parent_total(text, lead_code, value):
    recs = _recs(text)
    assert _one(recs, lead_code) == value
    assert len(recs[("consult.onsite", "total")]) == 1


def test_a_part_followed_by_other_parts_stays_a_part():
    recs = _recs("全年接受咨询900人次，其中来访咨询278人次，电话咨询622人次。")
    assert _one(recs, "consult.total") == 900 and _one(recs, "consult.onsite") == 278
