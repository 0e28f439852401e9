import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

needs_libreoffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                       reason="LibreOffice not installed")


@pytest.fixture
def corpus():
    return CORPUS
