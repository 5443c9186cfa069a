"""SPARQL over a graph with kg's prefixes pre-bound; results as table, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import QueryError
from kg.ontology import PREFIXES, sparql_prologue


def _with_prologue(query: str) -> str:
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + query if lines else query


def run_query(g: Graph, query: str) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; a malformed one raises QueryError."""
    if not query.strip():
        raise QueryError("the query is empty")
    # the keyword must not be part of a variable (?add), prefixed name (ex:drop) or IRI
    if re.search(r"(?i)(?<![?$:\w/#-])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD)\b"
                 r"\s*(DATA|WHERE|GRAPH|SILENT|\{|<|ALL|DEFAULT|NAMED)", _strip_strings(query)):
        raise QueryError("updates are not allowed: kg query is read-only")
    try:
        return g.query(_with_prologue(query))
    except Exception as e:  # noqa: BLE001 - pyparsing and rdflib raise many types
        if _is_update(query):
            raise QueryError("updates are not allowed: kg query is read-only") from None
        msg = " ".join(str(e).split()) or type(e).__name__
        raise QueryError(f"bad query: {msg[:300]}") from None


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


__all__ = ["format_result", "run_query", "sparql_prologue", "table"]
