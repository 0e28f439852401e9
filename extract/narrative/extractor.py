"""Narrative figures (issue 4): not yet implemented — returns no records."""
from __future__ import annotations


def extract_text_records(doc, era: str = "unknown", year=None) -> list:
    return []
