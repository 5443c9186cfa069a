"""Shared fixtures: the embedded sample corpus built once per session, small literal graphs."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS
from rdflib import Graph

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SampleGraph:
    """The sample corpus as built by the library: where it was written and what it holds."""

    path: Path
    graph: Graph
    result: object  # kg.pipeline.BuildResult

    @property
    def turtle(self) -> bytes:
        return self.path.read_bytes()


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in the tests (in this process and in the ones it starts) share one extraction
    cache of their own: the user's (``~/.cache/kg`` or ``$KG_CACHE_DIR``) is never touched."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KG_CACHE_DIR", str(tmp_path_factory.mktemp("kg-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleGraph:
    """Build the embedded sample corpus once (kg.pipeline.build + kg.io.write_ntriples, as
    `kg build` does) and read the written Turtle back, so tests see exactly what is on disk."""
    from kg.io import read_graph, write_ntriples
    from kg.pipeline import build

    res = build()
    path = tmp_path_factory.mktemp("sample") / "kg.ttl"
    write_ntriples(res.blocks(), path)
    return SampleGraph(path=path, graph=read_graph(path), result=res)


@pytest.fixture(scope="session")
def sample_graph(sample: SampleGraph) -> Graph:
    return sample.graph


@pytest.fixture(scope="session")
def sample_path(sample: SampleGraph) -> Path:
    return sample.path


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"browser tests need Chromium at {CHROMIUM} (not found or not executable)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the Python playwright package (pip install playwright)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _browser_missing()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        # CI installs Chromium (.ci/run): a missing browser there is a failure, not a skip
        raise pytest.UsageError(f"CI=true but {reason}")
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def kg_exe() -> str:
    """The installed ``kg`` console script (beside the running interpreter)."""
    import sys

    exe = Path(sys.executable).parent / "kg"
    if exe.exists():
        return str(exe)
    found = shutil.which("kg")
    if not found:
        pytest.skip("the kg console script is not installed")
    return found


@pytest.fixture(scope="session")
def sample_html(sample: SampleGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg viz`` output of the sample graph (run once per session through the CLI)."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("viz") / "kg.html"
    res = CliRunner().invoke(main, ["viz", "-g", str(sample.path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def _drawable_nodes(g: Graph) -> int:
    from rdflib import RDF

    from kg.ontology import KG

    types = [KG.Paper, KG.Model, KG.Dataset, KG.Method, KG.Task, KG.Repository]
    return len({s for t in types for s in g.subjects(RDF.type, t)})


@pytest.fixture(scope="session")
def drawable_nodes():  # type: ignore[no-untyped-def]
    """``f(graph) -> int``: papers, entities and repositories (what the picture should draw)."""
    return _drawable_nodes


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, one per test module (the browser tests' own fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
