"""Writers: every output is written to a temporary file beside it, then renamed into place, so
an interrupted run never leaves a half-written file where a good one was."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import GraphError, OutputError

FORMATS = {"turtle": ("turtle", ".ttl"), "nt": ("nt", ".nt"), "jsonld": ("json-ld", ".jsonld"),
           "xml": ("xml", ".rdf")}


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary sibling of ``path`` for writing; on success rename it over ``path``."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(path)) from None
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_graph(graph, path: str | Path, fmt: str = "turtle") -> None:  # type: ignore[no-untyped-def]
    """Serialise an rdflib Graph atomically in one of :data:`FORMATS`."""
    rdf_format = FORMATS[fmt][0]
    data = graph.serialize(format=rdf_format, encoding="utf-8")
    with atomic_open(path, "wb") as f:
        f.write(data)


def read_graph(path: str | Path):  # type: ignore[no-untyped-def]
    """Parse a graph file (format from its extension; Turtle by default)."""
    from rdflib import Graph
    from rdflib.util import guess_format

    p = Path(path)
    if not p.is_file():
        raise GraphError("no such graph file (run `kg build` first)", path=str(path))
    fmt = guess_format(str(p)) or "turtle"
    g = Graph()
    try:
        if fmt in ("trig", "nquads", "trix"):  # named graphs: read their union
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(str(p), format=fmt)
            for s, pr, o, _ctx in ds.quads((None, None, None, None)):
                g.add((s, pr, o))
        else:
            g.parse(str(p), format=fmt)
    except Exception as e:  # noqa: BLE001 - rdflib raises many parser exception types
        raise GraphError(f"cannot parse graph: {type(e).__name__}: {e}".splitlines()[0],
                         path=str(path)) from None
    from kg.ontology import PREFIXES

    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g
