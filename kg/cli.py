"""The ``kg`` command: a thin layer that parses options, calls one kg function, prints.

Exit codes: 0 success; 1 internal error; 2 bad input or usage; 3 bad query; 4 missing or
unreadable graph; 5 output cannot be written. Errors are one line on stderr, never a traceback
(set ``KG_DEBUG=1`` to see one).
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.errors import KgError, QueryError

DEFAULT_GRAPH = "graphs/kg.ttl"
DEFAULT_HTML = "graphs/kg.html"


class KgGroup(click.Group):
    """Turns KgError (and anything unexpected) into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"kg: error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; earlier outputs are untouched", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:  # noqa: BLE001 - the last line of defence
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"kg: internal error: {type(e).__name__}: {e} (KG_DEBUG=1 for details)",
                       err=True)
            sys.exit(1)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of ML papers: models, datasets, methods, tasks, code, results.

    \b
    kg build            build graphs/kg.ttl from the embedded sample corpus
    kg viz              draw it as graphs/kg.html (works offline)
    kg query 'SELECT …' ask it in SPARQL (prefixes kg:, dcterms:, skos:… are pre-bound)
    kg stats            counts, most used entities, PageRank, communities, trends
    kg report           one static HTML report with charts (graphs/report.html)
    kg export           write it as Turtle, N-Triples, JSON-LD or RDF/XML
    kg eval GOLD.jsonl  score it against gold annotations
    """


def _jobs(value: str | int) -> int:
    """``-j``: a number of processes, or ``auto``: the cores this process may use that other
    work is not already using (by the last minute's load average), at least 1, at most 4.
    Extra processes on busy cores made extraction slower than one process."""
    if str(value).strip().lower() == "auto":
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            cores = os.cpu_count() or 1
        try:
            busy = round(os.getloadavg()[0])
        except (AttributeError, OSError):  # no load average here
            busy = 0
        return max(1, min(cores - busy, 4))
    try:
        n = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number or 'auto'",
                                 param_hint="-j/--jobs") from None
    if n < 1:
        raise click.BadParameter(f"{n} is smaller than 1", param_hint="-j/--jobs")
    return n


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    """A one-line progress report on stderr, only when it is a terminal and not --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    start = time.monotonic()
    state: dict[str, Any] = {"stage": "", "at": 0.0}

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != state["stage"]:
            if state["stage"]:
                click.echo("", err=True)  # keep the finished stage's last line
            state["stage"], state["at"] = stage, 0.0
            start_of[stage] = now
        if now - state["at"] < 0.2 and done != total:
            return  # at most five updates a second
        state["at"] = now
        rate = done / max(now - start_of[stage], 1e-9)
        if stage == "extracting":
            line = f"extracting {done:,}/{total:,} papers ({rate:,.0f}/s)"
        elif stage == "reading":
            line = f"reading: {done:,} records"
        elif stage == "writing" and total == 0:
            line = f"writing: {done:,} triples ({rate:,.0f}/s)"
        else:
            line = f"{stage}..." + (" done" if done == total else "")
        click.echo(f"\r{line}\x1b[K", err=True, nl=False)

    start_of = {"": start}
    return report


def _analytics_seed(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--seed`` of the analytics (``kg stats``, ``kg report``)."""
    return click.option("--seed", default=42, show_default=True,
                        help="Seed of community detection and sampled betweenness.")(f)


def _trend_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--period`` and ``--recent`` of the trends (``kg stats``, ``kg report``)."""
    f = click.option("--recent", default=2, show_default=True,
                     help="Periods counted as recent when ranking rising entities.")(f)
    return click.option("--period", type=click.Choice(["year", "month"]), default="year",
                        show_default=True, help="Period of the trends.")(f)

@main.command()
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("-o", "--output", default=DEFAULT_GRAPH, show_default=True,
              help="Turtle file to write.")
@click.option("--base", default=None, help="Base IRI of papers and entities "
              "[default: https://example.org/kg/id/].")
@click.option("--skip-bad", is_flag=True, help="Report malformed records and go on.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary.")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse extractions of papers whose text and pipeline are unchanged.")
@click.option("--cache-dir", type=click.Path(), default=None,
              help="Extraction cache folder [default: $KG_CACHE_DIR, else "
              "$XDG_CACHE_HOME/kg, else ~/.cache/kg].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where extraction runs: here, or on a Dask cluster.")
@click.option("-j", "--jobs", default="auto", show_default=True, metavar="N|auto",
              callback=lambda ctx, param, value: _jobs(value),
              help="Extraction processes (local engine), or workers of the local Dask "
              "cluster started when no --scheduler is given; auto: one per idle core, at most "
              "4 (a corpus under 512 papers is extracted in this process).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler to use with --engine dask, e.g. tcp://10.0.0.5:8786.")
@click.option("--store", default=None, metavar="auto|memory|oxigraph|URL",
              help="Where the graph lives: an Oxigraph store beside the file, memory, or a "
              "SPARQL endpoint [default: $KG_STORE, else auto].")
def build(inputs: tuple[str, ...], output: str, base: str | None, skip_bad: bool,
          quiet: bool, cache: bool, cache_dir: str | None, engine: str, jobs: int,
          scheduler: str | None, store: str | None) -> None:
    """Build the graph from INPUTS (files or folders of .txt listings, .json, .jsonl).

    With no INPUTS, the embedded sample corpus (five Hugging Face Daily Papers listings)
    is read. Copies of one paper across inputs become one node that keeps every source.
    """
    from kg.io import format_for, write_ntriples
    from kg.lock import output_lock
    from kg.ontology import DEFAULT_BASE
    from kg.pipeline import build as run_build

    click.get_current_context().with_resource(output_lock(output))  # one build per output
    t0 = time.monotonic()
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    if cache:
        from kg.cache import default_dir

        cache_dir = cache_dir or str(default_dir())
    report = _progress(quiet)
    try:
        res = run_build(list(inputs), base=base or DEFAULT_BASE, skip_bad=skip_bad,
                        progress=report, cache_dir=cache_dir if cache else None,
                        engine=engine, jobs=jobs, scheduler=scheduler)
    except ValueError as e:  # a bad --base
        if "base IRI" not in str(e):
            raise  # any other ValueError is not the user's --base
        raise click.BadParameter(str(e), param_hint="--base") from None
    if report is not None:
        report("writing", 0, 1)
    from kg.store import store_setting

    c = res.linked
    n_rep = sum(len(v) for v in c.repositories.values())
    types: dict[str, int] = {}
    for ent in c.entities:
        types[ent.type] = types.get(ent.type, 0) + 1
    kinds = ", ".join(f"{types.get(t, 0)} {t.lower()}s" for t in
                      ("Model", "Dataset", "Method", "Task"))
    summary = (f"{len(res.papers)} papers ({res.records_read} records read), {kinds}, "
               f"{n_rep} repositories, {len(c.links)} links")
    counts = f"extracted {res.extracted} papers, {res.cached} from the cache"
    skipped, blocks = res.skipped, res.blocks()
    del res, c  # the blocks hold the corpus until written, then the store load has the memory
    triples = write_ntriples(blocks, output, format_for(output), store=store_setting(store),
                             progress=None if report is None else
                             lambda n: report("writing", n, 0))
    if report is not None:
        report("writing", 1, 1)
        click.echo("", err=True)
    for s in skipped:  # even with -q: a record is never dropped silently
        click.echo(f"skipped: {s}", err=True)
    if not quiet:
        click.echo(summary)
        if cache:
            click.echo(counts, err=True)
        click.echo(f"wrote {output} ({triples:,} triples) in "
                   f"{time.monotonic() - t0:.1f} s")


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to draw.")
@click.option("-o", "--output", default=DEFAULT_HTML, show_default=True, help="HTML to write.")
@click.option("--seed", default=42, show_default=True, help="Layout and community seed.")
@click.option("--focus", multiple=True, metavar="NAME",
              help="Draw this paper or entity (label, alias, title or IRI) and its neighbours.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 5),
              help="Links around --focus to draw.")
@click.option("--type", "types", default="", metavar="T1,T2",
              help="Keep these node types (Paper, Model, Dataset, Method, Task, Repository); "
                   "papers stay as links.")
@click.option("--community", type=int, default=None,
              help="Draw Louvain community N (1 = largest, as numbered by kg stats).")
@click.option("--query", "qfile", type=click.Path(), default=None,
              help="Draw the IRIs a SPARQL SELECT in this file returns.")
@click.option("--max-nodes", default=2500, show_default=True, type=click.IntRange(1),
              help="Larger views keep the top entities by PageRank and their papers.")
@click.option("--top", default=300, show_default=True, type=click.IntRange(1),
              help="Entities kept when a view is cut to --max-nodes.")
def viz(graph: str, output: str, seed: int, focus: tuple[str, ...], depth: int, types: str,
        community: int | None, qfile: str | None, max_nodes: int, top: int) -> None:
    """Draw the graph as one self-contained, offline HTML page (pyvis / vis-network): the
    whole graph, or a focus, a community, a query's result; big views keep the top
    entities by PageRank and their papers."""
    from kg.io import atomic_open, read_graph
    from kg.viz import View, render_html

    query = None
    if qfile is not None:
        try:
            query = Path(qfile).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read query file: {e}", path=qfile) from None
    view = View(focus=focus, depth=depth, community=community, query=query, seed=seed,
                types=tuple(t.strip().capitalize() for t in types.split(",") if t.strip()),
                max_nodes=max_nodes, top=top)
    from kg.lock import output_lock

    click.get_current_context().with_resource(output_lock(output))  # one writer per output
    html = render_html(read_graph(graph), seed=seed, view=view)
    with atomic_open(output) as f:
        f.write(html)
    click.echo(f"wrote {output} ({len(html) / 1e6:.1f} MB)")


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "qfile", type=click.Path(), help="Read the query from a file.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of a named query (repeatable), e.g. --param dataset=GSM8K.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format of SELECT results.")
@click.option("--store", default=None, metavar="auto|memory|oxigraph|URL",
              help="Where the graph lives: its Oxigraph store, memory (parse the file), or a "
              "SPARQL endpoint [default: $KG_STORE, else auto].")
@click.option("--endpoint", default=None, metavar="URL",
              help="Query this SPARQL 1.1 endpoint instead of -g (same as --store URL).")
@click.option("--default-graph", default=None, metavar="IRI",
              help="With an endpoint: the named graph to query (default-graph-uri).")
def query(sparql: str | None, qfile: str | None, params: tuple[str, ...], list_: bool,
          graph: str, fmt: str, store: str | None, endpoint: str | None,
          default_graph: str | None) -> None:
    """Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query, or a named one.

    Prefixes kg:, rdf:, rdfs:, owl:, xsd:, dcterms:, schema:, skos:, prov: and mls: are
    pre-bound. A first argument that names a ready-made query (see --list) runs it with
    its --param values, bound as data, never pasted into the query. Examples:

    \b
    kg query 'SELECT ?title WHERE { ?p kg:uses ?d . ?d rdfs:label "GSM8K" .
                                    ?p dcterms:title ?title }'
    kg query papers-using --param dataset=GSM-8K
    """
    import re

    from kg.io import read_graph
    from kg.query import (
        format_result,
        get_named_query,
        list_text,
        named_queries,
        parse_named_query,
        parse_params,
        run_query,
    )

    if list_:
        if sparql or qfile or params:
            raise click.UsageError("--list takes no query or parameters")
        click.echo(list_text())
        return
    if bool(sparql) == bool(qfile):
        raise click.UsageError("give a query, a query name or -f FILE (one of them)")
    values = parse_params(params)
    if qfile:
        try:
            text = Path(qfile).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read query file: {e}", path=qfile) from None
        # a file may declare parameters with the same header as the ready-made queries
        named = parse_named_query(Path(qfile).stem, text)
    else:
        text = sparql or ""
        word = text.strip()
        if word.lower() in named_queries() or re.fullmatch(r"[A-Za-z][\w-]*", word):
            named = get_named_query(word)  # a bare word is a name, never SPARQL
            text = named.text
        elif values:
            raise QueryError("--param goes with a named query (kg query --list) or -f FILE")
        else:
            named = None
    bindings = named.bindings(values) if named else None
    from kg.remote import Endpoint
    from kg.store import is_url, store_setting

    where = endpoint or store_setting(store)
    if default_graph and not is_url(where):
        raise click.UsageError("--default-graph goes with --endpoint URL")
    g = (Endpoint(where, default_graph) if endpoint or is_url(where)
         else read_graph(graph, where))
    try:
        result = run_query(g, text, bindings)
    except QueryError as e:
        if qfile and not e.path:  # name the file the bad query came from, and its line
            m = re.search(r"\(line:(\d+),", e.message)
            raise QueryError(e.message, path=qfile, line=int(m.group(1)) if m else None) from None
        raise
    click.echo(format_result(result, fmt))


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to analyse.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("-n", "--top", default=10, show_default=True, help="Rows per ranking.")
@_analytics_seed
@click.option("--min-count", default=2, show_default=True,
              help="Fewest papers a co-occurring pair (or a rising entity) needs.")
@_trend_options
@click.option("-w", "--write", "write_to", type=click.Path(), default=None,
              help="Also write the graph with kg:degree, kg:pageRank, kg:betweenness and "
                   "kg:community on every node to this file (may be the -g file; format by "
                   "extension).")
@click.option("--related", default=None, metavar="TITLE",
              help="Also list the papers most related to this paper (title or IRI) by the "
                   "entities they share (Jaccard).")
@click.option("--betweenness/--no-betweenness", "with_bc", default=True, show_default=True,
              help="Compute betweenness (the slowest figure on big graphs).")
def stats(graph: str, as_json: bool, top: int, seed: int, min_count: int, period: str,
          recent: int, write_to: str | None, related: str | None, with_bc: bool) -> None:
    """Counts and networkx analytics: most used entities, PageRank, components, communities,
    co-occurring pairs (lift, PMI), betweenness, trends over time."""
    from kg.analytics import stats as compute
    from kg.io import format_for, read_graph, write_graph
    from kg.report import stats_text
    from kg.store import store_setting

    # figures are added to the graph before it is written: a store on disk is read-only,
    # so then the file is read into memory
    g = read_graph(graph, "memory" if write_to is not None else None)
    try:
        data = compute(g, seed=seed, n=top, min_count=min_count, granularity=period,
                       recent=recent, write_back=write_to is not None, related=related,
                       with_betweenness=with_bc)
    except LookupError as e:
        from kg.errors import InputError

        raise InputError(f"--related: {e}") from None
    if write_to is not None:
        write_graph(g, write_to, format_for(write_to), store=store_setting(None))
    click.echo(json.dumps(data, indent=1, ensure_ascii=False) if as_json else stats_text(data))
    if write_to is not None:
        click.echo(f"wrote {write_to} ({len(g):,} triples)", err=as_json)


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to report on.")
@click.option("-o", "--output", default="graphs/report.html", show_default=True,
              help="HTML to write.")
@click.option("-n", "--top", default=10, show_default=True, help="Rows per chart.")
@_analytics_seed
@_trend_options
@click.option("--title", default="kg report", show_default=True, help="Title of the page.")
def report(graph: str, output: str, top: int, seed: int, period: str, recent: int,
           title: str) -> None:
    """Write one static HTML report (inline SVG charts, no script, works offline): most used
    entities, PageRank, communities, trends, code coverage."""
    from kg.htmlreport import report_html
    from kg.io import atomic_open, read_graph

    html = report_html(read_graph(graph), seed=seed, n=top, granularity=period,
                       recent=recent, title=title)
    with atomic_open(output) as f:
        f.write(html)
    click.echo(f"wrote {output} ({len(html) / 1e3:,.0f} kB)")


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to export.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "jsonld", "xml"]),
              default="turtle", show_default=True, help="RDF serialisation.")
@click.option("-o", "--output", type=click.Path(), help="File to write [default: stdout].")
def export(graph: str, fmt: str, output: str | None) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD or RDF/XML."""
    from kg.io import atomic_open, export_bytes

    data, n = export_bytes(graph, fmt)
    if output:
        with atomic_open(output, "wb") as f:
            f.write(data)
        click.echo(f"wrote {output} ({n:,} triples)", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True,
              help="Graph to serve (its Oxigraph store when there is one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph to others.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) an answer may have (403 beyond).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Query processes.")
@click.option("--allow-service", is_flag=True,
              help="Let queries use SERVICE, i.e. make this server call other hosts.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
def serve(graph: str, host: str, port: int, timeout: float, max_rows: int, workers: int,
          allow_service: bool, verbose: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Results by content negotiation: SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML,
    JSON-LD for CONSTRUCT. Updates are refused; Ctrl-C stops the server.
    """
    from kg.serve import Limits, make_server

    server = make_server(graph, host, port, workers=workers, verbose=verbose,
                         limits=Limits(timeout=timeout, max_rows=max_rows,
                                       allow_service=allow_service))
    bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    click.echo(f"serving {graph} at http://{shown}:{bound_port}/ (SPARQL endpoint "
               f"http://{shown}:{bound_port}/sparql); Ctrl-C stops", err=True)
    if not server.loopback_only:
        click.echo(f"warning: listening on {host}: other machines can query this graph",
                   err=True)
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a plain `kill` stops the workers too
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.engine.stop()


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True,
              help="Graph file to send (.ttl, .nt, .rdf, .jsonld).")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph-iri", default=None, metavar="IRI",
              help="Named graph to write [default: the server's default graph].")
@click.option("--replace/--add", default=True, show_default=True,
              help="Replace the target graph (PUT) or add to it (POST).")
@click.option("--timeout", default=600.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds to wait for the server.")
def push(graph: str, endpoint: str, graph_iri: str | None, replace: bool,
         timeout: float) -> None:
    """Load the graph into a SPARQL 1.1 Graph Store Protocol server (Oxigraph, Fuseki,
    Virtuoso, GraphDB), replacing or adding to a named graph or the default graph."""
    from kg.remote import push as send

    res = send(graph, endpoint, graph_iri, replace=replace, timeout=timeout)
    target = graph_iri or "the default graph"
    click.echo(f"{'replaced' if replace else 'added to'} {target} at {endpoint} "
               f"({res.size:,} bytes, HTTP {res.status})")


@main.command(name="eval")
@click.argument("gold", type=click.Path())
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to score.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--errors/--no-errors", default=True, show_default=True,
              help="List false positives and misses per paper.")
def eval_cmd(gold: str, graph: str, as_json: bool, errors: bool) -> None:
    """Score the graph against gold annotations (the eval/dev.jsonl format): P/R/F1 per
    entity type, for introduced entities, roles, repositories and results."""
    from kg.evaluate import evaluate, report_text

    res = evaluate(graph, gold)
    click.echo(json.dumps(res, indent=1, ensure_ascii=False) if as_json
               else report_text(res, errors=errors))


@main.command()
@click.option("-g", "--graph", default=DEFAULT_GRAPH, show_default=True, help="Graph to check.")
def validate(graph: str) -> None:
    """Check the graph against the SHACL shapes in schemas/shapes.ttl.

    Exit code 0 when it conforms, 1 when it has violations (listed), 2 when the graph or
    the shapes cannot be read.
    """
    from kg.io import read_graph
    from kg.store import is_url, store_setting
    from kg.validate import validate as check

    try:
        # pyshacl makes many small lookups: rdflib's memory beats the store's round trips
        g = read_graph(graph, None if is_url(store_setting()) else "memory")
    except KgError as e:
        click.echo(f"kg: error: {e}", err=True)
        sys.exit(2)
    result = check(g)
    if result.conforms:
        click.echo(f"{graph} conforms to the kg shapes ({len(g):,} triples)")
        return
    click.echo(result.report)
    click.echo(f"{graph}: {result.violations} violation(s)", err=True)
    sys.exit(1)


@main.command()
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text",
              show_default=True, help="A readable summary, or the changes as RDF.")
@click.option("-n", "--limit", default=50, show_default=True,
              help="Items shown per list in text (0: all).")
@click.option("-o", "--output", type=click.Path(), help="File to write [default: stdout].")
def diff(old: str, new: str, fmt: str, limit: int, output: str | None) -> None:
    """What appeared and disappeared between two graphs: papers, entities, paper links.

    Graphs may be in any format kg reads (.ttl, .nt, ...). With --format turtle, changed
    papers and entities carry kgdiff:change kgdiff:appeared (or kgdiff:disappeared) and
    changed links are rdf:Statements with the same mark. Exit code 0 either way.
    """
    from kg.diff import diff_snapshots, diff_text, diff_turtle, snapshot, snapshot_file
    from kg.io import atomic_open, read_graph

    def snap(path: str):  # type: ignore[no-untyped-def]
        if not Path(path).is_file():
            return snapshot(read_graph(path))  # reports a missing file as it always does
        return snapshot_file(path) or snapshot(read_graph(path))

    d = diff_snapshots(snap(old), snap(new))
    text = diff_turtle(d) if fmt == "turtle" else diff_text(d, limit) + "\n"
    if output:
        with atomic_open(output) as f:
            f.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)

if __name__ == "__main__":
    main()
