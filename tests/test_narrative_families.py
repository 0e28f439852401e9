"""Each narrative rule family on sentences written for these tests (none is taken from the dev reports):
varied agencies, wordings, numbers, punctuation widths and eras, with distractors that must stay out."""
import pytest

from extract.model import Document, Paragraph, finalize
from extract.narrative.extractor import extract_text_records


def _doc(*paras):
    return finalize(Document(path="x", format="txt", blocks=[Paragraph(text=p, raw=p) for p in paras]))


def _recs(*paras, era="pre2019", year=2016):
    out = {}
    for r in extract_text_records(_doc(*paras), era, year):
        out.setdefault((r.indicator, r.dimension), []).append(r.value)
    return out


def _one(recs, code, dim="total"):
    vals = recs.get((code, dim))
    assert vals is not None, (code, sorted(recs))
    assert len(set(vals)) == 1, (code, vals)
    return vals[0]


# ---------------------------------------------------------------- channels and accounts

@pytest.mark.parametrize("text,code,value", [
    ("2016年，县林业局通过局门户网站公开林业要闻412条。", "active.by_channel.website", 412),
    ("本委在市政府门户网站上共公开87条信息。", "active.by_channel.website", 87),
    ("在政务公开专栏发布各类信息1,236条。", "active.by_channel.website", 1236),
    ("“平安某县”官方微博推文2,050篇。", "active.by_channel.weibo", 2050),
    ("局微信公众号推送信息613条。", "active.by_channel.wechat", 613),
    ("在微信公众平台上发布74条信息。", "active.by_channel.wechat", 74),
    ("通过公开栏、电子显示屏等传统载体公开信息58条。", "active.by_channel.other", 58),
])
def test_one_named_channel_is_that_channels_count(text, code, value):
    r = _recs(text)
    assert _one(r, code) == value
    assert ("active.total", "total") not in r


def test_account_named_first_carries_to_the_next_clause():
    r = _recs("开通“清风某区”官方微博，全年发布各类政务信息2300余条。")
    assert _one(r, "active.by_channel.weibo") == 2300
    # the number of accounts is printed first: it is not the figure
    r = _recs("全镇开通政务微博3个，发布信息640条。")
    assert _one(r, "active.by_channel.weibo") == 640
    assert 3 not in sum(r.values(), [])


def test_gazette_issues_then_items():
    r = _recs("2015年，共编印《某市人民政府公报》12期，刊登规章、规范性文件等86件。", year=2015)
    assert _one(r, "gazette.issues") == 12
    assert _one(r, "active.by_channel.gazette") == 86


def test_channel_carries_to_the_next_sentence_only_when_published_through_it():
    r = _recs("依托区政府门户网站，及时发布财政预决算、重点项目等领域信息。全年共发布530条。", era="t2021", year=2023)
    assert _one(r, "active.by_channel.website") == 530
    # setting up a column is not publishing through a channel: its later count is not the website's
    r = _recs("在门户网站设立“政策解读”栏目，用于发布解读材料。全年共公开信息41条。", era="t2021", year=2023)
    assert ("active.by_channel.website", "total") not in r


def test_several_channels_or_all_channels_give_the_total():
    r = _recs("通过政府网站、公开栏、微信公众号等多种渠道主动公开信息3,406条。")
    assert _one(r, "active.total") == 3406
    assert not any(k[0].startswith("active.by_channel") for k in r)
    r = _recs("通过门户网站和政务微博共发布信息900条。")
    assert _one(r, "active.total") == 900


def test_respectively_distributes_over_the_channels_in_order():
    r = _recs("通过区政务微博和微信公众号发布信息分别为210条和95条。")
    assert _one(r, "active.by_channel.weibo") == 210
    assert _one(r, "active.by_channel.wechat") == 95


def test_channel_parts_under_a_total():
    r = _recs("全年主动公开政府信息1500条，其中，门户网站公开1100条，政务微信公开400条。")
    assert _one(r, "active.total") == 1500
    assert _one(r, "active.by_channel.website") == 1100
    assert _one(r, "active.by_channel.wechat") == 400


@pytest.mark.parametrize("text", [
    "在门户网站公开政策文件类信息35条。",  # a category count
    "在门户网站调整文件公开属性6份。",  # not a publish count
    "设立“行政执法公示”专栏，全年公布3020条。",  # a thematic column
])
def test_channel_distractors(text):
    assert not any(k[0].startswith("active.by_channel") for k in _recs(text))


# ---------------------------------------------------------------- totals and parts

def test_produced_total_and_its_split_give_four_codes():
    r = _recs("全年共制作、获取政府信息615条，其中主动公开信息540条，依申请公开信息60条，不予公开信息15条。")
    assert _one(r, "active.produced_total") == 615
    assert _one(r, "active.total") == 540
    assert _one(r, "active.on_request_items") == 60
    assert _one(r, "active.not_public_items") == 15
    assert len(r) == 4  # no figure credited twice


def test_qizhong_list_parts_and_bracket_end():
    r = _recs("全年门户网站发布信息800条（其中：工作动态500条，通知公告300条），发布政策解读24篇。", era="t2021",
              year=2022)
    assert _one(r, "active.by_channel.website") == 800
    assert _one(r, "response.interpretations") == 24


def test_result_list_read_with_the_table_labels():
    r = _recs("共办结申请40件。其中同意公开答复25件，同意部分公开的3件，申请信息不存在的7件，"
              "告知通过其他途径办理的5件。", year=2014)
    assert _one(r, "apply.reply.granted") == 25
    assert _one(r, "apply.reply.partial") == 3
    assert _one(r, "apply.reply.not_exist") == 7
    assert _one(r, "apply.reply.other_channel") == 5
    r = _recs("本年度答复申请14件，其中3件办理结果为本机关不掌握相关政府信息，因属于国家秘密不予公开2件。",
              era="t2021", year=2024)
    assert _one(r, "apply.result.total") == 14
    assert _one(r, "apply.result.unavailable.not_held") == 3
    assert _one(r, "apply.result.denied.state_secret") == 2


def test_number_first_applications_and_carried_forward():
    r = _recs("2022年全局共收到9件政府信息公开申请，另有2件申请结转下年度继续办理。", era="t2021", year=2022)
    assert _one(r, "apply.new_received") == 9
    assert _one(r, "apply.carried_forward") == 2
    r = _recs("全年受理依申请公开政府信息6项。", year=2017)
    assert _one(r, "apply.received.total") == 6
    assert ("active.total", "total") not in r  # 依申请公开政府信息 is not 主动公开


# ---------------------------------------------------------------- zero statements over coordinated concepts

def test_coordinated_zero_statement_gives_each_concept():
    r = _recs("本年度未发生因政府信息公开引起的复议、诉讼和申诉案件。")
    assert _one(r, "review.total") == 0 and _one(r, "litigation.total") == 0 and _one(r, "appeal.total") == 0
    r = _recs("全年无信息公开行政诉讼。", era="t2021", year=2022)
    assert r == {("litigation.total", "total"): [0]}


@pytest.mark.parametrize("text,era,year,code", [
    ("本局未向申请人收取检索、复制、邮寄等任何费用。", "pre2019", 2013, "fee.amount"),
    ("全年未收取任何政府信息公开费用。", "t2021", 2022, "fee.processing.collected"),
    ("2017年本乡未接到公民提出的信息公开申请。", "pre2019", 2017, "apply.received.total"),
    ("本年度未涉及政府信息公开申请。", "t2019", 2020, "apply.new_received"),
    ("无上年结转的政府信息公开申请。", "t2021", 2023, "apply.carried_over"),
    ("2016年度未收到在线咨询。", "pre2019", 2016, "consult.online"),
])
def test_zero_statement_picks_the_era_code(text, era, year, code):
    r = _recs(text, era=era, year=year)
    assert r == {(code, "total"): [0]}, r


def test_zero_statement_distractors():
    assert _recs("全年无相关专项经费支出。") == {}
    r = _recs("未收到网上咨询。")
    assert ("consult.total", "total") not in r  # only the online channel is said to be zero


# ---------------------------------------------------------------- measure words

def test_measure_word_decides_sessions_or_trainees():
    r = _recs("全年组织业务培训4期，参训人员230人次。")
    assert _one(r, "training.sessions") == 4
    assert _one(r, "training.trainees") == 230
    r = _recs("集中培训十余次，培训信息员1.2万余人次。")
    assert _one(r, "training.sessions") == 10
    assert _one(r, "training.trainees") == 12000


def test_staff_counts_number_first_and_number_last():
    r = _recs("为此配备了2名专职工作人员、6名兼职工作人员。")
    assert _one(r, "org.staff.full_time") == 2 and _one(r, "org.staff.part_time") == 6
    r = _recs("全县从事信息公开工作人员共38人，其中专职人员9人、兼职人员29人。")
    assert _one(r, "org.staff.total") == 38
    assert _one(r, "org.staff.full_time") == 9 and _one(r, "org.staff.part_time") == 29


@pytest.mark.parametrize("text,code,value", [
    ("全年开展在线访谈活动十二期。", "response.online_interviews", 12),
    ("以动漫图解等方式解读政策文件37个。", "response.interpretations", 37),
    ("发布各类政策解读材料9份。", "response.interpretations", 9),
    ("全年妥善回应社会关切热点问题共19次。", "response.hotspots", 19),
    ("全年共受理政府信息公开申请18宗。", "apply.received.total", 18),
])
def test_measure_words_and_numerals(text, code, value):
    assert _one(_recs(text), code) == value


# ---------------------------------------------------------------- section context

def test_bare_counts_take_the_family_of_their_heading():
    r = _recs("三、依申请公开政府信息情况", "2016年，我局共办理21件，均在规定期限内答复。",
              "四、政府信息公开咨询处理情况", "全年共接待群众来访130人次。")
    assert _one(r, "apply.received.total") == 21
    assert _one(r, "consult.total") == 130


def test_run_in_headings_and_plans_sections():
    # a text dump runs the headings into the body; the problems / plans section gives nothing
    r = _recs("二、主动公开政府信息情况 全年共发布信息260条。 五、存在的主要问题和改进措施 下一年拟发布信息400条，"
              "计划受理申请30件。")
    assert _one(r, "active.total") == 260
    assert len(r) == 1
    r = _recs("六、存在的主要问题及改进情况", "主要是部分单位全年仅公开信息12条，更新不及时。")
    assert r == {}


def test_bare_count_gives_way_to_the_explicit_total():
    r = _recs("二、主动公开政府信息情况", "2016年共主动公开政府信息1,480条。",
              "(二)规划计划类信息。设立规划专栏，本年度公开信息64条。")
    assert r[("active.total", "total")] == [1480]


# ---------------------------------------------------------------- cumulative

def test_cumulative_only_when_counted_to_date():
    r = _recs("截止2012年底，本局已主动公开政府信息9,800多条。", year=2012)
    assert _one(r, "active.total", "cumulative") == 9800
    r = _recs("截至2021年12月31日，本年度门户网站公开信息3,300条。", era="t2021", year=2021)
    assert _one(r, "active.by_channel.website") == 3300
    r = _recs("2021年，累计公开政府信息412条。", era="t2021", year=2021)
    assert _one(r, "active.total") == 412


@pytest.mark.parametrize("text", [
    "坚持无论群众咨询什么问题都耐心解答。",
    "打造零距离咨询服务窗口。",
    "提供无偿复制服务，无障碍浏览功能覆盖全部网页。",
])
def test_zero_trigger_words_inside_other_words(text):
    assert _recs(text) == {}


def test_subheading_about_work_focus_is_not_a_plans_section():
    r = _recs("二、主动公开政府信息情况", "（一）突出工作重点，完善工作思路", "全年共主动公开政府信息742条。")
    assert _one(r, "active.total") == 742


def test_channel_counts_in_one_clause_each_get_their_own_channel():
    r = _recs("通过政务微博发布信息350条、政务微信发布信息420条。", era="t2021", year=2022)
    assert _one(r, "active.by_channel.weibo") == 350
    assert _one(r, "active.by_channel.wechat") == 420
    assert ("active.total", "total") not in r


def test_publish_verb_is_not_read_inside_a_channel_word():
    r = _recs("在《某某日报》等报刊发布信息25条。")  # 报刊发布: the verb is 发布, not 刊发
    assert _one(r, "active.by_channel.other") == 25


@pytest.mark.parametrize("text,code,value", [
    ("通过政府网站发布政府信息2150条，通过微信公众号发布信息860条，合计3010条。", "active.total", 3010),
    ("其中当面申请5件，网上申请12件，信函申请3件，共计20件。", "apply.received.total", 20),
    ("现场咨询120人次，电话咨询340人次，合计460人次。", "consult.total", 460),
])
def test_total_after_a_list_of_parts(text, code, value):
    assert _one(_recs(text), code) == value


def test_total_after_a_list_is_not_a_second_total():
    r = _recs("全年主动公开政府信息900条，其中网站公开600条，微博公开300条，合计900条。")
    assert r[("active.total", "total")] == [900]


def test_fee_amounts_and_waivers():
    r = _recs("本年度收取检索、复制、邮寄等费用共计120元，减免费用30元。", year=2013)
    assert _one(r, "fee.amount") == 120 and _one(r, "fee.waived") == 30
    r = _recs("全年收取信息处理费0元。", era="t2021", year=2022)
    assert r == {("fee.processing.collected", "total"): [0]}


def test_staff_parts_without_the_word_staff():
    r = _recs("办公室现有工作人员5名，其中专职2名，兼职3名。")
    assert _one(r, "org.staff.total") == 5
    assert _one(r, "org.staff.full_time") == 2 and _one(r, "org.staff.part_time") == 3


@pytest.mark.parametrize("text", ["全区72个部门共公开信息2.3万条。", "下属12个乡镇共发布信息5600条。",
                                  "向市档案馆、图书馆报送纸质文件120份。"])
def test_counts_of_other_bodies_or_other_things_stay_out(text):
    assert not any(k[0].startswith("active.") for k in _recs(text, era="t2021", year=2024))


def test_result_list_in_the_sentence_after_its_total():
    r = _recs("全年共受理政府信息公开申请3件，已全部答复。其中同意公开2件，不属于本机关公开范围1件。", year=2012)
    assert _one(r, "apply.received.total") == 3
    assert _one(r, "apply.reply.granted") == 2 and _one(r, "apply.reply.not_this_agency") == 1


@pytest.mark.parametrize("text,code", [("全年政府信息公开申请量为零。", "apply.received.total"),
                                       ("本年度依申请公开申请数为0。", "apply.received.total")])
def test_zero_as_a_value(text, code):
    assert _recs(text, year=2012) == {(code, "total"): [0]}


def test_channel_reaches_over_a_quoted_column_name():
    r = _recs("本年度，区政府门户网站“政府信息公开”专栏共发布信息2869条。", era="t2021", year=2022)
    assert _one(r, "active.by_channel.website") == 2869


def test_training_raw_starts_at_its_verb():
    recs = extract_text_records(_doc("本年度共举办政府信息公开培训班二期，培训人员一百余人。"), "pre2019", 2013)
    sessions = [r for r in recs if r.indicator == "training.sessions"]
    assert [(r.value, r.raw) for r in sessions] == [(2, "举办政府信息公开培训班二期")]


def test_review_and_litigation_outcomes_in_other_words():
    r = _recs("因政府信息公开申请提起行政复议的有3件，其中维持1件，撤销2件；行政诉讼1件，驳回1件。", year=2013)
    assert _one(r, "review.total") == 3 and _one(r, "review.maintained") == 1 and _one(r, "review.corrected") == 2
    assert _one(r, "litigation.total") == 1 and _one(r, "litigation.maintained") == 1


def test_running_total_after_this_years_figure_is_cumulative():
    r = _recs("全年新增主动公开政府信息共计2,345条，累计主动公开政府信息3.2万条。", era="t2021", year=2023)
    assert _one(r, "active.total") == 2345
    assert _one(r, "active.total", "cumulative") == 32000


def test_notice_board_and_disclosure_portal_channels():
    r = _recs("其中，政府网站公开信息320条，微信公众号发布150条，公开栏公示50条。")
    assert _one(r, "active.by_channel.other") == 50
    assert _one(_recs("在县政府信息公开网公开信息86条。"), "active.by_channel.website") == 86


@pytest.mark.parametrize("text,codes", [
    ("本年度因政府信息公开引起的行政复议、行政诉讼案件均未发生。", {"review.total", "litigation.total"}),
    ("因政府信息公开引起的行政复议和诉讼为零。", {"review.total", "litigation.total"}),
    ("全年政府信息公开收费为0。", {"fee.amount"}),
])
def test_zero_trigger_after_its_concepts(text, codes):
    r = _recs(text, year=2014)
    assert set(k[0] for k in r) == codes and all(v == [0] for v in r.values())


def test_trailing_trigger_with_its_own_object_is_not_a_zero_of_what_precedes():
    assert _recs("咨询服务未发生投诉。", era="t2021", year=2022) == {}


def test_staff_total_worded_both_kinds():
    r = _recs("局办公室配备专兼职工作人员5名。")
    assert r == {("org.staff.total", "total"): [5]}


def test_cumulated_over_the_year_is_not_cumulative():
    r = _recs("全年组织参加政务公开培训4次，累计培训160人次。", era="t2021", year=2022)
    assert _one(r, "training.sessions") == 4 and _one(r, "training.trainees") == 160
    r = _recs("开展政务公开专题培训3场次，培训干部200余人次。", era="t2021", year=2022)
    assert _one(r, "training.sessions") == 3 and _one(r, "training.trainees") == 200


@pytest.mark.parametrize("text,era,year,code,value", [
    ("政府信息公开申请受理数为9件。", "pre2019", 2015, "apply.received.total", 9),
    ("新收申请27件，上年结转4件，已答复29件，结转下年度2件。", "t2021", 2022, "apply.new_received", 27),
    ("本年度共接到公民申请公开政府信息的申请4件。", "pre2019", 2015, "apply.received.total", 4),
    ("全年受理公民、法人和其他组织提出的政府信息公开申请共8件。", "pre2019", 2015, "apply.received.total", 8),
])
def test_application_counts_worded_differently(text, era, year, code, value):
    assert _one(_recs(text, era=era, year=year), code) == value


@pytest.mark.parametrize("text,value", [("本年度主动公开的政府信息共计542条。", 542), ("我局2011年主动公开信息总量达到1200条。", 1200),
                                        ("全年主动向社会公开政府信息1,028条。", 1028)])
def test_active_totals_worded_differently(text, value):
    assert _one(_recs(text, year=2011), "active.total") == value


def test_a_column_of_the_same_channel_is_not_a_second_channel_count():
    r = _recs("在区政府网站公开政府信息1200条，其中本部门网站栏目公开900条。", era="t2021", year=2023)
    assert r[("active.by_channel.website", "total")] == [1200]


def test_phone_consultations_are_counts_phone_numbers_are_not():
    r = _recs("全年共接待群众现场咨询80人次，接听咨询电话230个。")
    assert _one(r, "consult.onsite") == 80 and _one(r, "consult.phone") == 230
    assert _recs("咨询电话05918888888。") == {} and _recs("联系电话0591-23162606。") == {}


def test_quoted_result_labels():
    r = _recs("在已答复的67件申请中，“同意公开”的54件，“同意部分公开”的3件，“信息不存在”的10件。", year=2012)
    assert _one(r, "apply.reply.total") == 67
    assert _one(r, "apply.reply.granted") == 54 and _one(r, "apply.reply.partial") == 3
    assert _one(r, "apply.reply.not_exist") == 10


@pytest.mark.parametrize("text", ["下属12个事业单位共主动公开政府信息560条。", "各乡镇（街道）共主动公开政府信息3200条。",
                                  "局属各单位收到政府信息公开申请8件。", "各街道主动公开政府信息856条，占34%。"])
def test_sub_units_figures_stay_out(text):
    assert _recs(text, era="t2021", year=2022) == {}


def test_the_whole_region_in_a_governments_report_counts():
    r = _recs("全区各级各部门共主动公开政府信息2.1万条。", era="t2021", year=2022)
    assert _one(r, "active.total") == 21000
    r = _recs("本局共主动公开政府信息320条，所属单位另公开150条。", era="t2021", year=2022)
    assert r == {("active.total", "total"): [320]}


def test_participants_of_a_training_named_before():
    r = _recs("共举办信息公开业务培训2次，参加人员达150余人。")
    assert _one(r, "training.sessions") == 2 and _one(r, "training.trainees") == 150
    r = _recs("召开信息公开工作会议3次，参加人员80人。")  # a meeting's participants are not trainees
    assert ("training.trainees", "total") not in r and _one(r, "training.meetings") == 3
