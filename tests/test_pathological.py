"""Hostile and pathological inputs: each costs one row with a reason, within bounded time and memory."""
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path


from conftest import FIXTURES
from extract.pipeline import list_inputs, run_batch

LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))


def make_pdf(pages: list[str], font_size: float = 12) -> bytes:
    """A minimal valid PDF, one content string per page (lines split on newlines)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        lines = text.split("\n")
        ops = [f"BT /F1 {font_size} Tf {font_size * 1.1:.2f} TL 20 820 Td"]
        ops += [f"({ln}) '" for ln in lines]
        ops.append("ET")
        stream = "\n".join(ops).encode()
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
        content = len(objs)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
                    f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        body = o if isinstance(o, bytes) else o.encode()
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{off:010d} 00000 n \n" for off in offsets).encode()
    out += f"trailer << /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def hostile_folder(root: Path, corpus: Path) -> dict[str, str]:
    """Write the inputs; return file → a word its reason must contain."""
    d = root
    d.mkdir(parents=True, exist_ok=True)
    sentence = "本年度共收到政府信息公开申请12件，已全部办结，"
    data = (sentence * (32 * 1024 * 1024 // len(sentence.encode()) + 1)).encode()[:32 * 1024 * 1024 // 3 * 3]
    (d / "no-line-breaks.txt").write_bytes(data)
    (d / "long-page.html").write_text("<html><body><p>" + "主动公开政府信息12条，" * 10_000 + "</p></body></html>",
                                      encoding="utf-8")
    rows = "".join(f"<tr><td>第{i}项</td><td>{i}</td><td>{i * 2}</td></tr>" for i in range(10_000))
    (d / "big-table.html").write_text(f"<html><body><p>政府信息公开工作年度报告</p><table>{rows}</table>"
                                      "</body></html>", encoding="utf-8")
    (d / "pages-3000.pdf").write_bytes(make_pdf([f"Page {i}" for i in range(3000)]))
    (d / "dense-page.pdf").write_bytes(make_pdf(["\n".join("1234567890" * 10 for _ in range(1000))], 0.5))
    with zipfile.ZipFile(d / "zip-bomb.docx", "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<a>" + "0" * (80 * 1024 * 1024) + "</a>")
    src = corpus / "jingyuan-2017.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(d / "xml-bomb.docx", "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == "word/document.xml":
                head, rest = body.split(b"?>", 1)
                body = head + b"?><!DOCTYPE w:document [" + LAUGHS.encode() + b"]>" + \
                    rest.replace(b"<w:t>", b"<w:t>&lol9;", 1)
            zout.writestr(item, body)
    (d / "xml-bomb.html").write_text(f'<?xml version="1.0"?><!DOCTYPE html [{LAUGHS}]>'
                                     "<html><body><p>&lol9;</p></body></html>")
    shutil.copy(FIXTURES / "encrypted.pdf", d / "encrypted.pdf")
    pdf = (corpus / "jingyuan-2017.pdf").read_bytes()
    (d / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    docx = src.read_bytes()
    (d / "truncated.docx").write_bytes(docx[: len(docx) // 2])
    return {"no-line-breaks.txt": "refused", "pages-3000.pdf": "refused", "dense-page.pdf": "refused",
            "zip-bomb.docx": "refused", "encrypted.pdf": "encrypted", "truncated.docx": "corrupt",
            "big-table.html": "rows", "long-page.html": "", "xml-bomb.docx": "refused", "xml-bomb.html": "",
            "truncated.pdf": ""}


def test_every_hostile_input_gets_a_row_with_a_reason_in_bounded_time_and_memory(tmp_path, corpus):
    d = tmp_path / "in"
    expected = hostile_folder(d, corpus)
    results = run_batch(list_inputs(d), d, jobs=2)
    by_file = {r.report["file"]: r for r in results}
    assert set(by_file) == set(expected)
    for name, word in expected.items():
        rep = by_file[name].report
        assert "timed out" not in rep["error"] and "memory" not in rep["error"], (name, rep["error"])
        assert "\n" not in rep["error"]
        if word:
            assert rep["status"] in ("failed", "partial") and word in rep["error"], (name, rep["status"], rep["error"])
        assert rep["seconds"] < 30, (name, rep["seconds"])  # refused or bounded within seconds, not minutes
    # near-linear, not refused: the long page yields its figures, the big table its first rows
    assert len(by_file["long-page.html"].records) > 1000
    assert 0 < len(by_file["big-table.html"].cells) <= 3 * 1000
    # entities are never expanded: no billion laughs anywhere in the text
    for name in ("xml-bomb.docx", "xml-bomb.html"):
        assert not any("lollol" in (c["text"] or "") for c in by_file[name].cells)
        assert not any("lollol" in (r.get("raw") or "") for r in by_file[name].records)
    assert by_file["truncated.pdf"].report["status"] in ("failed", "partial", "ok")
    assert by_file["truncated.pdf"].report["error"] or by_file["truncated.pdf"].report["status"] == "ok"
    # memory: the same batch in a fresh process, whose children are only this batch's workers (this pytest
    # process's RUSAGE_CHILDREN also holds whatever earlier tests started: LibreOffice, OCR, browsers)
    code = ("import resource, sys\nfrom pathlib import Path\nfrom extract.pipeline import list_inputs, run_batch\n"
            "d = Path(sys.argv[1])\nrun_batch(list_inputs(d), d, jobs=2)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    res = subprocess.run([sys.executable, "-c", code, str(d)], capture_output=True, text=True, timeout=600,
                         cwd=str(Path(__file__).resolve().parents[1]))
    assert res.returncode == 0, res.stderr[-2000:]
    peak_mb = int(res.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 1500, peak_mb


def test_memory_hog_costs_one_failed_row(tmp_path, monkeypatch):
    import extract.pipeline as pipeline

    real = pipeline.process_file

    def hog(path, root, options=None):
        if path.name == "hog.txt":
            blocks = [bytearray(256 * 1024 * 1024) for _ in range(64)]  # 16 GB: beyond any limit here
            return real(path, root, blocks and options)
        return real(path, root, options)

    monkeypatch.setattr(pipeline, "process_file", hog)
    (tmp_path / "hog.txt").write_text("报告", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("本年度主动公开政府信息12条。", encoding="utf-8")
    results = run_batch(sorted(tmp_path.glob("*.txt")), tmp_path, jobs=1, memory_mb=512)
    by_file = {r.report["file"]: r.report for r in results}
    assert by_file["hog.txt"]["status"] == "failed"
    assert by_file["hog.txt"]["error"] == "exceeded memory limit (512 MB)"
    assert by_file["fine.txt"]["status"] == "ok"


def test_crashing_reader_costs_one_row_and_the_pool_goes_on(tmp_path, monkeypatch):
    import os

    import extract.pipeline as pipeline

    real = pipeline.process_file

    def crash(path, root, options=None):
        if path.name.startswith("crash"):
            os._exit(3)
        return real(path, root, options)

    monkeypatch.setattr(pipeline, "process_file", crash)
    for i in range(3):
        (tmp_path / f"crash{i}.txt").write_text("报告", encoding="utf-8")
        (tmp_path / f"fine{i}.txt").write_text("本年度主动公开政府信息12条。", encoding="utf-8")
    results = run_batch(sorted(tmp_path.glob("*.txt")), tmp_path, jobs=2, recycle_after=2)
    by_file = {r.report["file"]: r.report for r in results}
    assert len(by_file) == 6
    for i in range(3):
        assert by_file[f"crash{i}.txt"]["error"] == "reader crashed (exit code 3)"
        assert by_file[f"fine{i}.txt"]["status"] == "ok"


def test_time_limit_grows_with_pages(tmp_path):
    from extract.batch.limits import BASE_SECONDS, SECONDS_PER_OCR_PAGE, SECONDS_PER_PAGE, time_budget

    small = tmp_path / "small.txt"
    small.write_text("报告")
    assert time_budget(small) == BASE_SECONDS <= 60
    pdf = tmp_path / "ten.pdf"
    pdf.write_bytes(make_pdf([f"Page {i} " + "text " * 20 for i in range(10)]))
    assert time_budget(pdf) == BASE_SECONDS + 10 * SECONDS_PER_PAGE
    scans = tmp_path / "scans.pdf"
    scans.write_bytes(make_pdf([""] * 10))  # no text layer: every page needs OCR
    assert time_budget(scans, ocr="off") == BASE_SECONDS + 10 * SECONDS_PER_PAGE
    assert time_budget(scans, ocr="auto") == BASE_SECONDS + 10 * (SECONDS_PER_PAGE + SECONDS_PER_OCR_PAGE)
    assert time_budget(pdf, ocr="auto", fixed=5) == 5
