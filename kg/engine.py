"""Where extraction runs: this process, a pool of local processes, or a Dask cluster.

Every engine takes the papers in order and returns one Extraction per paper in the same order,
so canonicalisation and graph writing (single and deterministic) see the same input whichever
engine ran; the output is identical byte for byte.

* ``local`` with ``jobs=1``: ``nlp.pipe`` in this process.
* ``local`` with ``jobs=N``: N forked worker processes that inherit the pipeline already built
  here, each extracting chunks of papers; used only when there are enough papers to pay for it.
* ``dask``: chunks of papers are scattered to a Dask cluster (``scheduler`` address, or a
  local cluster of ``jobs`` processes started for the run); each worker process builds the
  pipeline once and sends back Extraction records. Workers must run the same kg version (its
  pipeline fingerprint is checked).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from kg.errors import KgError
from kg.records import Extraction, Paper

Progress = Callable[[int, int], None]
ENGINES = ("local", "dask")
#: Papers per task sent to a worker process or Dask worker.
CHUNK = 256
#: How long to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = "20s"

_lock = threading.Lock()  # one spaCy pipeline per process, used by one thread at a time


class EngineError(KgError):
    """The chosen engine cannot run (missing package, unreachable scheduler, other kg)."""

    exit_code = 2


def extract_papers(papers: Sequence[Paper], *, engine: str = "local", jobs: int = 1,
                   scheduler: str | None = None, chunk: int = CHUNK,
                   progress: Progress | None = None) -> list[Extraction]:
    """One Extraction per paper, in the order of ``papers``, computed by ``engine``."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if jobs < 1:
        raise EngineError(f"jobs must be at least 1, not {jobs}")
    if scheduler and engine != "dask":
        raise EngineError("--scheduler goes with --engine dask")
    slim = [_slim(p) for p in papers]
    chunks = [slim[i:i + chunk] for i in range(0, len(slim), chunk)]
    if engine == "dask":
        parts = _dask(chunks, scheduler, jobs, progress, len(slim))
    elif jobs > 1 and len(chunks) >= 2:  # fewer papers than two chunks: not worth a pool
        parts = _pool(chunks, jobs, progress, len(slim))
    else:
        return list(_in_process(slim, progress))
    return [ex for part in parts for ex in part]


def _slim(p: Paper) -> Paper:
    # extraction reads only the title and abstract: ship nothing else to workers
    return Paper(key=p.key, title=p.title, abstract=p.abstract)


def _in_process(papers: Sequence[Paper], progress: Progress | None) -> Iterator[Extraction]:
    from kg.extract import extract

    total = len(papers)
    for i, ex in enumerate(extract(papers), start=1):
        if progress is not None:
            progress(i, total)
        yield ex


def extract_chunk(papers: list[Paper]) -> tuple[str, list[Extraction]]:
    """Run in a worker: extract one chunk with this process's pipeline (built once).

    Returns the worker's pipeline fingerprint with the records, so a worker running another
    kg version is caught instead of silently giving other output.
    """
    from kg.cache import fingerprint
    from kg.extract import extract

    with _lock:
        return fingerprint(), list(extract(papers))


def _pool(chunks: list[list[Paper]], jobs: int, progress: Progress | None,
          total: int) -> list[list[Extraction]]:
    import multiprocessing

    from kg.cache import interned
    from kg.extract.pipeline import shared_nlp

    shared_nlp()  # built once here; forked workers inherit it instead of building their own
    ctx = multiprocessing.get_context("fork")
    out: list[list[Extraction]] = []
    done = 0
    with ctx.Pool(jobs) as pool:
        for _fp, part in pool.imap(extract_chunk, chunks):
            out.append([interned(ex) for ex in part])  # done while the workers extract
            done += len(part)
            if progress is not None:
                progress(done, total)
    return out


def _dask(chunks: list[list[Paper]], scheduler: str | None, jobs: int,
          progress: Progress | None, total: int) -> list[list[Extraction]]:
    from kg.cache import interned

    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise EngineError("--engine dask needs dask and distributed: "
                          "pip install 'kg[dask]'") from None
    cluster: Any = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    try:
        if not chunks:
            return []
        data = client.scatter(chunks)
        futures = client.map(extract_chunk, data, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        parts: list[list[Extraction]] = [[] for _ in chunks]
        mine = _client_fingerprint()
        done = 0
        for fut in as_completed(futures):
            fp, part = fut.result()
            if fp != mine:
                raise EngineError("a Dask worker runs another kg version (pipeline fingerprint "
                                  f"{fp[:12]}, here {mine[:12]}): install the same kg on it")
            parts[index[fut.key]] = [interned(ex) for ex in part]
            done += len(part)
            if progress is not None:
                progress(done, total)
        return parts
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _client_fingerprint() -> str:
    from kg.cache import fingerprint

    return fingerprint()
