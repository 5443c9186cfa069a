"""The whole build: read -> dedupe -> extract -> link -> graph -> write."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Graph

from kg.errors import EmptyCorpusError, InputError
from kg.extract import extract
from kg.graph import to_graph
from kg.ingest import dedupe, read_papers, sample_paths
from kg.link import Linked, link
from kg.ontology import DEFAULT_BASE
from kg.records import Extraction, Paper

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    papers: list[Paper]
    extractions: list[Extraction]
    linked: Linked
    graph: Graph
    records_read: int = 0
    skipped: list[str] = field(default_factory=list)


def build(inputs: Sequence[str] | None = None, *, base: str = DEFAULT_BASE,
          skip_bad: bool = False, progress: Progress | None = None) -> BuildResult:
    """Build the graph of ``inputs`` (files or folders; the embedded sample corpus if empty)."""
    paths = list(inputs) if inputs else sample_paths()
    skipped: list[str] = []

    def on_error(err: InputError) -> None:
        if not skip_bad:
            raise err
        skipped.append(str(err))  # reported by the caller (the CLI prints each)

    raw = list(read_papers(paths, on_error=on_error))
    papers = dedupe(raw)
    if not papers:
        where = ", ".join(paths[:3]) + (" ..." if len(paths) > 3 else "")
        raise EmptyCorpusError("no paper found in the input", path=where)
    extractions = list(_with_progress(extract(papers), len(papers), progress))
    linked = link(papers, extractions)
    graph = to_graph(papers, extractions, linked, base=base)
    return BuildResult(papers, extractions, linked, graph, len(raw), skipped)


def _with_progress(items: Iterable[Extraction], total: int,
                   progress: Progress | None) -> Iterable[Extraction]:
    for i, item in enumerate(items, start=1):
        if progress is not None:
            progress(i, total)
        yield item
