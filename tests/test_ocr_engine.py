"""The wheel-shipped OCR model loads and reads with the network unreachable (no download is attempted)."""
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent("""
    import socket
    attempts = []
    def refuse(*a, **k):
        attempts.append(a)
        raise OSError("network unreachable (test)")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont
    from extract.loaders.ocr.engine import recognize
    img = Image.new("L", (900, 160), 255)
    font = ImageFont.truetype(FONT, 40)
    ImageDraw.Draw(img).text((20, 50), "本年新收申请 1234 件", font=font, fill=0)
    boxes = recognize(np.asarray(img))
    text = "".join(b.text for b in boxes)
    assert "1234" in text and "申请" in text, text
    assert all(len(b.char_boxes) == len(b.text) for b in boxes)
    assert not attempts, attempts
    print("OK", text)
""")


def _font() -> str:
    for p in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"):
        if Path(p).exists():
            return p
    import pytest
    pytest.skip("no CJK font to draw a test image")


def test_engine_loads_and_reads_offline():
    code = f"FONT = {_font()!r}\n" + SCRIPT
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
           "no_proxy": "*", "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.startswith("OK")


def test_a_batch_shares_the_cores_among_its_workers_recognizers(monkeypatch):
    import os

    from extract.loaders.ocr import engine as E
    monkeypatch.delenv(E.THREADS_ENV, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    E.share_threads(4)
    assert os.environ[E.THREADS_ENV] == "2" and E._threads() == 2
    E.share_threads(16)  # more workers than cores: one thread each, never none
    assert E._threads() == 1
