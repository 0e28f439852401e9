"""A run over text-layer files imports only what it uses: OpenCV and the recognizer (onnxruntime) only when a
page is read by OCR, matplotlib only with --figures, pdfplumber and pdfminer only for --pdf-engine plumber,
pkg_resources never (jieba and cpca open their files through a stand-in).
Each check runs a fresh interpreter, as ``xxgk run`` does (no timing here: bench/bench_pdf.py measures)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_PDF = ROOT / "corpus" / "jingyuan-2017.pdf"
NOT_FOR_TEXT = ("onnxruntime", "rapidocr_onnxruntime", "cv2", "matplotlib", "pkg_resources", "pdfplumber", "pdfminer")

RUN_AND_LIST_MODULES = """
import atexit, sys
start = set(sys.modules)
atexit.register(lambda: print("NEW_MODULES", " ".join(sorted(set(sys.modules) - start))))
sys.argv = ["xxgk", "run", sys.argv[1], "-o", sys.argv[2], "--no-isolation"]
from extract.cli import main
main()
"""


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          env=env, cwd=ROOT)


def test_text_pdf_run_imports_no_ocr_engine_nor_plotting(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "report.pdf").write_bytes(TEXT_PDF.read_bytes())
    (src / "notes.txt").write_text("本年度共收到政府信息公开申请70件。", encoding="utf-8")
    res = _run(RUN_AND_LIST_MODULES, str(src), str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr[-2000:]
    line = next(l for l in res.stdout.splitlines() if l.startswith("NEW_MODULES"))
    new = set(line.split()[1:])
    assert "extract.loaders.ocr.font_repair" in new and "extract.loaders.pdf.pdfium_reader" in new  # it did run
    assert "jieba" in new and "pandas" in new
    loaded = sorted(m for m in new if m.split(".")[0] in NOT_FOR_TEXT)
    assert loaded == [], loaded
    reports = (tmp_path / "out" / "reports.csv").read_text(encoding="utf-8-sig")
    assert reports.count(",ok,") == 2 and "ocr_pages" in reports


def test_ocr_names_still_importable_from_the_package():
    res = _run("import sys\n"
               "from extract.loaders.ocr import OcrUnavailable, recognize, ocr_image, render_pdf_page\n"
               "from extract.loaders.ocr import page, engine\n"
               "assert ocr_image is page.ocr_image and recognize is engine.recognize\n"
               "assert issubclass(OcrUnavailable, RuntimeError) and 'cv2' in sys.modules\n"
               "import extract.loaders.ocr as o\n"
               "try:\n    o.no_such_name\nexcept AttributeError:\n    print('OK')\n")
    assert res.returncode == 0 and res.stdout.strip() == "OK", res.stderr[-2000:]


PACKAGE_DATA_READERS = """
import sys
if sys.argv[1] == "with":
    import pkg_resources  # jieba's and cpca's own way to open their files
from extract.narrative.segment import tokenizer
from extract.agency import describe_many
tk = tokenizer()
print("pkg_resources" in sys.modules)
for s in ("本年度全区共收到政府信息公开申请70件", "行政复议被纠错的数量为零", "依申请公开政府信息工作年度报告"):
    print("/".join(tk.cut(s, HMM=True)))
for a in describe_many(["平潭综合实验区管理委员会", "泉州市洛江区人民政府", "北京市朝阳区教育委员会"]):
    print(a)
print("pkg_resources" in sys.modules, type(sys.modules.get("pkg_resources")).__name__)
"""


def test_jieba_and_cpca_read_the_same_data_without_pkg_resources():
    """jieba's HMM (finalseg's probability tables) and cpca's division codes, the files they open themselves,
    give the same cuts and places either way; the stand-in is gone after the import."""
    without, with_ = _run(PACKAGE_DATA_READERS, "without"), _run(PACKAGE_DATA_READERS, "with")
    assert without.returncode == 0 and with_.returncode == 0, without.stderr[-1000:] + with_.stderr[-1000:]
    a, b = without.stdout.splitlines(), with_.stdout.splitlines()
    assert a[0] == "False" and b[0] == "True"
    assert a[-1] == "False NoneType" and b[-1] == "True module"
    assert a[1:-1] == b[1:-1] and len(a) == 8
    assert "福建" in a[5] and "北京" in a[6]  # cpca placed them
