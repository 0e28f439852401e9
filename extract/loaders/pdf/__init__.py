"""PDF loader: page readers produce `PageObjects` (objects.py); the layout turns them into the document model."""
from .loader import load_pdf

__all__ = ["load_pdf"]
