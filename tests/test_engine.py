"""Extraction engines: local processes and a Dask cluster give exactly the local output."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.engine
from kg.cli import main
from kg.engine import EngineError, extract_papers
from kg.records import Paper

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    # CI installs the test extra, which holds dask: missing there is a failure, not a skip
    import distributed
else:
    distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    from kg.ingest import dedupe, read_papers, sample_paths

    return dedupe(read_papers(sample_paths()))[:30]


@pytest.fixture(scope="module")
def local(papers: list[Paper]):  # type: ignore[no-untyped-def]
    return extract_papers(papers)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """An in-process Dask cluster: one worker thread, no dashboard."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as c:
        yield c


def test_local_engine_keeps_order_and_keys(papers, local) -> None:  # type: ignore[no-untyped-def]
    assert [x.paper for x in local] == [p.key for p in papers]
    assert sum(len(x.mentions) for x in local) > 30


def test_worker_processes_equal_one_process(papers, local) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    got = extract_papers(papers, jobs=2, chunk=7, progress=lambda d, t: seen.append((d, t)))
    assert got == local
    assert seen[-1] == (30, 30) and len(seen) == 5  # one report per chunk of 7


def test_dask_cluster_equals_local(papers, local, cluster) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    got = extract_papers(papers, engine="dask", scheduler=cluster.scheduler_address,  # type: ignore[attr-defined]
                         chunk=8, progress=lambda d, t: seen.append(d))
    assert got == local
    assert sorted(seen) == seen and seen[-1] == 30 and len(seen) == 4


def test_a_worker_of_another_kg_version_is_refused(papers, cluster,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.engine, "_client_fingerprint", lambda: "0" * 64)
    with pytest.raises(EngineError, match="another kg version"):
        extract_papers(papers[:3], engine="dask", scheduler=cluster.scheduler_address)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"engine": "spark"}, "unknown engine"),
    ({"jobs": 0}, "at least 1"),
    ({"scheduler": "tcp://127.0.0.1:1"}, "goes with --engine dask"),
])
def test_bad_engine_arguments(papers, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EngineError, match=message):
        extract_papers(papers, **kwargs)


def test_unreachable_scheduler_is_one_line(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.engine, "CONNECT_TIMEOUT", "1s")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "2401.00001", "title": "A title here",
                                  "abstract": "We use GSM8K."}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "kg.ttl"),
                                    "--no-cache", "--engine", "dask",
                                    "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2, res.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.stderr
    assert "Traceback" not in res.output
    assert not (tmp_path / "kg.ttl").exists()


def test_cli_dask_build_is_byte_identical(tmp_path: Path, papers,  # type: ignore[no-untyped-def]
                                          cluster) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for p in papers:
            f.write(json.dumps({"id": p.arxiv_id, "title": p.title, "abstract": p.abstract,
                                "authors": list(p.authors)}) + "\n")
    runner = CliRunner()
    a, b = tmp_path / "local.ttl", tmp_path / "dask.ttl"
    r1 = runner.invoke(main, ["build", str(corpus), "-o", str(a), "--no-cache", "-q"])
    assert r1.exit_code == 0, r1.output
    r2 = runner.invoke(main, ["build", str(corpus), "-o", str(b), "--no-cache", "-q",
                              "--engine", "dask", "--scheduler",
                              cluster.scheduler_address])  # type: ignore[attr-defined]
    assert r2.exit_code == 0, r2.output
    assert a.read_bytes() == b.read_bytes()
    usage = runner.invoke(main, ["build", str(corpus), "-o", str(b), "--scheduler", "x"])
    assert usage.exit_code == 2 and "--scheduler goes with --engine dask" in usage.stderr


def test_jobs_option_auto_number_and_bad_values(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from kg.cli import _jobs

    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.5, 0.9))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5, 6, 7})
    assert _jobs("auto") == 4  # one per core, at most 4
    monkeypatch.setattr(os, "getloadavg", lambda: (5.6, 5.0, 4.0))
    assert _jobs("auto") == 2  # 6 of the 8 cores are busy
    monkeypatch.setattr(os, "getloadavg", lambda: (1.2, 1.0, 1.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert _jobs("auto") == 1  # one of two cores is busy
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert _jobs("AUTO") == 1
    assert _jobs("3") == 3
    runner = CliRunner()
    for bad, says in (("0", "0 is smaller than 1"), ("many", "'many' is not a number")):
        res = runner.invoke(main, ["build", "-j", bad, "-o", str(tmp_path / "kg.ttl")])
        assert res.exit_code == 2 and says in res.stderr, res.output
        assert "Traceback" not in res.output
