"""One writer per output: an exclusive ``flock`` on a lock file beside the output.

Two ``kg build`` runs writing the same graph would each rename a complete file into place, so
neither could corrupt it, but the last to finish would silently win and both would spend the
time. The second one therefore fails at once with :class:`~kg.errors.OutputError` (exit 5).
The lock is held by an open file, so the operating system releases it when the process ends in
any way, ``kill -9`` included. A run that ends normally deletes its lock file; one left by a
killed run (``.kg.ttl.lock``) is harmless and is reused.
Whoever takes the lock first deletes the temporary files (``.kg.ttl.*.tmp``) that a writer
killed with ``kill -9`` may have left.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "kg.ttl"
>>> with output_lock(out):
...     lock_path(out).name
'.kg.ttl.lock'
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from kg.errors import OutputError


def lock_path(output: str | Path) -> Path:
    """The lock file of ``output``: a hidden sibling, ``.NAME.lock``."""
    target = Path(output)
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def output_lock(output: str | Path) -> Iterator[Path]:
    """Hold the lock of ``output`` for the ``with`` block, or raise OutputError at once when
    another process holds it (the message names that process when it can)."""
    path = lock_path(output)
    fd = _acquire(path, output)
    try:
        with contextlib.suppress(OSError):  # who holds it, for the message others get
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        sweep(output)
        yield path
    finally:
        # unlinked while still held, so a finished run leaves no lock file; a process that
        # opened it meanwhile sees, once it has the lock, that it is no longer the file at
        # ``path`` and starts again (see _acquire)
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _acquire(path: Path, output: str | Path) -> int:
    import fcntl

    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise OutputError(f"cannot create lock file {path.name}: {e.strerror or e}",
                              path=str(output)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise OutputError(f"another kg process{holder} is writing this output; run again "
                              "when it has finished", path=str(output)) from None
        except OSError as e:  # a file system without locks (some network mounts)
            os.close(fd)
            raise OutputError(f"cannot lock {path.name}: {e.strerror or e}",
                              path=str(output)) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except OSError:
            same = False
        if same:
            return fd
        os.close(fd)  # its holder unlinked it before we got it: lock the new one


def sweep(output: str | Path) -> list[Path]:
    """Delete the temporary files a killed writer of ``output`` left (``.NAME.*.tmp``, as
    :func:`kg.io.atomic_open` names them); call it only while holding the lock."""
    import glob

    target = Path(output)
    removed = []
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()
                removed.append(stale)
    return removed


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
