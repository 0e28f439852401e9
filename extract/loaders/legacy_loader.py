"""Legacy binary Word (.doc / .wps), RTF and ODT: converted to DOCX by LibreOffice headless.

LibreOffice runs with a throw-away profile, a time limit, and no macros (headless conversion
does not run document macros).  Without LibreOffice the file fails with a clear reason.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from . import LoadError

CONVERT_TIMEOUT_S = 120


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, outdir: Path) -> Path:
    soffice = find_soffice()
    if not soffice:
        raise LoadError(f"legacy .{path.suffix.lstrip('.').lower() or 'doc'}: install LibreOffice to read it")
    profile = outdir / "profile"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(path)]
    try:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=CONVERT_TIMEOUT_S,
                       check=False)
    except subprocess.TimeoutExpired as e:
        raise LoadError(f"LibreOffice conversion timed out after {CONVERT_TIMEOUT_S}s") from e
    out = outdir / (path.stem + ".docx")
    if not out.exists():
        raise LoadError("corrupt or unreadable legacy document: LibreOffice could not convert it")
    return out


def load_legacy(path: Path, fmt: str):
    from .docx_loader import load_docx
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as tmp:
        # copy under a safe name: LibreOffice trips over odd characters in paths
        src = Path(tmp) / ("input" + (path.suffix.lower() or ".doc"))
        shutil.copyfile(path, src)
        out = convert_to_docx(src, Path(tmp))
        doc = load_docx(out)
    doc.path = str(path)
    doc.format = fmt
    return doc
