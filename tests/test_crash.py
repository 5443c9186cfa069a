"""Interrupted writers never lose a good output: real ``kg build`` / ``kg viz`` / ``kg export``
processes are killed (SIGKILL, or SIGINT as Ctrl-C sends it) at random moments of their run and
at the moment their temporary file appears; afterwards the output is byte for byte the previous
one or the complete new one, and no temporary file is left where a user would see it.

Each killed run is checked against the same run left to finish (``reference``), so the test
holds whatever the timing: it only gets more or less of its kills into the writing window.
"""
from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import OutputError
from kg.io import atomic_open

LISTING = "sample:000_f64eee1adf7ec45b.txt"  # 75 papers of the embedded corpus, ~1 MB Turtle
OLD_RECORD = '{"id": "2401.00001", "title": "The Previous Graph", "abstract": "We use GSM8K."}\n'


# --- atomic_open itself -------------------------------------------------------------------

def test_new_output_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "new.ttl"
    umask = os.umask(0o022)
    try:
        with atomic_open(new) as f:
            f.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's private 0600
    old = tmp_path / "old.ttl"
    old.write_text("old")
    old.chmod(0o640)
    with atomic_open(old) as f:
        f.write("new")
    assert old.read_text() == "new"
    assert stat.S_IMODE(old.stat().st_mode) == 0o640


def test_write_failure_is_an_output_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    out.write_text("old")
    with pytest.raises(OutputError, match="cannot write: No space left on device") as info, \
            atomic_open(out) as f:
        f.write("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert info.value.exit_code == 5
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


def test_interrupt_inside_atomic_open_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    out.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_open(out) as f:
        f.write("half")
        raise KeyboardInterrupt
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


def _interrupt_after(real):  # type: ignore[no-untyped-def]
    """``real`` that does its work and then is hit by a Ctrl-C before it can return."""
    def hit(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise KeyboardInterrupt
    return hit


@pytest.mark.parametrize("where", ["open", "fchmod"])
def test_interrupt_while_the_temporary_file_is_made_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    # the moment between the file's creation and the block that would remove it: a Ctrl-C
    # landing there once left ".kg.jsonld.*.tmp" behind (seen in CI)
    out = tmp_path / "kg.ttl"
    out.write_text("old")
    monkeypatch.setattr(f"kg.io.os.{where}", _interrupt_after(getattr(os, where)))
    with pytest.raises(KeyboardInterrupt), atomic_open(out) as f:
        f.write("never")
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


@pytest.mark.parametrize("where", ["mkdir", "start"])
def test_interrupt_while_a_store_folder_is_made_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    import threading

    from kg.store import StoreLoad

    out = tmp_path / "kg.ttl"
    out.write_text("old")
    if where == "mkdir":
        monkeypatch.setattr("kg.store.os.mkdir", _interrupt_after(os.mkdir))
    else:
        monkeypatch.setattr(threading.Thread, "start", _interrupt_after(threading.Thread.start))
    with pytest.raises(KeyboardInterrupt):
        StoreLoad(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


# --- killing real processes ---------------------------------------------------------------

def _env(tmp_path: Path) -> dict[str, str]:
    # a fixed hash seed: JSON-LD export is not byte-stable across seeds (Turtle is)
    return {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": "0"}


def _temps(folder: Path, out: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(f".{out.name}.")
                  and n.endswith(".tmp"))


def _visible(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if not n.startswith("."))


class Killer:
    """Runs ``args`` again and again with a kill. ``new`` is what a finished run writes; when
    it is not known, a first run to completion gives it (and the run's duration). ``old_store``
    is an Oxigraph store folder put back beside the old output before each run."""

    def __init__(self, args: list[str], out: Path, old: bytes, new: bytes | None,
                 tmp_path: Path, old_store: Path | None = None) -> None:
        self.args, self.out, self.old, self.env = args, out, old, _env(tmp_path)
        self.folder = out.parent
        self.old_store = old_store
        self.rng = random.Random()
        self.restore()
        self.duration: float | None = None
        if new is None:
            t0 = time.monotonic()
            done = subprocess.run(args, capture_output=True, env=self.env, timeout=600)
            self.duration = time.monotonic() - t0
            assert done.returncode == 0, done.stderr.decode()
            new = out.read_bytes()
            assert _temps(self.folder, out) == []
            self.restore()
        self.new = new
        assert self.new != old
        self.visible = _visible(self.folder)

    def restore(self) -> None:
        """The old output (and its store, stamped with the old file's size and time)."""
        import shutil

        self.out.write_bytes(self.old)
        if self.old_store is not None:
            from kg.store import store_dir

            shutil.rmtree(store_dir(self.out), ignore_errors=True)
            shutil.copytree(self.old_store, store_dir(self.out))
            src = self.old_store.with_suffix(".ttl")
            os.utime(self.out, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns))

    def run(self, sig: int, when: str) -> str:
        """Restore the old output, start the command, kill it ``when`` ("random": at a random
        moment of its run; "temp": as soon as its temporary output file exists) and check."""
        self.restore()
        stale = set(_temps(self.folder, self.out))  # left by an earlier SIGKILL
        delay = self.rng.uniform(0.2, 1.0) * (self.duration or 5.0)
        proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=self.env)
        t0 = time.monotonic()
        caught = False
        while proc.poll() is None:
            if when == "random" and time.monotonic() - t0 >= delay:
                break
            if when == "temp" and set(_temps(self.folder, self.out)) - stale:
                caught = True
                break
            time.sleep(0.001 if when == "temp" else 0.01)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        elapsed = time.monotonic() - t0
        if caught and self.duration is None:
            self.duration = elapsed  # the run was writing: nearly its whole length
        what = (f"{Path(self.args[1]).name} {signal.Signals(sig).name} {when} "
                f"after {elapsed:.2f}s of {self.duration or 0:.2f}s"
                f"{' (in the write)' if caught else ''}: rc={proc.returncode}")
        got = self.out.read_bytes()
        assert got in (self.old, self.new), f"{what}: the output is neither old nor new"
        visible = _visible(self.folder)
        if self.old_store is not None:
            self.check_store(what)
            visible = sorted({*visible, self.out.with_suffix(".oxigraph").name})
        assert visible == self.visible, f"{what}: {visible}"
        if sig == signal.SIGINT:
            # an interrupt that lands while Python itself starts (before kg's command runs
            # and can catch it) ends the run with Python's own traceback and status 1
            early = proc.returncode == 1 and "KeyboardInterrupt" in err.decode() and \
                " in invoke" not in err.decode()
            assert proc.returncode in (0, 130, -signal.SIGINT) or early, \
                f"{what}: {err.decode()}"
            if proc.returncode == 130:
                assert err.decode().strip().splitlines()[-1] == \
                    "kg: interrupted; earlier outputs are untouched"
            left = set(_temps(self.folder, self.out)) - stale
            assert not left, f"{what}: temporary file left: {left}"
        return what

    def check_store(self, what: str) -> None:
        """A store that readers would use (fresh: it names the file's size and time) holds
        exactly the file's triples; a stale or missing one is ignored by readers."""
        import pyoxigraph as ox

        from kg.store import is_fresh, store_dir

        if not is_fresh(self.out):
            return

        def canon(t: ox.Triple) -> str:
            # by value for decimals: the store keeps "1"^^xsd:decimal where Turtle has 1.0
            o = t.object
            if isinstance(o, ox.Literal) and o.datatype.value.endswith("#decimal"):
                return f"{t.subject} {t.predicate} {Decimal(o.value).normalize()}"
            return str(t)

        file_triples = {canon(q.triple) for q in ox.parse(path=str(self.out))}
        store = ox.Store.read_only(str(store_dir(self.out) / "db"))
        in_store = {canon(q.triple) for q in store.quads_for_pattern(None, None, None, None)}
        assert in_store == file_triples, f"{what}: a fresh store does not match its file"


PLANS = [(signal.SIGKILL, "temp"), (signal.SIGINT, "random"), (signal.SIGKILL, "random"),
         (signal.SIGINT, "temp")]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-paper graph (with its Oxigraph store) and the graph of :data:`LISTING`."""
    root = tmp_path_factory.mktemp("graphs")
    (root / "old.jsonl").write_text(OLD_RECORD, encoding="utf-8")
    for src, name in ((str(root / "old.jsonl"), "old/kg.ttl"), (LISTING, "new/kg.ttl")):
        res = CliRunner().invoke(main, ["build", src, "-o", str(root / name), "-q",
                                        "--no-cache", "--store", "oxigraph"])
        assert res.exit_code == 0, res.stderr
    assert (root / "old" / "kg.oxigraph" / "meta.json").is_file()
    return root / "old" / "kg.ttl", root / "new" / "kg.ttl"


def test_killed_build_leaves_old_or_new_turtle_and_store(kg_exe: str, tmp_path: Path,
                                                         graphs: tuple[Path, Path]) -> None:
    out = tmp_path / "out" / "kg.ttl"
    out.parent.mkdir()
    old, _ = graphs
    # the reference is the same command left to finish, run just before the kills (closer in
    # time than the in-process build, should code or catalogue change while the suite runs)
    k = Killer([kg_exe, "build", LISTING, "-o", str(out), "--no-cache", "-q",
                "--store", "oxigraph"], out, old.read_bytes(), None, tmp_path,
               old_store=old.with_suffix(".oxigraph"))
    for sig, when in PLANS:
        print(k.run(sig, when))
    # a killed build's lock is gone and its temporary files are swept by the next build
    k.restore()
    done = subprocess.run(k.args, capture_output=True, env=k.env, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_bytes() == k.new
    assert _temps(out.parent, out) == []
    from kg.store import is_fresh

    assert is_fresh(out)
    k.check_store("after a finished build")


def test_killed_viz_leaves_old_or_new_html(kg_exe: str, tmp_path: Path,
                                           graphs: tuple[Path, Path]) -> None:
    out = tmp_path / "out" / "kg.html"
    out.parent.mkdir()
    old, new = graphs
    for g in (new, old):  # the page of the new graph (the same in any process), then the old
        res = CliRunner().invoke(main, ["viz", "-g", str(g), "-o", str(out)])
        assert res.exit_code == 0, res.stderr
        if g == new:
            page = out.read_bytes()
    assert b"</html>" in page[-100:]
    k = Killer([kg_exe, "viz", "-g", str(new), "-o", str(out)], out, out.read_bytes(), page,
               tmp_path)
    for sig, when in PLANS[:2]:
        print(k.run(sig, when))


def test_killed_export_leaves_old_or_new_json(kg_exe: str, tmp_path: Path,
                                              graphs: tuple[Path, Path]) -> None:
    import json

    out = tmp_path / "out" / "kg.jsonld"
    out.parent.mkdir()
    old, new = graphs
    res = CliRunner().invoke(main, ["export", "-g", str(old), "--format", "jsonld",
                                    "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    k = Killer([kg_exe, "export", "-g", str(new), "--format", "jsonld", "-o", str(out)], out,
               out.read_bytes(), None, tmp_path)
    json.loads(k.new)
    for sig, when in PLANS[2:]:
        print(k.run(sig, when))
