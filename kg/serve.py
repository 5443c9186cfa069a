"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a kg graph, and a query page.

* ``GET /sparql?query=…`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` with
  ``query=…``, or ``application/sparql-query``); ``default-graph-uri`` / ``named-graph-uri``
  as the protocol defines them. Results by content negotiation (``Accept``): SPARQL JSON,
  XML, CSV, TSV for SELECT and ASK; Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT and
  DESCRIBE.
* ``GET /named/NAME?param=value``: a ready-made query of ``kg/data/queries``, its
  parameters substituted as escaped RDF terms (:func:`kg.query.bind_text`).
* ``GET /``: a page to type a query and see the answer as a table and as a graph.

Protections: updates (``update=``, ``application/sparql-update``, an update sent as a query:
``INSERT``, ``LOAD``, ``CLEAR`` …) are refused with 403; ``SERVICE`` (a query that makes the
server call another host) is refused unless allowed; each query runs in a worker process
that is killed when it passes the time limit; answers longer than the row limit are refused;
request bodies are bounded; the server binds to 127.0.0.1 unless told otherwise, and then
also refuses requests whose ``Host`` is not the loopback address (DNS rebinding).
"""
from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import queue
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import GraphError, KgError, QueryError

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
           "text/plain": "nt"}
MAX_BODY = 1_000_000
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class Refused(KgError):
    """A request the endpoint will not run (HTTP status in ``status``)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Limits:
    """What one query may take."""

    timeout: float = 10.0
    max_rows: int = 10_000
    allow_service: bool = False


# ---------------------------------------------------------------- content negotiation

def _accepted(accept: str) -> list[tuple[float, int, str]]:
    out = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mime = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if mime and q > 0:
            out.append((q, -i, mime))
    return sorted(out, reverse=True)


def negotiate(accept: str | None, offers: dict[str, str], default: str) -> str | None:
    """The offered format the client prefers (q-values, then order), None if none fits."""
    if not accept or not accept.strip():
        return default
    for _q, _i, mime in _accepted(accept):
        if mime in ("*/*", "application/*") or (mime == "text/*" and
                                                offers[default].startswith("text/")):
            return default
        for name, offered in offers.items():
            if mime == offered:
                return name
        alias = ALIASES.get(mime)
        if alias in offers:
            return alias
        if mime == "text/*":
            for name, offered in offers.items():
                if offered.startswith("text/"):
                    return name
    return None


# ---------------------------------------------------------------- query checks

def _masked(query: str) -> str:
    from kg.query import _masked as masked

    return masked(query)


_UPDATE = re.compile(r"(?i)(?<![?$:\w/#-])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD|"
                     r"WITH)\b\s*(DATA|WHERE|GRAPH|SILENT|\{|<|ALL|DEFAULT|NAMED|INTO|TO)")
_SERVICE = re.compile(r"(?i)(?<![?$:\w])SERVICE\b")


def check_query(query: str, limits: Limits) -> None:
    """Refuse updates and (unless allowed) SERVICE, before anything runs."""
    if not query.strip():
        raise Refused(400, "the query is empty")
    masked = _masked(query)
    if _UPDATE.search(masked):
        raise Refused(403, "updates are not allowed: this endpoint is read-only")
    if not limits.allow_service and _SERVICE.search(masked):
        raise Refused(403, "SERVICE is disabled on this endpoint (kg serve --allow-service)")


# ---------------------------------------------------------------- result writers

def _json_term(t: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out
    return {"type": "literal", "value": str(t)}  # RDF-star triple terms: their text


def _xml_term(t: Any) -> str:
    import pyoxigraph as ox

    e = html.escape
    if isinstance(t, ox.NamedNode):
        return f"<uri>{e(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{e(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f'<literal xml:lang="{e(t.language)}">{e(t.value)}</literal>'
        if t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f'<literal datatype="{e(t.datatype.value)}">{e(t.value)}</literal>'
        return f"<literal>{e(t.value)}</literal>"
    return f"<literal>{e(str(t))}</literal>"


def _csv_cell(t: Any) -> str:
    import pyoxigraph as ox

    if t is None:
        return ""
    v = ("_:" + t.value) if isinstance(t, ox.BlankNode) else getattr(t, "value", str(t))
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_select(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in the W3C formats (rows are lists of pyoxigraph terms or None)."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, r, strict=True)
                     if t is not None} for r in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>" + "".join(f'<variable name="{v}"/>' for v in variables) + "</head>",
               "<results>"]
        for r in rows:
            cells = "".join(f'<binding name="{v}">{_xml_term(t)}</binding>'
                            for v, t in zip(variables, r, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)]
        lines += [",".join(_csv_cell(t) for t in r) for r in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":  # terms in Turtle syntax (N-Triples form), as the TSV format says
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in r) for r in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(fmt)


def write_ask(answer: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if answer else 'false'}</boolean></sparql>\n"
                ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{'true' if answer else 'false'}\r\n".encode()
    return f"?_askResult\n{'true' if answer else 'false'}\n".encode()


# ---------------------------------------------------------------- worker processes

def open_data(path: str) -> Any:
    """A pyoxigraph Store of the graph: its on-disk store read-only when fresh, else the
    file loaded into memory."""
    import pyoxigraph as ox

    from kg.store import _DB, is_fresh, store_dir

    if is_fresh(path):
        return ox.Store.read_only(str(store_dir(path) / _DB))
    st = ox.Store()
    st.bulk_load(path=path)
    return st


def answer(store: Any, req: dict[str, Any]) -> tuple[int, str, bytes]:
    """Run one request on ``store``: (HTTP status, content type, body)."""
    import pyoxigraph as ox

    from kg.ontology import PREFIXES

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    kwargs: dict[str, Any] = {"prefixes": prefixes}
    if req.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req["default_graphs"]]
    if req.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req["named_graphs"]]
    max_rows = int(req["max_rows"])
    try:
        res = store.query(req["query"], **kwargs)
        if isinstance(res, ox.QueryBoolean):
            fmt = req["result_format"]
            if fmt is None:
                return 406, "text/plain", b"no acceptable format for an ASK result"
            return 200, RESULT_TYPES[fmt], write_ask(bool(res), fmt)
        if isinstance(res, ox.QuerySolutions):
            fmt = req["result_format"]
            if fmt is None:
                return 406, "text/plain", b"no acceptable format for SELECT results"
            variables = [v.value for v in res.variables]
            rows: list[list[Any]] = []
            for sol in res:
                if len(rows) >= max_rows:
                    return 403, "text/plain", (f"the answer has more than {max_rows:,} rows: "
                                               "add a LIMIT").encode()
                rows.append([sol[i] for i in range(len(variables))])
            return 200, RESULT_TYPES[fmt], write_select(variables, rows, fmt)
        fmt = req["graph_format"]
        if fmt is None:
            return 406, "text/plain", b"no acceptable format for a graph result"
        triples: list[Any] = []
        for t in res:
            if len(triples) >= max_rows:
                return 403, "text/plain", (f"the answer has more than {max_rows:,} triples: "
                                           "add a LIMIT").encode()
            triples.append(t)
        rdf = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        body = (ox.serialize(triples, format=rdf, prefixes=prefixes) if fmt == "turtle"
                else ox.serialize(triples, format=rdf))
        return 200, GRAPH_TYPES[fmt], body or b""
    except SyntaxError as e:
        return 400, "text/plain", f"bad query: {' '.join(str(e).split())[:500]}".encode()
    except (OSError, ValueError, RuntimeError) as e:
        msg = " ".join(str(e).split())[:500]
        return 500, "text/plain", f"query failed: {msg}".encode()


def _worker_main(conn: Any, path: str) -> None:  # pragma: no cover - runs in a child process
    try:
        store = open_data(path)
    except Exception as e:  # noqa: BLE001 - reported to the server, which stops
        conn.send(("error", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", ""))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req is None:
            return
        conn.send(answer(store, req))


class Worker:
    """One query process; killed and replaced when a query passes the time limit."""

    def __init__(self, path: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, path), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.kill()
            raise GraphError("the query worker did not start in time")
        kind, msg = self.conn.recv()
        if kind != "ready":
            self.kill()
            raise GraphError(f"cannot open the graph: {msg}")
        self.ready = True

    def run(self, req: dict[str, Any], timeout: float) -> tuple[int, str, bytes] | None:
        """The answer, or None when the time ran out (the process is then killed)."""
        self.conn.send(req)
        if self.conn.poll(timeout):
            try:
                return self.conn.recv()  # type: ignore[no-any-return]
            except EOFError:
                return 500, "text/plain", b"the query worker died"
        self.kill()
        return None

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    @property
    def alive(self) -> bool:
        return self.proc.is_alive()


@dataclass
class Engine:
    """A pool of worker processes over one graph file."""

    path: str
    workers: int = 2
    limits: Limits = field(default_factory=Limits)
    startup_timeout: float = 600.0

    def __post_init__(self) -> None:
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: list[Worker] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        started = [Worker(self.path) for _ in range(max(1, self.workers))]
        for w in started:
            w.wait_ready(self.startup_timeout)
            self._idle.put(w)
        self._all = started

    def stop(self) -> None:
        with self._lock:
            for w in self._all:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
                w.proc.join(2)
                if w.proc.is_alive():
                    w.kill()
            self._all = []

    def run(self, req: dict[str, Any]) -> tuple[int, str, bytes]:
        timeout = self.limits.timeout
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            return 503, "text/plain", b"the server is busy: try again"
        req = {**req, "max_rows": self.limits.max_rows}
        try:
            w.wait_ready(self.startup_timeout)
            out = w.run(req, timeout)
        except (GraphError, OSError, EOFError) as e:
            out = (500, "text/plain", f"query worker failed: {e}".encode())
            w.kill()
        if out is None or not w.alive:
            replacement = Worker(self.path)
            with self._lock:
                self._all = [x for x in self._all if x is not w] + [replacement]
            self._idle.put(replacement)
            if out is None:
                return 503, "text/plain", (f"the query ran longer than {timeout:g} s and was "
                                           "stopped").encode()
            return out
        self._idle.put(w)
        return out


# ---------------------------------------------------------------- HTTP

def page() -> tuple[bytes, str]:
    """The query page and its Content-Security-Policy (inline code allowed by its hash)."""
    text = (resources.files("kg") / "templates" / "serve.html").read_text(encoding="utf-8")
    hashes = []
    for tag in ("script", "style"):
        for m in re.finditer(rf"<{tag}>(.*?)</{tag}>", text, re.S):
            digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
            import base64

            hashes.append((tag, "'sha256-" + base64.b64encode(digest).decode() + "'"))
    scripts = " ".join(h for t, h in hashes if t == "script") or "'none'"
    styles = " ".join(h for t, h in hashes if t == "style") or "'none'"
    csp = (f"default-src 'none'; script-src {scripts}; style-src {styles}; "
           "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'none'")
    return text.encode("utf-8"), csp


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 60  # an idle or slow connection is closed after a minute (no slowloris)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        if self.server.verbose:
            super().log_message(format, *args)

    # -- plumbing
    def _send(self, status: int, ctype: str, body: bytes,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if ctype.startswith("text/") or ctype.endswith(("json", "xml")):
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        extra = {"Allow": "GET, POST, HEAD"} if status == 405 else None
        self._send(status, "text/plain", (message + "\n").encode("utf-8"), extra)

    def _host_ok(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]") in LOOPBACK

    # -- methods
    def do_HEAD(self) -> None:  # noqa: N802 - stdlib's name
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._error(403, "this server answers only requests to its loopback address")
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            body, csp = self.server.page
            return self._send(200, "text/html", body, {"Content-Security-Policy": csp,
                                                       "Referrer-Policy": "no-referrer"})
        if url.path == "/queries":
            from kg.query import named_queries

            data = [{"name": q.name, "description": q.description,
                     "params": [{"name": p.name, "meaning": p.meaning, "example": p.example,
                                 "required": p.required} for p in q.params]}
                    for q in named_queries().values()]
            return self._send(200, "application/json", json.dumps(data).encode("utf-8"))
        if url.path == "/sparql":
            if "update" in params:
                return self._error(403, "updates are not allowed: this endpoint is read-only")
            queries = params.get("query", [])
            if len(queries) != 1:
                return self._error(400, "give exactly one query= parameter")
            return self._query(queries[0], params)
        if url.path.startswith("/named/"):
            return self._named(url.path[len("/named/"):], params)
        return self._error(404, "not found: try / or /sparql")

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._error(403, "this server answers only requests to its loopback address")
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404 if url.path != "/" else 405, "POST queries to /sparql")
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            return self._error(400, "bad Content-Length")
        if length > MAX_BODY:
            self.close_connection = True
            return self._error(413, f"the request body is over {MAX_BODY:,} bytes")
        body = self.rfile.read(length) if length > 0 else b""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._error(403, "updates are not allowed: this endpoint is read-only")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "the request body is not UTF-8")
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "updates are not allowed: this endpoint is read-only")
            queries = form.get("query", [])
            if len(queries) != 1:
                return self._error(400, "give exactly one query= parameter")
            for k in ("default-graph-uri", "named-graph-uri"):
                params.setdefault(k, []).extend(form.get(k, []))
            return self._query(queries[0], params)
        if ctype == "application/sparql-query":
            return self._query(text, params)
        return self._error(415, "POST application/sparql-query or a form with query=")

    def do_PUT(self) -> None:  # noqa: N802
        self._error(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # -- queries
    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        from kg.query import bind_text, get_named_query

        values = {}
        for k, v in params.items():
            if len(v) != 1:
                return self._error(400, f"parameter {k!r} given {len(v)} times")
            values[k] = v[0]
        try:
            q = get_named_query(urllib.parse.unquote(name))
            text = bind_text(q.text, q.bindings(values))
        except QueryError as e:
            return self._error(400, str(e))
        self._query(text, {})

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        try:
            check_query(text, self.server.engine.limits)
        except Refused as e:
            return self._error(e.status, e.message)
        accept = self.headers.get("Accept")
        req = {"query": text,
               "result_format": negotiate(accept, RESULT_TYPES, "json"),
               "graph_format": negotiate(accept, GRAPH_TYPES, "turtle"),
               "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        if req["result_format"] is None and req["graph_format"] is None:
            return self._error(406, "no acceptable format: ask for "
                               + ", ".join([*RESULT_TYPES.values(), *GRAPH_TYPES.values()]))
        status, ctype, body = self.server.engine.run(req)
        if status >= 400:
            return self._error(status, body.decode("utf-8", "replace"))
        self._send(status, ctype, body)


class KgServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], engine: Engine, verbose: bool = False
                 ) -> None:
        self.engine = engine
        self.verbose = verbose
        self.page = page()
        self.loopback_only = address[0] in LOOPBACK
        super().__init__(address, Handler)


def make_server(path: str | Path, host: str = "127.0.0.1", port: int = 7878, *,
                limits: Limits | None = None, workers: int = 2,
                verbose: bool = False) -> KgServer:
    """A started query engine behind an HTTP server (not yet serving: call
    ``serve_forever``; ``shutdown`` then ``engine.stop()`` to end)."""
    p = Path(path)
    from kg.store import is_fresh

    if not p.is_file() and not is_fresh(p):
        raise GraphError("no such graph file (run `kg build` first)", path=str(path))
    engine = Engine(str(p), workers=workers, limits=limits or Limits())
    engine.start()
    try:
        return KgServer((host, port), engine, verbose)
    except OSError as e:
        engine.stop()
        raise GraphError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
