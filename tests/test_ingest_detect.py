"""Format detection, decoding, folder expansion and the sample corpus (kg.ingest.detect)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import SAMPLE_PREFIX, dedupe, expand_paths, read_papers, sample_paths

ABSTRACT = ("We study a problem in depth. Our method improves results a lot across many "
            "benchmarks and settings, and we release all of our code and data.")
LISTING = "Daily Papers\n\nA Listed Paper Title\n\n" + ABSTRACT + "\n"
RECORD = {"id": "2401.00001", "title": "A Record Title", "abstract": "Short."}
JSONL = json.dumps(RECORD) + "\n" + json.dumps({**RECORD, "id": "2401.00002"}) + "\n"
JSON_DOC = json.dumps([RECORD], indent=2)


def formats(paths: list[str]) -> list[str]:
    return [p.sources[0].format for p in read_papers(paths)]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.txt", LISTING, ["daily-papers-text"]),
    ("a.text", LISTING, ["daily-papers-text"]),
    ("a.md", LISTING, ["daily-papers-text"]),
    ("a.jsonl", JSONL, ["jsonl", "jsonl"]),
    ("a.ndjson", JSONL, ["jsonl", "jsonl"]),
    ("a.JSONL", JSONL, ["jsonl", "jsonl"]),
    ("a.json", JSON_DOC, ["json"]),
    ("a.json", json.dumps(RECORD), ["json"]),
    # by content when the extension says nothing
    ("noext", LISTING, ["daily-papers-text"]),
    ("a.dat", "\n\n" + JSONL, ["jsonl", "jsonl"]),
    ("a.dat", JSON_DOC, ["json"]),
    ("a.dat", "\n  " + json.dumps({"papers": [RECORD]}, indent=1), ["json"]),
    # one line that holds the records is a document; one line that is a record is JSON Lines
    ("a.dat", json.dumps({"papers": [RECORD, RECORD]}), ["json", "json"]),
    ("a.dat", json.dumps({"data": [RECORD], "total": 1}) + "\n", ["json"]),
    ("a.dat", json.dumps(RECORD) + "\n", ["jsonl"]),
    ("a.dat", json.dumps({**RECORD, "papers": []}) + "\n", ["jsonl"]),
])
def test_format_by_extension_and_content(tmp_path: Path, name: str, content: str,
                                         expected: list[str]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert formats([str(path)]) == expected


def test_extension_wins_over_content(tmp_path: Path) -> None:
    as_txt = tmp_path / "a.txt"
    as_txt.write_text(JSONL, encoding="utf-8")
    assert list(read_papers([str(as_txt)])) == []  # read as a listing: no title, no abstract
    as_json = tmp_path / "a.json"
    as_json.write_text(LISTING, encoding="utf-8")
    with pytest.raises(InputError, match="malformed JSON"):
        list(read_papers([str(as_json)]))


@pytest.mark.parametrize("missing", ["nope.txt", "dir/nope.jsonl"])
def test_missing_file_is_input_error(tmp_path: Path, missing: str) -> None:
    path = str(tmp_path / missing)
    with pytest.raises(InputError, match="no such file") as info:
        list(read_papers([path]))
    assert info.value.path == path
    assert info.value.exit_code == 2


def test_missing_sample_is_input_error() -> None:
    with pytest.raises(InputError, match="no such sample") as info:
        list(read_papers([SAMPLE_PREFIX + "nope.txt"]))
    assert info.value.path == SAMPLE_PREFIX + "nope.txt"


def test_folder_expansion_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.jsonl", "sub/c.json", "sub/deeper/d.MD", "sub/e.ndjson",
                "notes.csv", "image.png", "README"]:
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x", encoding="utf-8")
    single = tmp_path / "single.bin"
    single.write_text("x", encoding="utf-8")
    got = expand_paths([str(tmp_path / "sub"), str(single), "sample:x.txt", str(tmp_path)])
    root = str(tmp_path)
    assert got == [
        f"{root}/sub/c.json", f"{root}/sub/deeper/d.MD", f"{root}/sub/e.ndjson",
        str(single), "sample:x.txt",
        f"{root}/a.jsonl", f"{root}/b.txt", f"{root}/sub/c.json", f"{root}/sub/deeper/d.MD",
        f"{root}/sub/e.ndjson",
    ]


def test_folder_without_known_files_is_input_error(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError, match="folder holds no") as info:
        expand_paths([str(tmp_path)])
    assert info.value.path == str(tmp_path)


def test_folder_is_read_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "2.jsonl").write_text(json.dumps({"title": "Second Paper"}) + "\n")
    (tmp_path / "1.txt").write_text("First Paper Here\n" + ABSTRACT + "\n")
    assert [p.title for p in read_papers([str(tmp_path)])] == ["First Paper Here",
                                                                "Second Paper"]


@pytest.mark.parametrize(("data", "line"), [
    (b"\xff\xfeT\x00i\x00", None),  # UTF-16: NUL bytes, caught first as binary
    (b"Title One Here\n\nLatin-1 caf\xe9 line\n", 3),
    (b"\xe9t\xe9\n", 1),
    (b"Ok line\r\nOk line\r\n\x80\r\n", 3),
    (b"Ok line\n\xe2\x82\n", 2),  # truncated multi-byte sequence
])
def test_non_utf8_is_input_error_with_path_and_line(tmp_path: Path, data: bytes,
                                                    line: int | None) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        list(read_papers([str(path)]))
    assert info.value.path == str(path)
    if line is None:
        assert "binary" in info.value.message
    else:
        assert "not UTF-8" in info.value.message
        assert info.value.line == line
        assert str(info.value).startswith(f"{path}:{line}: not UTF-8")


@pytest.mark.parametrize("name", ["b.txt", "b.jsonl", "b.json", "b"])
def test_nul_bytes_are_binary(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary") as info:
        list(read_papers([str(path)]))
    assert info.value.path == str(path)


def test_sample_corpus_paths() -> None:
    paths = sample_paths()
    assert len(paths) == 5
    assert paths == sorted(paths)
    assert all(p.startswith(SAMPLE_PREFIX) and p.endswith(".txt") for p in paths)
    assert expand_paths(paths) == paths


def test_sample_corpus_gives_289_papers_each_with_an_abstract() -> None:
    raw = list(read_papers(sample_paths()))
    papers = dedupe(raw)
    assert len(papers) == 289
    assert len(raw) > len(papers)  # some papers appear in several listings
    assert all(p.abstract.strip() for p in papers)
    assert all(p.title.strip() for p in papers)
    assert len({p.key for p in papers}) == 289
    assert all(s.path.startswith(SAMPLE_PREFIX) and s.line >= 1
               for p in papers for s in p.sources)
    assert any(len(p.sources) > 1 for p in papers)


def test_sample_source_lines_point_at_titles() -> None:
    from importlib import resources

    seeds = resources.files("kg") / "data" / "seeds"
    texts: dict[str, list[str]] = {}
    for p in read_papers(sample_paths()):
        src = p.sources[0]
        name = src.path[len(SAMPLE_PREFIX):]
        if name not in texts:
            texts[name] = (seeds / name).read_text(encoding="utf-8-sig").split("\n")
        assert " ".join(texts[name][src.line - 1].split()) == p.title


def test_dash_reads_standard_input() -> None:
    import subprocess
    import sys

    code = ("from kg.ingest import read_papers\n"
            "for p in read_papers(['-']):\n"
            "    print(p.sources[0].format, p.sources[0].line, p.title)\n")
    out = subprocess.run([sys.executable, "-c", code], input=("\n" + JSONL).encode(),
                         capture_output=True, check=True, timeout=60).stdout.decode()
    assert out.splitlines() == ["jsonl 2 A Record Title", "jsonl 3 A Record Title"]
