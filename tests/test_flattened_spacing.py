"""Pre-2019 statistics tables a saved page's text flattened with spaces, header words broken too."""
import pytest

from extract.model import Document, Paragraph, Table, finalize, make_paragraph
from extract.tables.flattened import recover_flattened_tables
from extract.tables.mapper import map_table

ROWS = [("一、主动公开政府信息数", "条", 2543, 78967), ("其中：1、政府网站公开数", "条", 2210, 70115),
        ("二、收到申请数", "件", 37, 402), ("三、接受咨询数", "人次", 1480, 15230)]
EXPECT = {("active.total", "total"): 2543, ("active.total", "cumulative"): 78967,
          ("active.by_channel.website", "total"): 2210, ("apply.received.total", "total"): 37,
          ("consult.total", "total"): 1480, ("consult.total", "cumulative"): 15230}


def _flat(header: str, label_space: bool, unit_space: bool) -> str:
    parts = [header]
    for label, unit, a, b in ROWS:
        if label_space:
            label = label.replace("、", "、 ").replace("其中：", "其中： ").replace("公开", "公开 ")
        if unit_space and len(unit) > 1:
            unit = " ".join(unit)
        parts.append(f"{label} {unit} {a} {b}")
    return "本年度情况如下： " + " ".join(parts) + " 四、存在的主要问题"


@pytest.mark.parametrize("header", ["指标名称 计量单位 2011年度 历年累计", "指标名称 计量 单位 2011 年度 历年 累计",
                                    "统计 指标 单 位 2011年度 历年 累计", "指 标 计量单位 2011 年度 历年累计"])
@pytest.mark.parametrize("label_space,unit_space", [(False, False), (True, False), (True, True)])
def test_flattened_table_rebuilt_whatever_the_spacing(header, label_space, unit_space):
    raw = _flat(header, label_space, unit_space)
    p = make_paragraph(raw)
    doc = finalize(Document(path="x", format="txt", blocks=[p]))
    assert recover_flattened_tables(doc) == 1
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    got = {(r.indicator, r.dimension): r.value for r in map_table(tables[0]).records}
    for key, value in EXPECT.items():
        assert got.get(key) == value, (key, got)
    # the text around the table stays text
    assert any(isinstance(b, Paragraph) and "存在的主要问题" in b.text for b in doc.blocks)


def test_glued_table_is_left_alone():
    raw = "指标名称计量单位2011年度历年累计主动公开政府信息数条254378967"
    doc = finalize(Document(path="x", format="txt", blocks=[make_paragraph(raw)]))
    assert recover_flattened_tables(doc) == 0
