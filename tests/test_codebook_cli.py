"""xxgk codebook: the codebook without the source tree."""
import csv
import io

from typer.testing import CliRunner

from extract.cli import app
from extract.codebook import indicators


def test_text_lists_every_code_with_label():
    res = CliRunner().invoke(app, ["codebook"])
    assert res.exit_code == 0
    for code, row in indicators().items():
        assert code in res.output and row["label_zh"] in res.output


def test_csv_to_file_is_the_codebook(tmp_path):
    f = tmp_path / "cb.csv"
    res = CliRunner().invoke(app, ["codebook", "--format", "csv", "-o", str(f)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
    assert [r["code"] for r in rows] == list(indicators())


def test_markdown_table_and_headline_mapping():
    res = CliRunner().invoke(app, ["codebook", "--format", "md"])
    assert res.exit_code == 0
    lines = [ln for ln in res.output.splitlines() if ln.startswith("| ") and "." in ln.split("|")[1]]
    assert len([ln for ln in lines if ln.split("|")[1].strip() in indicators()]) == len(indicators())
    assert "| apply_received | apply.received.total, else apply.new_received |" in res.output


def test_unknown_format_is_refused():
    res = CliRunner().invoke(app, ["codebook", "--format", "xml"])
    assert res.exit_code == 2
