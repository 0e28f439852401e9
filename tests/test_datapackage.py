"""OUT/datapackage.json describes every output file and passes ``frictionless validate``."""
import json
import shutil
import subprocess
import sys

import pytest

import extract
from extract.datapackage import descriptor


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from conftest import CORPUS
    out = tmp_path_factory.mktemp("dp") / "out"
    extract.run(CORPUS, out=out, isolate=False)
    return out


def test_frictionless_validate_passes(out):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_cli_validates(out):
    exe = shutil.which("frictionless")
    if exe is None:
        pytest.skip("frictionless command not installed")
    res = subprocess.run([exe, "validate", str(out / "datapackage.json")], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-2000:]


def test_every_output_file_is_a_resource(out):
    dp = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in dp["resources"]} | {r.get("parquet") for r in dp["resources"]}
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "datapackage.json"
             and not p.relative_to(out).as_posix().startswith(("review/", ".parts/"))}  # .parts: resume state
    assert files <= paths, files - paths
    for name in ("reports", "records", "checks", "cells", "tasks", "panel", "panel_columns", "codebook", "dimensions"):
        assert name in {r["name"] for r in dp["resources"]}


def test_schema_types_descriptions_and_units(out):
    dp = descriptor(out)
    res = {r["name"]: r for r in dp["resources"]}
    fields = {f["name"]: f for f in res["records"]["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["page"]["type"] == "integer"
    assert fields["indicator"]["description"]
    panel = {f["name"]: f for f in res["panel"]["schema"]["fields"]}
    assert panel["fee.amount"]["unit"] == "元" and "依申请公开信息收取的费用" in panel["fee.amount"]["description"]
    assert panel["year"]["type"] == "integer"
    assert all(f.get("description") for f in res["reports"]["schema"]["fields"])


def test_descriptor_needs_no_frictionless(out):
    code = ("import sys; sys.modules['frictionless'] = None\n"
            "from extract.datapackage import write_datapackage\n"
            f"print(write_datapackage({str(out)!r}))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
