import pytest

from extract.numbers import parse_cell


@pytest.mark.parametrize("text,value,unit,note", [
    ("12", 12, "", ""),
    ("１２", 12, "", ""),
    ("1,234", 1234, "", ""),
    ("0", 0, "", ""),
    ("—", 0, "", ""),
    ("-", 0, "", ""),
    ("无", 0, "", ""),
    ("/", 0, "", ""),
    ("减4", -4, "", ""),
    ("-8", -8, "", ""),
    ("+1036", 1036, "", ""),
    ("22（其中修订16件）", 22, "", "（其中修订16件）"),
    ("55（含自然失效29件）", 55, "", "（含自然失效29件）"),
    ("75394432.52元", 75394432.52, "元", ""),
    ("251000元", 251000, "元", ""),
    ("3.5万元", 35000, "元", ""),
    ("　   3", 3, "", ""),
])
def test_cell_values(text, value, unit, note):
    v = parse_cell(text)
    assert v is not None
    assert v.value == pytest.approx(value)
    assert v.unit == unit
    assert v.note == note


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "见附件说明"])
def test_blank_is_not_zero(text):
    assert parse_cell(text) is None
