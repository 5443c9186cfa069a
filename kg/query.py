"""SPARQL over a graph with kg's prefixes pre-bound; results as table, CSV or JSON.

Named queries ship in ``kg/data/queries/<name>.rq``; each opens with a comment block: a
one-line description, then one line per parameter::

    # param dataset: the dataset, by any of its names | example: GSM8K
    # param type (optional, default: model): model, dataset, method or task | example: dataset

Parameter ``x`` reaches the query as the variable ``?_x``, bound through rdflib's
``initBindings`` as a plain literal, so no value can change the query's text. An optional
parameter without a default is left unbound.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rdflib import Literal, URIRef
from rdflib.query import Result

from kg.errors import QueryError
from kg.ontology import PREFIXES, sparql_prologue


def _with_prologue(query: str) -> str:
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    # one line of prologue, and the query starts on it: error line numbers stay the user's
    return " ".join(lines) + " " + query if lines else query


def run_query(g: Any, query: str,
              bindings: Mapping[str, Literal | URIRef] | None = None) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; a malformed one raises QueryError.

    ``g`` is an rdflib Graph (in memory or on an Oxigraph store) or a
    :class:`kg.remote.Endpoint`. ``bindings`` pre-binds variables (name without ``?``) to RDF
    terms, as data, never text: rdflib's ``initBindings`` in memory; elsewhere each term is
    written in N-Triples syntax by a serializer in place of its variable (:func:`bind_text`).
    """
    if not query.strip():
        raise QueryError("the query is empty")
    # the keyword must not be part of a variable (?add), prefixed name (ex:drop) or IRI
    if re.search(r"(?i)(?<![?$:\w/#-])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD)\b"
                 r"\s*(DATA|WHERE|GRAPH|SILENT|\{|<|ALL|DEFAULT|NAMED)", _strip_strings(query)):
        raise QueryError("updates are not allowed: kg query is read-only")
    from kg.remote import Endpoint
    from kg.store import oxigraph_of

    if isinstance(g, Endpoint):
        text = bind_text(query, bindings or {})
        return g.query(_with_prologue(text), user_text=text)
    in_memory = oxigraph_of(g) is None
    if not in_memory:
        query = bind_text(query, bindings or {})
    try:
        return g.query(_with_prologue(query),  # type: ignore[no-any-return]
                       initBindings=dict(bindings or {}) if in_memory else {})
    except Exception as e:  # noqa: BLE001 - pyparsing, rdflib and Oxigraph raise many types
        if _is_update(query):
            raise QueryError("updates are not allowed: kg query is read-only") from None
        raise QueryError(f"bad query: {error_text(e, query)}") from None


def error_text(e: BaseException, query: str) -> str:
    """A parser's message, its positions counted in the user's text (not the prologue)."""
    msg = " ".join(str(e).split()) or type(e).__name__
    # positions count the pre-bound prefixes too: report them in the user's own text
    shift = len(_with_prologue(query)) - len(query)
    msg = re.sub(r"\s*\(at char \d+\),?", "", msg)
    msg = re.sub(r"\(line:1, col:(\d+)\)",
                 lambda m: f"(line:1, col:{max(1, int(m.group(1)) - shift)})", msg)
    # Oxigraph: "error at LINE:COL: expected …"
    msg = re.sub(r"^error at (\d+):(\d+):\s*",
                 lambda m: f"(line:{m.group(1)}, col:"
                 f"{max(1, int(m.group(2)) - (shift if m.group(1) == '1' else 0))}) ", msg)
    return msg[:300]


_MASK = re.compile(r"\"\"\"(?:[^\\]|\\.)*?\"\"\"|\'\'\'(?:[^\\]|\\.)*?\'\'\'"
                   r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
                   r"|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*", re.S)


def _masked(query: str) -> str:
    """``query`` with strings, comments and the insides of IRIs blanked out (same length,
    same offsets; an IRI keeps its ``<>``)."""
    def blank(m: re.Match[str]) -> str:
        t = m.group(0)
        return "<" + " " * (len(t) - 2) + ">" if t.startswith("<") else " " * len(t)
    return _MASK.sub(blank, query)


def term_text(term: Literal | URIRef) -> str:
    """An RDF term in N-Triples syntax, written by Oxigraph (quotes, backslashes and line
    breaks escaped), so that it is one term of the query whatever it holds."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        try:
            return str(ox.NamedNode(str(term)))
        except ValueError:
            raise QueryError(f"not an IRI: {str(term)[:80]!r}") from None
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    raise QueryError(f"cannot bind {type(term).__name__} values")


def bind_text(query: str, bindings: Mapping[str, Literal | URIRef]) -> str:
    """The query with each bound variable replaced by its term (``BOUND(?v)`` by ``true``).

    This is SPARQL's own substitution (as SEP-0007 describes it) done on the text, for stores
    that take no ``initBindings``. Strings, IRIs and comments of the query are left alone;
    the values are escaped terms, so no value can change the query's structure.

    >>> bind_text('SELECT ?t { ?p ?x ?t FILTER(STR(?t) = STR(?_d)) }', {"_d": Literal('a"')})
    'SELECT ?t { ?p ?x ?t FILTER(STR(?t) = STR("a\\"")) }'
    """
    if not bindings:
        return query
    terms = {name: term_text(term) for name, term in bindings.items()}
    masked = _masked(query)
    names = "|".join(re.escape(n) for n in sorted(terms, key=len, reverse=True))
    pattern = re.compile(r"(?i)\bBOUND\s*\(\s*[?$](" + names + r")\s*\)"
                         r"|[?$](" + names + r")(?![\w\u00b7\u0300-\u036f\u203f\u2040])")
    out, last = [], 0
    for m in pattern.finditer(masked):
        out.append(query[last:m.start()])
        out.append("true" if m.group(1) else terms[m.group(2)])
        last = m.end()
    out.append(query[last:])
    return "".join(out)


def _is_update(query: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(_with_prologue(query))
    except Exception:  # noqa: BLE001 - not an update either
        return False
    return True


def _strip_strings(q: str) -> str:
    return re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", "\"\"", q)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, URIRef):
        return str(v)
    if isinstance(v, Literal):
        return str(v)
    return str(v)


def format_result(res: Result, fmt: str = "table") -> str:
    """Render a query result. CONSTRUCT/DESCRIBE results are Turtle whatever ``fmt`` is."""
    if res.type == "ASK":
        if fmt == "json":
            return json.dumps({"boolean": bool(res.askAnswer)})
        return "true" if res.askAnswer else "false"
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        g = res.graph
        assert g is not None
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True)
        return g.serialize(format="turtle")
    names = [str(v) for v in (res.vars or [])]
    rows = [[_cell(row[i]) for i in range(len(names))] for row in res]  # type: ignore[index]
    if fmt == "json":
        payload = res.serialize(format="json")
        assert payload is not None
        return json.dumps(json.loads(payload), indent=1, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue().rstrip("\n")
    return table(names, rows)


def table(names: list[str], rows: list[list[str]], width: int = 60) -> str:
    """A plain-text table; long cells are cut with an ellipsis."""
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cut]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cut]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


# ---------------------------------------------------------------- named queries

@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    meaning: str
    example: str = ""
    required: bool = True
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: ``kg query NAME --param key=value``."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bindings(self, values: Mapping[str, str]) -> dict[str, Literal]:
        """Check ``values`` against the parameters; the ``initBindings`` to run with: each
        value as ``?_name`` and its name key (:func:`kg.graph.name_key`) as ``?_name_key``."""
        from kg.graph import name_key

        known = {p.name for p in self.params}
        expected = ", ".join(sorted(known)) or "none"
        for key in sorted(values):
            if key not in known:
                raise QueryError(f"unknown parameter {key!r} for query {self.name} "
                                 f"(parameters: {expected})")
        out: dict[str, Literal] = {}
        for p in self.params:
            value = values.get(p.name, p.default)
            if value is None:
                if p.required:
                    raise QueryError(f"query {self.name} needs --param {p.name}=… "
                                     f"(e.g. {p.name}={p.example})")
                continue
            out[f"_{p.name}"] = Literal(value)
            # the form kg:nameKey holds: a question finds "gsm-8k" by an index lookup
            out[f"_{p.name}_key"] = Literal(name_key(value))
        return out


_PARAM = re.compile(r"^#\s*param\s+(?P<name>[A-Za-z]\w*)\s*"
                    r"(?:\((?P<opt>optional)(?:,\s*default:\s*(?P<default>[^)]*))?\))?\s*:"
                    r"\s*(?P<meaning>.*?)\s*(?:\|\s*example:\s*(?P<example>.*?))?\s*$")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the header comment of a ``.rq`` file: description and parameters."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    first = []
    for line in header:  # the description: comment lines up to the first empty one
        words = line.lstrip("#").strip()
        if not words:
            break
        first.append(words)
    description = " ".join(first)
    params = []
    for line in header:
        m = _PARAM.match(line)
        if m:
            params.append(Param(m["name"], m["meaning"], (m["example"] or "").strip(),
                                required=not m["opt"], default=m["default"]))
    return NamedQuery(name, description, tuple(params), text)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``kg/data/queries``, by name."""
    root = resources.files("kg") / "data" / "queries"
    out = {}
    for f in sorted(root.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".rq"):
            name = f.name[:-3]
            out[name] = parse_named_query(name, f.read_text(encoding="utf-8"))
    return out


def get_named_query(name: str) -> NamedQuery:
    """The named query ``name`` (any case); QueryError when there is none."""
    q = named_queries().get(name.strip().lower())
    if q is None:
        raise QueryError(f"no named query {name!r} (kg query --list shows them: "
                         f"{', '.join(named_queries())})")
    return q


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["dataset=GSM8K"]`` -> ``{"dataset": "GSM8K"}``; the value may hold ``=``."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"a parameter is key=value, not {pair!r}")
        if key in out:
            raise QueryError(f"parameter {key!r} given twice")
        out[key] = value
    return out


def run_named(g: Any, name: str, params: Mapping[str, str] | None = None) -> Result:
    """Run a named query with its parameters bound as literals (never pasted into the text).

    >>> run_named(g, "papers-using", {"dataset": "gsm-8k"})  # doctest: +SKIP
    """
    q = get_named_query(name)
    return run_query(g, q.text, q.bindings(params or {}))


def list_text() -> str:
    """The named queries with their descriptions and parameters, for ``kg query --list``."""
    lines = []
    for q in named_queries().values():
        lines.append(f"{q.name}  {q.description}")
        for p in q.params:
            kind = "required" if p.required else (
                f"optional, default {p.default}" if p.default else "optional")
            example = f"; e.g. {p.name}={p.example}" if p.example else ""
            lines.append(f"    --param {p.name}=…  {p.meaning} ({kind}{example})")
        if not q.params:
            lines.append("    no parameters")
    return "\n".join(lines)


__all__ = ["NamedQuery", "Param", "bind_text", "error_text", "format_result", "get_named_query",
           "list_text", "named_queries", "parse_named_query", "parse_params", "run_named",
           "run_query", "sparql_prologue", "table", "term_text"]
