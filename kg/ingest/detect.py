"""Choose a reader per input (by extension, else by content) and stream Papers from paths."""
from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.ingest.jsonrec import OnError, _raise, holds_records, read_json, read_jsonl
from kg.ingest.text import read_listing
from kg.records import Paper

#: How sources of the embedded sample corpus are named in provenance (stable across machines).
SAMPLE_PREFIX = "sample:"
_KNOWN = {".txt", ".text", ".md", ".json", ".jsonl", ".ndjson"}
_EOL = re.compile(rb"\r\n|\r|\n")
#: Longest title and abstract accepted (characters); longer records are malformed input.
#: arXiv caps abstracts at 1,920 characters; spaCy refuses documents over 1,000,000.
MAX_TITLE = 2_000
MAX_ABSTRACT = 100_000
#: Files are read in blocks of this many bytes; a longer line comes in pieces of about this size.
PIECE = 1 << 20


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
                raise InputError("folder holds no .txt, .json or .jsonl file", path=shown(p))
            out.extend(found)
        elif path.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", path=shown(p))
    return out


def shown(name: str) -> str:
    """A file name as kg prints and stores it: bytes that are not UTF-8 (Python's surrogate
    escapes) and control characters written as ``\\xNN``, so any name can go in a message or
    an RDF literal."""
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def _open_text(name: str, on_error: OnError = _raise) -> Iterator[str]:
    """Lines of a UTF-8 text file (BOM and CRLF tolerated), decoded line by line.

    Only CR, LF and CRLF end a line (not U+2028, form feed... as ``str.splitlines`` would),
    so line numbers match editors' and a JSON string holding U+2028 stays on its line.

    A line longer than :data:`PIECE` bytes comes in pieces (each but the last without a line
    end), so a JSON document written on one line is never held whole: readers of whole lines
    join them again (:func:`whole_lines`).
    """
    if name.startswith(SAMPLE_PREFIX):
        res = resources.files("kg") / "data" / "seeds" / name[len(SAMPLE_PREFIX):]
        try:
            stream = res.open("rb")
        except OSError:
            on_error(InputError("no such sample file", path=name))
            return
    elif name == "-":
        stream = open(sys.stdin.fileno(), "rb", closefd=False)  # noqa: SIM115 - closed below
    else:
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as e:
            on_error(InputError(f"cannot read: {e.strerror or e}", path=shown(name)))
            return
    with stream:
        number = 0
        parts: list[bytes] = []  # the line read so far, when it spans blocks
        carry = b""  # a CR ending a block: maybe the first half of a CRLF
        first = True
        while True:
            chunk = stream.read(PIECE)
            if b"\x00" in chunk:
                on_error(InputError("binary file (NUL bytes), not text", path=shown(name)))
                return  # with --skip-bad: the rest of the file is skipped
            data = carry + chunk
            carry = b""
            if first:
                first = False
                if data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8):]
            if chunk and data.endswith(b"\r"):
                carry, data = b"\r", data[:-1]
            # only the new block is searched for line ends, so a 50 MB line costs O(n), and
            # splitting bytes is safe: CR and LF never occur inside a UTF-8 multi-byte sequence
            begin = 0
            ends = [m.end() for m in _EOL.finditer(data)]
            if not chunk and (parts or begin < len(data)) and (not ends or ends[-1] < len(data)):
                ends.append(len(data))  # the last line has no line end
            for stop in ends:
                number += 1
                raw = b"".join([*parts, data[begin:stop]]) if parts else data[begin:stop]
                parts = []
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    on_error(InputError(f"not UTF-8 text ({e.reason} at byte {e.start + 1} "
                                        "of the line)", path=shown(name), line=number))
                    line = "\n"  # with --skip-bad: the line is skipped, the numbering kept
                yield line
                begin = stop
            if begin < len(data):
                parts.append(data[begin:])
            if chunk and parts and sum(map(len, parts)) >= PIECE:
                # a long line goes on: hand over what is complete UTF-8 of it so far
                raw = b"".join(parts)
                cut = _utf8_cut(raw)
                parts = [raw[cut:]] if cut < len(raw) else []
                try:
                    yield raw[:cut].decode("utf-8")
                except UnicodeDecodeError as e:
                    on_error(InputError(f"not UTF-8 text ({e.reason} at byte {e.start + 1} "
                                        "of a piece of the line)", path=shown(name),
                                        line=number + 1))
            if not chunk:
                return


def _utf8_cut(raw: bytes) -> int:
    """How much of ``raw`` is whole UTF-8 sequences: its length, less a lead byte and the
    continuation bytes (10xxxxxx) after it when its sequence goes on past the end."""
    n = len(raw)
    i = n - 1
    while i >= 0 and n - i <= 3 and raw[i] & 0xC0 == 0x80:
        i -= 1
    if i < 0 or raw[i] < 0xC0:  # ASCII last, or not UTF-8 at all: the decoder says so
        return n
    need = 2 if raw[i] < 0xE0 else 3 if raw[i] < 0xF0 else 4
    return n if n - i >= need else i


def whole_lines(pieces: Iterable[str]) -> Iterator[str]:
    """Lines again from :func:`_open_text`'s pieces: a piece without a line end is joined with
    what follows it."""
    held: list[str] = []
    for piece in pieces:
        if piece.endswith(("\n", "\r")):
            yield "".join([*held, piece]) if held else piece
            held = []
        else:
            held.append(piece)
    if held:
        yield "".join(held)


def _more(head: list[str], lines: Iterator[str]) -> bool:
    """Move the next piece into ``head``; False at the end of the input."""
    nxt = next(lines, None)
    if nxt is None:
        return False
    head.append(nxt)
    return True


def _format(name: str, head: str, long_line: bool = False) -> str:
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
        if long_line:
            return "json"
        first = head.lstrip().split("\n", 1)[0].strip()
        if not first.endswith("}"):
            return "json"
        # one line that is a whole document holding the records ({"papers": [...]}), not
        # the first record of JSON Lines
        return "json" if holds_records(first) else "jsonl"
    return "text"


def read_papers(paths: Iterable[str], on_error: OnError = _raise) -> Iterator[Paper]:
    """Stream a Paper per record in each input, in the order given (not yet deduplicated)."""
    for name in expand_paths(paths):
        lines = _open_text(name, on_error)
        head: list[str] = []
        for line in lines:  # peek enough to sniff the format
            head.append(line)
            if line.strip():
                break
        # a first line in pieces is over a megabyte: one JSON document, not JSON Lines
        long_line = bool(head) and not head[-1].endswith(("\n", "\r")) and _more(head, lines)
        fmt = _format(name, "".join(head), long_line)
        stream = _chain(head, lines)
        where = shown(name)
        if fmt == "jsonl":
            papers = read_jsonl(whole_lines(stream), where, on_error)
        elif fmt == "json":
            papers = read_json(stream, where, on_error)
        else:
            papers = read_listing(whole_lines(stream), where)
        for paper in papers:
            err = too_long(paper)
            if err is None:
                yield paper
            else:
                on_error(err)


def too_long(paper: Paper) -> InputError | None:
    """An error for a title over :data:`MAX_TITLE` or an abstract over :data:`MAX_ABSTRACT`
    characters (no paper is that long; the text is almost surely not what it claims)."""
    src = paper.sources[0] if paper.sources else None
    for field, limit in (("title", MAX_TITLE), ("abstract", MAX_ABSTRACT)):
        n = len(getattr(paper, field))
        if n > limit:
            return InputError(f"{field} too long ({n:,} characters, at most {limit:,})",
                              path=src.path if src else None, line=src.line if src else None)
    return None


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest
