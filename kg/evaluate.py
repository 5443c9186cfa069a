"""Score a graph against gold annotations (``eval/dev.jsonl`` format).

Entity, introduced and repository figures follow ``eval/score.py`` exactly (names compared
case-folded with everything but letters and digits removed, one-to-one matching per paper,
micro averages); kg adds role figures, result figures and the error lists behind them.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from typing import Any

from rdflib import RDF, Literal, URIRef

from kg.errors import GraphError, InputError
from kg.io import read_graph

ENTITY_TYPES = ("Model", "Dataset", "Method", "Task")
ROLES = {"introduces": "introduced", "uses": "used", "comparesWith": "compared",
         "mentions": "mentioned", "addresses": "used"}
NAMES = {"label", "prefLabel", "altLabel", "name", "alternateName", "hiddenLabel"}
TITLES = {"title", "name", "label"}


def local(term: object) -> str:
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1]


def norm(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", s.casefold())


def repo_key(u: str) -> str:
    n = u.strip().rstrip(".,;)}]").casefold()
    n = re.sub(r"^https?://(www\.)?", "", n)
    n = re.sub(r"\.git$", "", n.rstrip("/")).rstrip("/")
    parts = n.split("/")
    if parts[0] in ("github.com", "gitlab.com") and len(parts) >= 3:
        return "/".join(parts[:3])
    return n


#: formats with named graphs: scored as the union of their graphs, as score.py does
_QUAD_FORMATS = ("trig", "nquads", "trix")


def _read(path: str) -> Any:
    """The graph to score (a plain rdflib Graph would drop the named graphs of TriG/N-Quads)."""
    from rdflib import Dataset, Graph
    from rdflib.util import guess_format

    fmt = guess_format(path)
    if fmt not in _QUAD_FORMATS:
        # parsed into memory as score.py does: matching is greedy, so the figures follow the
        # order of the triples, and a store gives another order
        return read_graph(path, store="memory")
    if not os.path.isfile(path):
        raise GraphError("no such graph file (run `kg build` first)", path=path)
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as e:  # noqa: BLE001 - rdflib raises many parser exception types
        raise GraphError(f"cannot parse graph: {type(e).__name__}: {e}".splitlines()[0],
                         path=path) from None
    g = Graph()
    for s, p, o, _ctx in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _papers(path: str) -> dict[str, dict[str, Any]]:
    g = _read(path)
    types: dict[Any, set[str]] = defaultdict(set)
    for s, o in g.subject_objects(RDF.type):
        types[s].add(local(o))
    names: dict[Any, set[str]] = defaultdict(set)
    shown: dict[Any, str] = {}
    for s, p, o in g:
        if isinstance(o, Literal) and local(p) in NAMES:
            names[s].add(str(o))
            if local(p) == "label":
                shown[s] = str(o)
    results: dict[Any, list[dict[str, str]]] = defaultdict(list)
    papers: dict[str, dict[str, Any]] = {}
    for s, ts in types.items():
        if "Paper" not in ts:
            continue
        titles = [str(o) for p, o in g.predicate_objects(s)
                  if isinstance(o, Literal) and local(p) in TITLES]
        edges, repos = [], set()
        for p, o in g.predicate_objects(s):
            lp = local(p)
            if lp in ROLES:
                for et in types.get(o, set()) & set(ENTITY_TYPES):
                    ns = {norm(n) for n in names.get(o, ())} - {""}
                    edges.append((et, ROLES[lp], ns, shown.get(o, str(o))))
            elif lp in ("hasRepository", "codeRepository"):
                cands = [str(o)] if isinstance(o, (URIRef, Literal)) else []
                cands += [str(x) for x in g.objects(o)]
                for c in cands:
                    if re.search(r"(github|gitlab)\.com/", c, re.I):
                        repos.add(repo_key(c))
                        break
            elif lp == "reportsResult":
                row = {local(rp): str(ro) for rp, ro in g.predicate_objects(o)}
                results[s].append(row)
        for t in titles:
            papers[norm(t)] = {"edges": edges, "repos": repos, "results": results[s]}
    return papers


def _match(gold: list[set[str]], pred: list[set[str]]) -> tuple[int, list[int], list[int]]:
    """Greedy one-to-one matching (as score.py); returns tp, unmatched gold, unmatched pred."""
    used: set[int] = set()
    missed = []
    for gi, gs in enumerate(gold):
        for i, ps in enumerate(pred):
            if i not in used and gs & ps:
                used.add(i)
                break
        else:
            missed.append(gi)
    return len(used), missed, [i for i in range(len(pred)) if i not in used]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _num(v: str) -> str:
    m = re.search(r"\d+(?:\.\d+)?", v)
    return str(float(m.group(0))) if m else ""


def _seen_as(names: set[str], edges: list[tuple[str, str, set[str], str]]) -> str:
    """What the graph says of a missed introduced entity: "graph: used Method", "not in
    graph" (a wrong type costs an introduced miss and an introduced false positive)."""
    seen = sorted({f"{role} {t}" for t, role, ns, _label in edges if names & ns})
    return "graph: " + ", ".join(seen) if seen else "not in graph"


def _gold_as(names: set[str], entities: list[dict[str, Any]]) -> str:
    """What the gold says of a predicted introduced entity: "gold: introduced Model"."""
    seen = sorted({f"{e['role']} {e['type']}" for e in entities
                   if names & ({norm(e["name"])} | {norm(a) for a in e.get("aliases", [])})})
    return "gold: " + ", ".join(seen) if seen else "not in gold"


def evaluate(graph_path: str, gold_path: str) -> dict[str, Any]:
    """Figures per type, introduced, roles, repositories and results, with error lists
    (``fp``/``fn`` per type, ``intro_fp``/``intro_fn`` for the introduced figure)."""
    papers = _papers(graph_path)
    try:
        with open(gold_path, encoding="utf-8") as f:
            gold = [json.loads(line) for line in f if line.strip()]
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read gold annotations: {e}", path=gold_path) from None
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    errors: list[dict[str, Any]] = []
    found = 0
    for rec in gold:
        pred = papers.get(norm(rec["title"]))
        if pred is None:
            pred = {"edges": [], "repos": set(), "results": []}
        else:
            found += 1
        err: dict[str, Any] = {"id": rec.get("id", ""), "title": rec["title"], "fp": [], "fn": [],
                               "intro_fp": [], "intro_fn": []}
        for et in ENTITY_TYPES:
            gents = [e for e in rec["entities"] if e["type"] == et]
            gsets = [{norm(e["name"])} | {norm(a) for a in e.get("aliases", [])} for e in gents]
            psets: list[set[str]] = []
            plabels: list[str] = []
            for t, _role, ns, label in pred["edges"]:
                if t == et and ns and ns not in psets:
                    psets.append(ns)
                    plabels.append(label)
            tp, missed, extra = _match(gsets, psets)
            counts[et][0] += tp
            counts[et][1] += len(extra)
            counts[et][2] += len(missed)
            err["fn"] += [f"{et}: {gents[i]['name']}" for i in missed]
            err["fp"] += [f"{et}: {plabels[i]}" for i in extra]
            for role in ("introduced", "used", "compared", "mentioned"):
                gi = [s for s, e in zip(gsets, gents, strict=True) if e["role"] == role]
                pi: list[set[str]] = []
                pl: list[str] = []
                for t, r, ns, label in pred["edges"]:
                    if t == et and r == role and ns and ns not in pi:
                        pi.append(ns)
                        pl.append(label)
                tp, missed, extra = _match(gi, pi)
                for k, v in enumerate((tp, len(extra), len(missed))):
                    counts[f"role:{role}"][k] += v
                    if role == "introduced":
                        counts["introduced"][k] += v
                if role == "introduced":
                    gnames = [e["name"] for e in gents if e["role"] == role]
                    err["intro_fn"] += [f"{et}: {gnames[i]} ({_seen_as(gi[i], pred['edges'])})"
                                        for i in missed]
                    err["intro_fp"] += [f"{et}: {pl[i]} ({_gold_as(pi[i], rec['entities'])})"
                                        for i in extra]
        grepos = {repo_key(u) for u in rec.get("repos", [])}
        counts["Repository"][0] += len(grepos & pred["repos"])
        counts["Repository"][1] += len(pred["repos"] - grepos)
        counts["Repository"][2] += len(grepos - pred["repos"])
        err["fn"] += [f"Repository: {u}" for u in sorted(grepos - pred["repos"])]
        err["fp"] += [f"Repository: {u}" for u in sorted(pred["repos"] - grepos)]
        # results: the same number, from the same system (names compared loosely)
        gres = rec.get("results", [])
        used: set[int] = set()
        tp = 0
        for r in gres:
            for i, p in enumerate(pred["results"]):
                if i in used or _num(p.get("value", "")) != _num(r.get("value", "")):
                    continue
                a, b = norm(p.get("systemName", "")), norm(r.get("system", ""))
                if a and b and (a in b or b in a):
                    used.add(i)
                    tp += 1
                    break
        counts["results"][0] += tp
        counts["results"][1] += len(pred["results"]) - tp
        counts["results"][2] += len(gres) - tp
        if err["fp"] or err["fn"] or err["intro_fp"] or err["intro_fn"]:
            errors.append(err)
    out: dict[str, Any] = {"papers_gold": len(gold), "papers_found": found,
                           "graph_papers": len(papers)}
    for name, (tp, fp, fn) in sorted(counts.items()):
        out[name] = _prf(tp, fp, fn)
    ent = [sum(counts[t][i] for t in ENTITY_TYPES) for i in range(3)]
    out["entities_micro"] = _prf(*ent)
    out["errors"] = errors
    return out


def report_text(res: dict[str, Any], *, errors: bool = True) -> str:
    lines = [f"papers: gold {res['papers_gold']}, found in graph {res['papers_found']}, "
             f"graph has {res['graph_papers']}"]
    order = [*ENTITY_TYPES, "Repository", "introduced", "entities_micro",
             "role:introduced", "role:used", "role:compared", "role:mentioned", "results"]
    for k in order:
        v = res.get(k)
        if isinstance(v, dict):
            lines.append(f"{k:16s} P={v['P']:.3f} R={v['R']:.3f} F1={v['F1']:.3f} "
                         f"(tp={v['tp']} fp={v['fp']} fn={v['fn']})")
    if errors:
        for e in res["errors"]:
            lines.append("")
            lines.append(f"{e['id']} {e['title'][:90]}")
            for x in e["fp"]:
                lines.append(f"  FP {x}")
            for x in e["fn"]:
                lines.append(f"  FN {x}")
            for x in e.get("intro_fp", ()):
                lines.append(f"  FP introduced {x}")
            for x in e.get("intro_fn", ()):
                lines.append(f"  FN introduced {x}")
    return "\n".join(lines)
