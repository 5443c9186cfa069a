"""kg.pipeline.build: records streamed into dedupe, stage progress, and the CLI progress line."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.errors import EmptyCorpusError
from kg.pipeline import build

RECORDS = [
    {"id": "2401.00001", "title": "LoRA for Everyone",
     "abstract": "We fine-tune Llama 2 with LoRA on GSM8K."},
    {"id": "2401.00002", "title": "A Benchmark of Things",
     "abstract": "We introduce ThingBench, a benchmark. We evaluate GPT-4 on it."},
    {"id": "2401.00001", "title": "LoRA for Everyone", "abstract": "Short."},  # a copy
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def test_counts_and_stages_in_order(corpus: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    res = build([str(corpus)], progress=lambda s, d, t: calls.append((s, d, t)))
    assert (res.records_read, len(res.papers)) == (3, 2)
    assert (res.extracted, res.cached) == (2, 0)
    assert [p.key for p in res.papers] == ["arxiv:2401.00001", "arxiv:2401.00002"]
    assert res.papers[0].abstract == RECORDS[0]["abstract"]  # the fullest copy wins
    stages = [c[0] for c in calls]
    assert stages == ["reading", "extracting", "extracting", "extracting",
                      "linking", "linking"]
    assert calls[0] == ("reading", 3, 3)
    assert calls[1:4] == [("extracting", 0, 2), ("extracting", 1, 2), ("extracting", 2, 2)]
    assert calls[-1] == ("linking", 1, 1)


def test_reading_reports_every_thousand_records(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"2401.{i:05d}", "title": f"Paper number {i}"})
                            + "\n" for i in range(2500)), encoding="utf-8")
    seen: list[tuple[int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "reading":
            seen.append((done, total))
        elif stage == "extracting":
            raise KeyboardInterrupt  # enough: reading is what this test is about

    with pytest.raises(KeyboardInterrupt):
        build([str(path)], progress=progress)
    assert seen == [(1000, 0), (2000, 0), (2500, 2500)]


def test_empty_corpus(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError):
        build([str(path)])


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from kg.cli import _progress

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress(False) is None  # not a terminal
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert _progress(True) is None  # --quiet
    report = _progress(False)
    assert report is not None
    report("reading", 5, 5)
    report("extracting", 0, 4)
    report("extracting", 1, 4)  # within 0.2 s of the last update: not shown
    report("extracting", 4, 4)  # the last one always is
    report("linking", 0, 1)
    text = tty.getvalue()
    assert "\rreading: 5 records" in text
    assert "\rextracting 0/4 papers" in text and "extracting 1/4" not in text
    assert "\rextracting 4/4 papers" in text
    assert text.endswith("\rlinking...\x1b[K")
    assert text.count("\n") == 2  # a finished stage keeps its last line


def test_cli_progress_counts_triples_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from kg.cli import _progress

    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    report = _progress(False)
    assert report is not None
    report("writing", 1_234_567, 0)  # the first report of a stage is always shown
    report("writing", 1, 1)
    text = tty.getvalue()
    assert "\rwriting: 1,234,567 triples (" in text
    assert text.endswith("\rwriting... done\x1b[K")


def test_write_ntriples_reports_each_piece(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store
    from kg.io import write_ntriples

    monkeypatch.setattr(kg.store, "LOAD_CHUNK", 100)
    seen: list[int] = []
    blocks = [f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(20)]
    assert write_ntriples(blocks, tmp_path / "g.nt", "nt", progress=seen.append) == 20
    assert len(seen) > 3 and seen == sorted(seen) and seen[-1] == 20
