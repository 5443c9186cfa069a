"""Where a graph lives: parsed into rdflib's memory, in an on-disk Oxigraph store beside its
Turtle file, or behind a remote SPARQL endpoint. One setting chooses (``--store`` or the
``KG_STORE`` environment variable):

``auto`` (default)
    ``kg build`` writes the store when the graph has at least :data:`AUTO_MIN_TRIPLES`
    triples; readers open a store when one is beside the file and up to date, else they parse.
``memory``
    no store: every reader parses the file into rdflib's in-memory graph.
``oxigraph``
    ``kg build`` always writes the store; readers open it (making it once from the file if it
    is missing or older than the file).
``http://…`` / ``https://…``
    a SPARQL 1.1 query endpoint; readers ask it for its default graph.

The store of ``graphs/kg.ttl`` is the folder ``graphs/kg.oxigraph`` (RocksDB in ``db/``, and
``meta.json`` naming the size and modification time of the file it mirrors). Readers open it
read-only through oxrdflib, so the code keeps rdflib's API and any number of processes can
read at once; a graph opened this way is copied to memory the first time someone changes it.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import GraphError, InputError, OutputError

STORE_ENV = "KG_STORE"
CHOICES = ("auto", "memory", "oxigraph")
AUTO_MIN_TRIPLES = 100_000
STORE_SUFFIX = ".oxigraph"
_META = "meta.json"
_DB = "db"


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def store_setting(value: str | None = None) -> str:
    """The store setting: ``value`` (a flag), else ``$KG_STORE``, else ``auto``."""
    v = (value or os.environ.get(STORE_ENV) or "auto").strip()
    if v.lower() in CHOICES:
        return v.lower()
    if is_url(v):
        return v
    raise InputError(f"unknown store {v!r}: use auto, memory, oxigraph or an http(s):// "
                     "SPARQL endpoint")


def wants_store(setting: str, triples: int) -> bool:
    """Whether a graph of ``triples`` triples gets a store beside its file under ``setting``."""
    return setting == "oxigraph" or (setting == "auto" and triples >= AUTO_MIN_TRIPLES)


def store_dir(path: str | Path) -> Path:
    """The store folder that mirrors the graph file ``path`` (``kg.ttl`` -> ``kg.oxigraph``)."""
    p = Path(path)
    if p.suffix == STORE_SUFFIX:
        return p
    return p.with_suffix(STORE_SUFFIX)


def _stamp(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def is_fresh(path: str | Path) -> bool:
    """True when the store beside ``path`` exists and mirrors the file as it is now."""
    p = Path(path)
    d = store_dir(p)
    try:
        meta = json.loads((d / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not (d / _DB).is_dir():
        return False
    if p == d:  # opened by its own name: nothing to compare with
        return True
    try:
        return bool(meta.get("source") == p.name and meta.get("stamp") == _stamp(p))
    except OSError:
        return False


def write_store(ntriples: bytes, path: str | Path, triples: int) -> Path:
    """Load N-Triples into a new store beside ``path`` (which must be written already, since
    the store records its size and time) and swap it in whole: readers see the old store or
    the new one, never half of one."""
    load = StoreLoad(path)
    try:
        for chunk in _chunks(ntriples):
            load.feed(chunk)
    except BaseException:
        load.abort()
        raise
    return load.commit(triples)


class StoreLoad:
    """A new store beside ``path``, bulk-loaded in a thread of its own from the N-Triples
    pieces :meth:`feed` hands it (Oxigraph releases the GIL while it loads, so the caller
    goes on making the next piece), swapped in whole by :meth:`commit`, or removed by
    :meth:`abort`. At most a few pieces wait in between, so memory stays bounded."""

    def __init__(self, path: str | Path) -> None:
        import queue
        import threading

        self.path = Path(path)
        self.final = store_dir(self.path)
        from kg.io import temp_sibling

        mine: Path | None = None  # set before the folder exists: a Ctrl-C below still finds it
        try:
            while mine is None:
                mine = temp_sibling(self.final)
                try:
                    os.mkdir(mine, 0o700)
                except FileExistsError:
                    mine = None  # someone else's: never ours to remove
                except OSError as e:
                    mine = None
                    raise OutputError(f"cannot write the store: {e.strerror or e}",
                                      path=str(self.final)) from None
            self.tmp = mine
            self.failed: list[BaseException] = []
            self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=3)
            self.thread = threading.Thread(target=self._load, name="kg-store-load",
                                           daemon=True)
            self.closed = False
            self.thread.start()
        except BaseException:
            if mine is not None:
                if getattr(self, "thread", None) is not None and self.thread.ident is not None:
                    self._finish()  # it started: let it end before its folder goes
                shutil.rmtree(mine, ignore_errors=True)
            raise

    def _load(self) -> None:
        import pyoxigraph as ox

        st = None
        ended = False
        try:
            st = ox.Store(str(self.tmp / _DB))
            while (piece := self.queue.get()) is not None:
                self._bulk_load(st, piece)
            ended = True
            st.flush()
        except BaseException as e:  # noqa: BLE001 - re-raised in the calling thread
            self.failed.append(e)
            while not ended and self.queue.get() is not None:  # never leave the feeder
                pass  # blocked on a dead load
        finally:
            del st

    @staticmethod
    def _bulk_load(st: Any, piece: bytes) -> None:
        import pyoxigraph as ox

        st.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES)

    def feed(self, piece: bytes) -> None:
        """Hand a piece of N-Triples (whole lines) to the loader."""
        if self.failed:
            self._raise()
        self.queue.put(piece)

    def _finish(self) -> None:
        if not self.closed:
            self.closed = True
            self.queue.put(None)
            self.thread.join()  # a load cannot be cancelled: wait before the folder goes

    def _raise(self) -> None:
        self.abort()
        e = self.failed[0]
        if isinstance(e, OSError):
            raise OutputError(f"cannot write the store: {e}", path=str(self.final)) from None
        raise e

    def abort(self) -> None:
        """Stop (after the piece being loaded) and remove the new store."""
        self._finish()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def commit(self, triples: int) -> Path:
        """Wait for the load and swap the new store in; ``path`` must be written by now."""
        self._finish()
        if self.failed:
            self._raise()
        try:
            meta = {"format": 1, "source": self.path.name, "stamp": _stamp(self.path),
                    "triples": triples}
            (self.tmp / _META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
            old = None
            if self.final.exists():
                old = self.final.with_name(f".{self.final.name}.old.{os.getpid()}")
                os.replace(self.final, old)
            os.replace(self.tmp, self.final)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException as e:
            shutil.rmtree(self.tmp, ignore_errors=True)
            if isinstance(e, OSError):
                raise OutputError(f"cannot write the store: {e}", path=str(self.final)) \
                    from None
            raise
        return self.final


#: N-Triples bytes per bulk load: Oxigraph's loader holds about 0.9 KB per triple of its input
#: (1.2 GB for 1.5M triples loaded at once), so a file is loaded in pieces of about 200k
#: triples: at most ~250 MB whatever the size of the graph.
LOAD_CHUNK = 32 * 2**20


def _chunks(ntriples: bytes, size: int | None = None) -> Iterator[bytes]:
    """N-Triples in pieces of about ``size`` bytes (:data:`LOAD_CHUNK`), each ending at a
    line end (a line longer than that is one piece)."""
    size = size or LOAD_CHUNK
    start = 0
    while start < len(ntriples):
        cut = ntriples.rfind(b"\n", start, start + size) + 1
        if cut <= start:  # no line end within size: up to the next one
            cut = ntriples.find(b"\n", start + size) + 1 or len(ntriples)
        yield ntriples[start:cut]
        start = cut


def remove_store(path: str | Path) -> None:
    """Delete a store of kg's beside ``path`` (one with its ``meta.json``), if there is one."""
    d = store_dir(path)
    if d != Path(path) and (d / _META).is_file():
        shutil.rmtree(d, ignore_errors=True)


def make_store(path: str | Path) -> None:
    """Build the store of a graph file from the file itself (Oxigraph's own parser)."""
    import pyoxigraph as ox

    p = Path(path)
    fmt = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE,
           ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
           ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
           ".jsonld": ox.RdfFormat.JSON_LD}.get(p.suffix.lower(), ox.RdfFormat.TURTLE)
    try:
        mem = ox.Store()
        mem.bulk_load(path=str(p), format=fmt)
        # named graphs are read as their union, as kg.io.read_graph does
        quads = mem.quads_for_pattern(None, None, None, None)
        nt = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                          format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError, OSError) as e:
        raise GraphError(f"cannot parse graph: {e}".splitlines()[0], path=str(p)) from None
    assert nt is not None
    write_store(nt, p, nt.count(b"\n"))


class _Store:
    """Lazily built: oxrdflib is imported only when a store is opened."""

    cls: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls.cls is None:
            import pyoxigraph as ox
            from oxrdflib import OxigraphStore
            from rdflib import Literal, URIRef

            xsd_string = URIRef("http://www.w3.org/2001/XMLSchema#string")

            def plain(t: Any) -> Any:
                # RDF 1.1 makes "x" and "x"^^xsd:string one literal; rdflib keeps them apart,
                # and the rest of kg (like rdflib's parsers) uses the plain form
                if isinstance(t, Literal) and t.datatype == xsd_string:
                    return Literal(str(t))
                return t

            class CopyOnWriteStore(OxigraphStore):  # type: ignore[misc]
                """A read-only Oxigraph store that moves to memory when first changed, so
                ``kg stats -w`` can add its figures without touching the store on disk.
                Its literals come back as rdflib's parsers give them (no ``xsd:string``)."""

                def triples(self, pattern: Any, context: Any = None) -> Any:
                    for (s, p, o), ctx in super().triples(pattern, context):
                        yield (s, p, plain(o)), ctx

                def query(self, *a: Any, **k: Any) -> Any:
                    res = super().query(*a, **k)
                    if res.type == "SELECT":
                        res.bindings = [{v: plain(t) for v, t in row.items()}
                                        for row in res.bindings]
                    elif res.type in ("CONSTRUCT", "DESCRIBE") and res.graph is not None:
                        from rdflib import Graph

                        g = Graph()
                        for s, p, o in res.graph:
                            g.add((s, p, plain(o)))
                        res.graph = g
                    return res

                def _writable(self) -> None:
                    if getattr(self, "_read_only", False):
                        mem = ox.Store()
                        mem.bulk_extend(self._inner.quads_for_pattern(None, None, None, None))
                        self._store = mem
                        self._read_only = False

                def add(self, *a: Any, **k: Any) -> None:
                    self._writable()
                    super().add(*a, **k)

                def addN(self, quads: Any) -> None:  # noqa: N802 - rdflib's name
                    self._writable()
                    super().addN(list(quads))

                def remove(self, *a: Any, **k: Any) -> None:
                    self._writable()
                    super().remove(*a, **k)

                def update(self, *a: Any, **k: Any) -> None:
                    self._writable()
                    super().update(*a, **k)

                def add_graph(self, graph: Any) -> None:
                    self._writable()
                    super().add_graph(graph)

                def remove_graph(self, graph: Any) -> None:
                    self._writable()
                    super().remove_graph(graph)

            cls.cls = CopyOnWriteStore
        return cls.cls


def open_store(path: str | Path):  # type: ignore[no-untyped-def]
    """The graph of the store beside ``path`` as an rdflib Graph (read-only on disk), or
    None when there is no up-to-date store."""
    if not is_fresh(path):
        return None
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    d = store_dir(path)
    try:
        inner = ox.Store.read_only(str(d / _DB))
    except OSError as e:
        raise GraphError(f"cannot open the store: {e}".splitlines()[0], path=str(d)) from None
    store = _Store.get()(store=inner)
    store._read_only = True
    g = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    _bind(g)
    return g


def oxigraph_of(graph: Any) -> Any:
    """The pyoxigraph Store under an oxrdflib-backed Graph, else None."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover - a dependency
        return None
    store = getattr(graph, "store", None)
    if isinstance(store, OxigraphStore):
        return store._inner
    return None


def _bind(g: Any) -> None:
    from kg.ontology import PREFIXES

    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)


def load(path: str | Path, setting: str | None = None):  # type: ignore[no-untyped-def]
    """The graph of ``path`` where the store setting says it lives (see the module doc)."""
    s = store_setting(setting)
    if is_url(s):
        from kg.remote import fetch_graph

        return fetch_graph(s)
    p = Path(path)
    if s in ("auto", "oxigraph"):
        g = open_store(p)
        if g is not None:
            return g
        if s == "oxigraph":
            if not p.is_file():
                raise GraphError("no such graph file (run `kg build` first)", path=str(path))
            make_store(p)
            g = open_store(p)
            if g is not None:
                return g
    if p.suffix == STORE_SUFFIX:
        raise GraphError("not a kg store (no meta.json and db/)", path=str(path))
    return None

