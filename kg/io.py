"""Writers: every output is written to a temporary file beside it, then renamed into place, so
an interrupted run never leaves a half-written file where a good one was."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import GraphError, OutputError

FORMATS = {"turtle": ("turtle", ".ttl"), "nt": ("nt", ".nt"), "jsonld": ("json-ld", ".jsonld"),
           "xml": ("xml", ".rdf")}


def temp_sibling(target: Path) -> Path:
    """A fresh name for a temporary sibling of ``target`` (``.NAME.RANDOM.tmp``, the shape
    :func:`kg.lock.sweep` deletes). The name comes before the file, so whoever creates it
    knows what to remove whenever an interrupt lands."""
    import secrets

    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary sibling of ``path`` for writing; on success rename it over ``path``.

    An exception or a Ctrl-C at any moment (even while the temporary file is being made)
    removes the temporary file and leaves ``path`` as it was."""
    target = Path(path)
    tmp: Path | None = None
    try:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            while True:
                tmp = temp_sibling(target)  # named before it exists: see the except below
                try:
                    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
                    break
                except FileExistsError:
                    tmp = None  # someone else's: never ours to remove
            # the mode the file it replaces had, else the one open() gives (0666 less umask)
            if target.exists():
                with contextlib.suppress(OSError):
                    os.fchmod(fd, target.stat().st_mode & 0o7777)
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror or e}", path=str(path)) from None
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, OSError):  # disk full, quota, permissions: one line, exit 5
            raise OutputError(f"cannot write: {e.strerror or e}", path=str(path)) from None
        raise


def ntriples(graph) -> bytes:  # type: ignore[no-untyped-def]
    """The graph as N-Triples, one line per triple, lines sorted as bytes (so the same graph
    always gives the same bytes, whatever order its store keeps)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.store import oxigraph_of

    inner = oxigraph_of(graph)
    if inner is not None and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        import pyoxigraph as ox

        data = inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    else:
        data = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted(set(data.split(b"\n")) - {b""})
    return b"\n".join(lines) + b"\n" if lines else b""


def turtle_from_ntriples(nt: bytes) -> bytes | None:
    """Sorted N-Triples rewritten as Turtle by Oxigraph (kg's prefixes, one block per
    subject); None when Oxigraph cannot take them or they hold blank nodes, whose labels
    would not be stable."""
    import re

    import pyoxigraph as ox

    from kg.ontology import PREFIXES

    if re.search(rb"(?:^|[ >])_:", nt, re.M):
        return None
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())
                if b"<" + str(ns).encode() in nt}
    try:
        out = ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES),
                           format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    except (SyntaxError, ValueError):
        return None
    assert out is not None
    # Oxigraph writes the prefixes first, in an order of its own: sort them
    head, body, n = [], out, len(prefixes)
    for _ in range(n):
        line, _nl, body = body.partition(b"\n")
        head.append(line)
    if not all(h.startswith(b"@prefix ") for h in head):
        return out
    return b"".join(h + b"\n" for h in sorted(head)) + b"\n" + body


def _serialize(graph, fmt: str) -> tuple[bytes, bytes | None]:  # type: ignore[no-untyped-def]
    nt = None
    data: bytes | None = None
    if fmt in ("turtle", "nt"):
        nt = ntriples(graph)
        data = nt if fmt == "nt" else turtle_from_ntriples(nt)
    if data is None:
        data = graph.serialize(format=FORMATS[fmt][0], encoding="utf-8")
    return data, nt


def serialize(graph, fmt: str = "turtle") -> bytes:  # type: ignore[no-untyped-def]
    """The graph in one of :data:`FORMATS`, as :func:`write_graph` writes it."""
    return _serialize(graph, fmt)[0]


def export_bytes(path: str | Path, fmt: str = "turtle", store: str | None = None
                 ) -> tuple[bytes, int]:
    """A graph file in another format, and its number of triples. Turtle and N-Triples come
    straight from the file through Oxigraph's parser (literals exactly as written, at
    Oxigraph's speed); other formats, or a graph behind an endpoint, through rdflib."""
    from kg.store import is_url, store_setting

    p = Path(path)
    if fmt in ("turtle", "nt") and not is_url(store_setting(store)) and p.is_file():
        import pyoxigraph as ox

        try:
            quads = ox.parse(path=str(p))
            raw = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                               format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError, OSError):
            raw = None  # let rdflib's parser report (or accept) it
        if raw is not None:
            lines = sorted(set(raw.split(b"\n")) - {b""})
            nt = b"\n".join(lines) + b"\n" if lines else b""
            data = nt if fmt == "nt" else turtle_from_ntriples(nt)
            if data is not None:
                return data, len(lines)
    g = read_graph(p, store)
    return serialize(g, fmt), len(g)


def format_for(path: str | Path) -> str:
    """The :data:`FORMATS` key a file name asks for (``kg.nt`` -> ``nt``); Turtle otherwise."""
    suffix = Path(path).suffix.lower()
    by_suffix = {ext: key for key, (_, ext) in FORMATS.items()}
    by_suffix.update({".json": "jsonld", ".xml": "xml", ".owl": "xml"})
    return by_suffix.get(suffix, "turtle")


def write_graph(graph, path: str | Path, fmt: str = "turtle",  # type: ignore[no-untyped-def]
                store: str = "memory") -> None:
    """Serialise an rdflib Graph atomically in one of :data:`FORMATS`.

    Turtle and N-Triples are written from the sorted N-Triples of the graph (Turtle through
    Oxigraph's serializer), so they take seconds on millions of triples and the same graph
    gives the same bytes. ``store`` (``memory``, ``auto``, ``oxigraph``; see :mod:`kg.store`)
    says whether an Oxigraph store is written beside the file as well.
    """
    from kg.store import is_url, remove_store, wants_store, write_store

    data, nt = _serialize(graph, fmt)
    with atomic_open(path, "wb") as f:
        f.write(data)
    if is_url(store) or fmt not in ("turtle", "nt"):
        return
    n = nt.count(b"\n") if nt is not None else 0
    if wants_store(store, n):
        assert nt is not None
        write_store(nt, path, n)
    else:
        remove_store(path)  # a store left from an earlier build would no longer match


def write_ntriples(blocks: Iterable[str], path: str | Path, fmt: str = "turtle",
                   store: str = "memory", progress: Callable[[int], None] | None = None
                   ) -> int:
    """Write a graph given as N-Triples text (an iterable of blocks, no triple twice, no
    blank node: :func:`kg.graph.ntriples_blocks`) atomically in one of :data:`FORMATS`, and
    return its number of triples.

    Turtle and N-Triples stream: the text goes to disk in pieces of
    :data:`kg.store.LOAD_CHUNK` bytes; with a store (``store`` as in :func:`write_graph`),
    each piece is bulk-loaded by Oxigraph in another thread while the next one is made, and
    the Turtle is written from the finished file while the load ends. The whole graph is
    never in memory; the triples keep the order of the blocks, so the same blocks give the
    same bytes. ``progress(triples)`` is called after each piece.
    """
    if fmt not in ("turtle", "nt"):
        from rdflib import Graph

        g = Graph()
        g.parse(data="".join(blocks), format="nt")
        write_graph(g, path, fmt, store)
        return len(g)
    from kg.ontology import PREFIXES
    from kg.store import LOAD_CHUNK, StoreLoad, is_url, remove_store, wants_store

    target = Path(path)
    unseen = {p: str(ns) for p, ns in PREFIXES.items()}
    used: dict[str, str] = {}
    n = 0
    load: StoreLoad | None = None
    waiting: list[bytes] = []  # pieces made before an "auto" store is known to be wanted

    def wanted() -> bool:
        return wants_store(store, n)

    def piece(f: IO[bytes], data: bytes) -> None:
        nonlocal load
        f.write(data)
        if progress is not None:
            progress(n)
        if load is None and wanted():
            load = StoreLoad(path)
            for w in waiting:
                load.feed(w)
            waiting.clear()
        if load is not None:
            load.feed(data)
        elif store == "auto":
            waiting.append(data)  # at most kg.store.AUTO_MIN_TRIPLES lines

    def dump(f: IO[bytes]) -> None:
        nonlocal n
        buf: list[bytes] = []
        size = 0
        for block in blocks:
            n += block.count("\n")
            for p, ns in list(unseen.items()):
                if "<" + ns in block:
                    used[p] = unseen.pop(p)
            data = block.encode("utf-8")
            buf.append(data)
            size += len(data)
            if size >= LOAD_CHUNK:
                piece(f, b"".join(buf))
                buf, size = [], 0
        if buf:
            piece(f, b"".join(buf))

    tmp: Path | None = None
    try:
        if fmt == "nt":
            with atomic_open(target, "wb") as f:
                dump(f)
        else:
            tmp = target.with_name(f".{target.name}.nt")
            with atomic_open(tmp, "wb") as f:
                dump(f)
            _turtle_file(tmp, target, dict(sorted(used.items())))  # while the load ends
        if load is None and wanted():  # an empty graph, asked for with store="oxigraph"
            load = StoreLoad(path)
        if load is not None:
            load.commit(n)
        elif not is_url(store):
            remove_store(path)  # a store left from an earlier build would no longer match
    except BaseException:
        if load is not None:
            load.abort()
        raise
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return n


def _turtle_file(nt_file: Path, path: Path, prefixes: dict[str, str]) -> None:
    """N-Triples file -> Turtle file through Oxigraph, streaming; prefix lines sorted."""
    import pyoxigraph as ox

    with atomic_open(path, "w+b") as f:
        ox.serialize(ox.parse(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES), output=f,
                     format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        # Oxigraph writes the prefixes first, in an order of its own: sort them in place
        lines = sorted(f"@prefix {p}: <{ns}> .\n".encode() for p, ns in prefixes.items())
        size = sum(len(line) for line in lines)
        f.flush()
        f.seek(0)
        if sorted(f.read(size).splitlines(keepends=True)) == lines:
            f.seek(0)
            f.write(b"".join(lines))
        f.seek(0, os.SEEK_END)


def read_graph(path: str | Path, store: str | None = None):  # type: ignore[no-untyped-def]
    """The graph of ``path``: its up-to-date Oxigraph store when there is one (see
    :mod:`kg.store`; ``store`` or ``$KG_STORE`` chooses), else the file parsed into memory
    (format from its extension; Turtle by default)."""
    from rdflib import Graph
    from rdflib.util import guess_format

    from kg.store import load

    g = load(path, store)
    if g is not None:
        return g
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
