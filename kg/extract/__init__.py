"""Extraction: papers -> Extraction records (sentences, typed mentions with roles, results).

spaCy Docs never leave this package; everything downstream sees :mod:`kg.records`.
"""
from __future__ import annotations

from kg.extract.pipeline import PIPELINE_VERSION, build_nlp, doc_text, extract, to_extraction

__all__ = ["PIPELINE_VERSION", "build_nlp", "doc_text", "extract", "to_extraction"]
