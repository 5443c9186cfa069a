"""Choose a reader per input (by extension, else by content) and stream Papers from paths."""
from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.ingest.jsonrec import OnError, _raise, read_json, read_jsonl
from kg.ingest.text import read_listing
from kg.records import Paper

#: How sources of the embedded sample corpus are named in provenance (stable across machines).
SAMPLE_PREFIX = "sample:"
_KNOWN = {".txt", ".text", ".md", ".json", ".jsonl", ".ndjson"}


def sample_paths() -> list[str]:
    """The embedded sample corpus, as ``sample:<file>`` names :func:`read_papers` understands."""
    root = resources.files("kg") / "data" / "seeds"
    return sorted(SAMPLE_PREFIX + p.name for p in root.iterdir() if p.name.endswith(".txt"))


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files named, and the known-format files under folders named (sorted, recursive)."""
    out: list[str] = []
    for p in paths:
        if p.startswith(SAMPLE_PREFIX) or p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*") if f.is_file() and f.suffix in _KNOWN)
            if not found:
                raise InputError("folder holds no .txt, .json or .jsonl file", path=p)
            out.extend(found)
        elif path.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", path=p)
    return out


def _open_text(name: str) -> Iterator[str]:
    """Lines of a UTF-8 text file (BOM and CRLF tolerated), decoded incrementally."""
    if name.startswith(SAMPLE_PREFIX):
        res = resources.files("kg") / "data" / "seeds" / name[len(SAMPLE_PREFIX):]
        stream = res.open("rb")
    else:
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror or e}", path=name) from None
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    with stream:
        number = 0
        buf = ""
        while True:
            chunk = stream.read(1 << 20)
            if b"\x00" in chunk:
                raise InputError("binary file (NUL bytes), not text", path=name)
            try:
                buf += decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                raise InputError(f"not UTF-8 text ({e.reason} at byte {e.start} of a block)",
                                 path=name, line=number + buf.count("\n") + 1) from None
            lines = buf.splitlines(keepends=True)
            buf = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
            for line in lines:
                number += 1
                yield line
            if not chunk:
                if buf:
                    yield buf
                return


def _format(name: str, head: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in (".txt", ".text", ".md"):
        return "text"
    start = head.lstrip()[:1]
    if start == "[":
        return "json"
    if start == "{":
        first = head.lstrip().split("\n", 1)[0].strip()
        return "jsonl" if first.endswith("}") else "json"
    return "text"


def read_papers(paths: Iterable[str], on_error: OnError = _raise) -> Iterator[Paper]:
    """Stream a Paper per record in each input, in the order given (not yet deduplicated)."""
    for name in expand_paths(paths):
        lines = _open_text(name)
        head: list[str] = []
        for line in lines:  # peek enough to sniff the format
            head.append(line)
            if line.strip():
                break
        fmt = _format(name, "".join(head))
        stream = _chain(head, lines)
        if fmt == "jsonl":
            yield from read_jsonl(stream, name, on_error)
        elif fmt == "json":
            yield from read_json("".join(stream), name, on_error)
        else:
            yield from read_listing(stream, name)


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest
