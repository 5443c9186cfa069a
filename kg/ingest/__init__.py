"""Readers: paths on disk -> :class:`~kg.records.Paper` records, one reader per input format.

``read_papers(paths)`` streams one Paper per record read (each with a single Source);
``dedupe`` merges copies of the same paper across inputs.
"""
from __future__ import annotations

from kg.ingest.dedupe import dedupe, title_key
from kg.ingest.detect import SAMPLE_PREFIX, expand_paths, read_papers, sample_paths

__all__ = ["SAMPLE_PREFIX", "dedupe", "expand_paths", "read_papers", "sample_paths", "title_key"]
