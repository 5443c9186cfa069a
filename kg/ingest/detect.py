"""Choose a reader per input (by extension, else by content) and stream Papers from paths."""
from __future__ import annotations

import codecs
import re
import sys
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
_EOL = re.compile(rb"\r\n|\r|\n")


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
            found = sorted(str(f) for f in path.rglob("*")
                           if f.is_file() and f.suffix.lower() in _KNOWN)
            if not found:
                raise InputError("folder holds no .txt, .json or .jsonl file", path=p)
            out.extend(found)
        elif path.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", path=p)
    return out


def _open_text(name: str) -> Iterator[str]:
    """Lines of a UTF-8 text file (BOM and CRLF tolerated), decoded line by line.

    Only CR, LF and CRLF end a line (not U+2028, form feed... as ``str.splitlines`` would),
    so line numbers match editors' and a JSON string holding U+2028 stays on its line.
    """
    if name.startswith(SAMPLE_PREFIX):
        res = resources.files("kg") / "data" / "seeds" / name[len(SAMPLE_PREFIX):]
        try:
            stream = res.open("rb")
        except OSError:
            raise InputError("no such sample file", path=name) from None
    elif name == "-":
        stream = open(sys.stdin.fileno(), "rb", closefd=False)  # noqa: SIM115 - closed below
    else:
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror or e}", path=name) from None
    with stream:
        number = 0
        tail = b""
        first = True
        while True:
            chunk = stream.read(1 << 20)
            if b"\x00" in chunk:
                raise InputError("binary file (NUL bytes), not text", path=name)
            data = tail + chunk
            if first:
                first = False
                if data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8):]
            # splitting bytes is safe: CR and LF never occur inside a UTF-8 multi-byte sequence
            ends = [m.end() for m in _EOL.finditer(data)]
            if chunk and ends and ends[-1] == len(data) and data.endswith(b"\r"):
                ends.pop()  # a CR at the end of a block may be the first half of a CRLF
            if not chunk and len(data) > (ends[-1] if ends else 0):
                ends.append(len(data))  # the last line has no line end
            begin = 0
            for stop in ends:
                number += 1
                try:
                    line = data[begin:stop].decode("utf-8")
                except UnicodeDecodeError as e:
                    raise InputError(f"not UTF-8 text ({e.reason} at byte {e.start + 1} "
                                     "of the line)", path=name, line=number) from None
                yield line
                begin = stop
            tail = data[begin:]
            if not chunk:
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
