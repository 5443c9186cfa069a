"""One writer per output (kg.lock): a second ``kg build`` / ``kg viz`` on the same output fails
at once with exit 5 and a one-line message; the lock dies with its process, ``kill -9``
included. Real processes: ``kg build -`` holds the lock while it waits for standard input."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import OutputError
from kg.lock import lock_path, output_lock

PRIOR = b"# the previous good output\n"
RECORD = json.dumps({"id": "2401.00001", "title": "Locked Paper",
                     "abstract": "We propose LockNet, trained on GSM8K."}) + "\n"


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    (root / "p.jsonl").write_text(RECORD, encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(root / "p.jsonl"), "-o", str(root / "g.ttl"),
                                    "--no-cache", "-q"])
    assert res.exit_code == 0, res.stderr
    return root / "g.ttl"


def test_lock_is_exclusive_and_reusable(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "kg.ttl"
    with output_lock(out) as path:
        assert path == lock_path(out) == tmp_path / "sub" / ".kg.ttl.lock"
        assert path.read_text().strip() == str(os.getpid())
        with pytest.raises(OutputError) as info, output_lock(out):
            pass
        assert info.value.exit_code == 5
        assert str(info.value) == (f"{out}: another kg process (pid {os.getpid()}) is writing "
                                   "this output; run again when it has finished")
    assert not lock_path(out).exists()  # a finished run leaves no lock file
    with output_lock(out):  # released: taken again at once
        pass
    with output_lock(tmp_path / "other.ttl"):  # other outputs are independent
        with output_lock(out):
            pass


def test_taking_the_lock_sweeps_temp_files_a_killed_writer_left(tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    left = [tmp_path / ".kg.ttl.abc123.tmp", tmp_path / ".kg.ttl.x.tmp"]
    kept = [tmp_path / "kg.ttl", tmp_path / ".kg.html.abc.tmp", tmp_path / ".kg.ttl.lock",
            tmp_path / "kg.ttl.tmp", tmp_path / ".kg.ttl.abc.tmp.keep"]
    for f in left + kept:
        f.write_text("x")
    (tmp_path / ".kg.ttl.dir.tmp").mkdir()  # a folder is not ours to delete
    with output_lock(out):
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [p.name for p in kept] + [".kg.ttl.dir.tmp"])


def test_lock_file_deleted_between_open_and_flock_is_not_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A holder that finishes (deleting the lock file, then releasing it) just after a
    newcomer opened the file: the newcomer's flock succeeds on the deleted file, so it must
    notice and lock the file now at the path, or a third process could hold that one too."""
    import fcntl

    out = tmp_path / "kg.ttl"
    path = lock_path(out)
    holder = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    real = fcntl.flock
    locked: list[int] = []

    def flock(fd: int, op: int) -> None:
        if not locked:  # the holder finishes between the newcomer's open and its flock
            os.unlink(path)
            os.close(holder)
        locked.append(os.fstat(fd).st_ino)
        real(fd, op)

    monkeypatch.setattr(fcntl, "flock", flock)
    with output_lock(out):
        # it locked the deleted file, saw that, and locked the one now at the path
        assert len(locked) == 2
        assert path.read_text().strip() == str(os.getpid())


def test_lock_in_an_unwritable_place_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create lock file") as info, \
            output_lock(blocker / "kg.ttl"):
        pass
    assert info.value.exit_code == 5


@pytest.mark.parametrize("command", ["build", "viz"])
def test_cli_refuses_a_locked_output_and_leaves_it_alone(tmp_path: Path, command: str,
                                                         small_graph: Path) -> None:
    out = tmp_path / ("kg.ttl" if command == "build" else "kg.html")
    out.write_bytes(PRIOR)
    src = tmp_path / "p.jsonl"
    src.write_text(RECORD, encoding="utf-8")
    args = ([str(src), "--no-cache"] if command == "build" else ["-g", str(small_graph)])
    with output_lock(out):
        t0 = time.monotonic()
        res = CliRunner().invoke(main, [command, *args, "-o", str(out)])
        assert time.monotonic() - t0 < 30
    assert res.exit_code == 5, (res.stdout, res.stderr)
    assert res.stderr == (f"kg: error: {out}: another kg process (pid {os.getpid()}) is "
                          "writing this output; run again when it has finished\n")
    assert out.read_bytes() == PRIOR
    res = CliRunner().invoke(main, [command, *args, "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert out.read_bytes() != PRIOR


# --- real processes -----------------------------------------------------------------------

def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "KG_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}


def _start_stdin_build(kg_exe: str, out: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    """``kg build - -o out``: takes the lock, then blocks reading standard input."""
    proc = subprocess.Popen([kg_exe, "build", "-", "-o", str(out), "--no-cache"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env(tmp_path))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the lock file names its holder once it is taken
        if lock_path(out).exists() and lock_path(out).read_text().strip() == str(proc.pid):
            return proc
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    pytest.fail("kg build never took the lock")


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=_env(tmp_path), timeout=300)


def test_second_real_build_fails_fast_while_the_first_runs(kg_exe: str, tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    out.write_bytes(PRIOR)
    src = tmp_path / "p.jsonl"
    src.write_text(RECORD, encoding="utf-8")
    first = _start_stdin_build(kg_exe, out, tmp_path)
    try:
        second = _run([kg_exe, "build", str(src), "-o", str(out), "--no-cache"], tmp_path)
        assert first.poll() is None, "the first build should still be waiting for its input"
        assert second.returncode == 5, second.stderr
        assert second.stderr == (f"kg: error: {out}: another kg process (pid {first.pid}) is "
                                 "writing this output; run again when it has finished\n")
        assert out.read_bytes() == PRIOR
        stdout, stderr = first.communicate(RECORD.encode(), timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, stderr
    assert b"Locked Paper" in out.read_bytes()
    # and, the first one done, the second goes through
    again = _run([kg_exe, "build", str(src), "-o", str(out), "--no-cache"], tmp_path)
    assert again.returncode == 0, again.stderr


def test_lock_dies_with_its_process(kg_exe: str, tmp_path: Path) -> None:
    """kill -9 of a build that holds the lock: the next build takes it (Ctrl-C and kills at
    other moments are in test_crash.py)."""
    out = tmp_path / "kg.ttl"
    out.write_bytes(PRIOR)
    holder = _start_stdin_build(kg_exe, out, tmp_path)
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=60)
    assert holder.returncode == -signal.SIGKILL
    assert out.read_bytes() == PRIOR  # nothing was written
    assert lock_path(out).exists()  # the killed run's file stays, but holds no lock
    src = tmp_path / "p.jsonl"
    src.write_text(RECORD, encoding="utf-8")
    res = _run([kg_exe, "build", str(src), "-o", str(out), "--no-cache"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert b"Locked Paper" in out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kg.ttl")) == [], \
        "lock or temporary files left beside the output"
