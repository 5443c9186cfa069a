"""Remote triple stores: SPARQL 1.1 Protocol queries and Graph Store Protocol uploads.

Works with any server that speaks the standards: Oxigraph server (``/query``, ``/store``),
Apache Jena Fuseki (``/DATASET/sparql``, ``/DATASET/data``), Virtuoso (``/sparql``,
``/sparql-graph-crud``), GraphDB (``/repositories/ID``, ``/repositories/ID/rdf-graphs/service``).
Only the standard library talks HTTP here.
"""
from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import GraphError, OutputError, QueryError

ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5")
RDF_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples",
             ".rdf": "application/rdf+xml", ".xml": "application/rdf+xml",
             ".jsonld": "application/ld+json"}
USER_AGENT = "kg (https://example.org/kg)"


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise QueryError(f"{what} must be an http:// or https:// URL, not {url!r}")
    return url


def _server_message(e: urllib.error.HTTPError) -> str:
    try:
        body = e.read(2000).decode("utf-8", "replace")
    except OSError:
        body = ""
    text = " ".join(body.split())
    return f"HTTP {e.code} {e.reason}" + (f": {text[:300]}" if text else "")


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 Protocol query endpoint, e.g. ``http://127.0.0.1:7878/query``.

    ``default_graph`` (an IRI) is sent as ``default-graph-uri``: the named graph to query.
    """

    url: str
    default_graph: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        _check_url(self.url, "the endpoint")

    def request(self, query: str, accept: str = ACCEPT) -> tuple[str, bytes]:
        """POST the query (form-encoded, as the protocol allows); the content type and body."""
        form = [("query", query)]
        if self.default_graph:
            form.append(("default-graph-uri", self.default_graph))
        req = urllib.request.Request(
            self.url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST",
            headers={"Accept": accept, "User-Agent": USER_AGENT,
                     "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                ctype = resp.headers.get_content_type()
                return ctype, resp.read()
        except urllib.error.HTTPError as e:
            if 400 <= e.code < 500:
                raise QueryError(f"the endpoint refused the query: {_server_message(e)}",
                                 path=self.url) from None
            raise GraphError(f"the endpoint failed: {_server_message(e)}",
                             path=self.url) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise GraphError(f"cannot reach the endpoint: {reason}", path=self.url) from None

    def query(self, query: str, user_text: str | None = None) -> Any:
        """Run a query remotely; an rdflib ``Result`` like a local one."""
        from rdflib import Graph
        from rdflib.query import Result

        ctype, body = self.request(query)
        try:
            if ctype in ("application/sparql-results+json", "application/json"):
                return Result.parse(io.BytesIO(body), format="json")
            if ctype in ("application/sparql-results+xml", "application/xml"):
                return Result.parse(io.BytesIO(body), format="xml")
            fmt = {"application/n-triples": "nt", "text/turtle": "turtle",
                   "application/rdf+xml": "xml", "text/plain": "nt"}.get(ctype)
            if fmt is None:
                raise GraphError(f"the endpoint answered {ctype}, not SPARQL results",
                                 path=self.url)
            res = Result("CONSTRUCT")
            res.graph = Graph().parse(data=body, format=fmt)
            return res
        except GraphError:
            raise
        except Exception as e:  # noqa: BLE001 - rdflib's result parsers raise many types
            raise GraphError(f"unreadable answer from the endpoint ({ctype}): {e}"[:300],
                             path=self.url) from None


def fetch_graph(url: str, default_graph: str | None = None):  # type: ignore[no-untyped-def]
    """The whole default graph of an endpoint, in memory (for commands that read it all)."""
    from rdflib import Graph

    ep = Endpoint(url, default_graph)
    res = ep.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    g = res.graph if res.graph is not None else Graph()
    from kg.ontology import PREFIXES

    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


@dataclass(frozen=True)
class PushResult:
    url: str
    status: int
    method: str
    size: int


def push(path: str | Path, url: str, graph: str | None = None, *, replace: bool = True,
         timeout: float = 600.0) -> PushResult:
    """Send a graph file to a SPARQL 1.1 Graph Store Protocol endpoint: ``PUT`` replaces
    the target graph, ``POST`` adds to it. ``graph`` is a named graph's IRI; None is the
    server's default graph (``?default``).

    >>> push("graphs/kg.ttl", "http://127.0.0.1:7878/store")  # doctest: +SKIP
    """
    _check_url(url, "the Graph Store endpoint")
    p = Path(path)
    ctype = RDF_TYPES.get(p.suffix.lower())
    if ctype is None:
        raise GraphError(f"cannot push {p.suffix or 'this'} files (use .ttl, .nt, .rdf, "
                         ".jsonld)", path=str(p))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise GraphError(f"cannot read the graph: {e.strerror or e} (run `kg build` first)",
                         path=str(p)) from None
    if graph is not None:
        parts = urllib.parse.urlsplit(graph)
        if not parts.scheme or any(c in graph for c in "<>\" {}|\\^`"):
            raise QueryError(f"the graph name must be an absolute IRI, not {graph!r}")
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    target = url + ("&" if "?" in url else "?") + query
    method = "PUT" if replace else "POST"
    req = urllib.request.Request(target, data=data, method=method,
                                 headers={"Content-Type": f"{ctype}; charset=utf-8",
                                          "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            return PushResult(target, resp.status, method, len(data))
    except urllib.error.HTTPError as e:
        raise OutputError(f"the store refused the graph: {_server_message(e)}",
                          path=url) from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise OutputError(f"cannot reach the store: {reason}", path=url) from None
