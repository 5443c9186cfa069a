"""The incremental extraction cache: keys, pruning, and builds that equal a full rebuild."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.engine
from kg.cache import DB_NAME, ExtractionCache, fingerprint, text_hash
from kg.cli import main
from kg.errors import OutputError
from kg.io import write_graph
from kg.records import Extraction, Mention, Paper, Result, Sentence

EX = Extraction(
    paper="arxiv:2401.00001",
    sentences=(Sentence(0, "title", 0, 9, "LoRA rocks"),),
    mentions=(Mention("Method", "LoRA", "title", 0, 4, 0, "uses", "catalogue", 0.9,
                      key="Method:LoRA"),),
    results=(Result(0, "LoRA", "GSM8K", "accuracy", "42.30", "%", "abstract", 3, 9),),
)


def test_text_hash_is_sha256_of_utf8() -> None:
    assert text_hash("abc") == ("ba7816bf8f01cfea414140de5dae2223"
                                "b00361a396177a9cb410ff61f20015ad")
    assert text_hash("é") != text_hash("e")


def test_fingerprint_is_stable_hex() -> None:
    fp = fingerprint()
    assert len(fp) == 64 and int(fp, 16) >= 0
    assert fingerprint() == fp


def test_codec_rows_by_hand() -> None:
    from kg.cache import decode, encode

    text = encode(EX)
    assert text == ('[[[0,"title",0,9,"LoRA rocks"]],'
                    '[["Method","LoRA","title",0,4,0,"uses","catalogue",0.9,"Method:LoRA","",""]],'
                    '[[0,"LoRA","GSM8K","accuracy","42.30","%","abstract",3,9]]]')
    assert decode(text) == replace(EX, paper="")
    assert decode(encode(Extraction(paper="x"))) == Extraction(paper="")


def test_round_trip_drops_the_paper_key(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path, key="v1") as cache:
        assert cache.put_many([("h1", EX)]) == 1
        got = cache.get_many(["h1", "h2"])
        assert len(cache) == 1
    assert list(got) == ["h1"]
    assert got["h1"] == replace(EX, paper="")
    assert got["h1"].mentions[0].key == "Method:LoRA"


def test_many_hashes_in_one_lookup(tmp_path: Path) -> None:
    items = [(f"h{i}", replace(EX, paper=f"p{i}")) for i in range(1200)]  # > one SQL batch
    with ExtractionCache(tmp_path, key="v1") as cache:
        cache.put_many(items)
        got = cache.get_many([h for h, _ in items] + ["missing"])
    assert len(got) == 1200 and "missing" not in got


def test_another_fingerprint_misses_and_prunes(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path, key="v1") as cache:
        cache.put_many([("h1", EX)])
    with ExtractionCache(tmp_path, key="v2") as cache:
        assert cache.get_many(["h1"]) == {}
        assert len(cache) == 0
    with ExtractionCache(tmp_path, key="v1") as cache:  # pruned when v2 opened it
        assert cache.get_many(["h1"]) == {}


def test_a_corrupt_cache_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with ExtractionCache(tmp_path, key="v1") as cache:
        cache.put_many([("h1", EX)])
        assert len(cache) == 1


def test_an_unusable_cache_folder_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="--no-cache"):
        ExtractionCache(blocker / "cache")


# --- builds ---------------------------------------------------------------------------------

def _corpus(n: int = 40) -> list[Paper]:
    from kg.ingest import dedupe, read_papers, sample_paths

    return dedupe(read_papers(sample_paths()))[:n]


def _write_jsonl(path: Path, papers: list[Paper]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for p in papers:
            f.write(json.dumps({"id": p.arxiv_id or p.identifier, "title": p.title,
                                "abstract": p.abstract, "authors": list(p.authors)}) + "\n")


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Keys of the papers actually extracted (not taken from the cache)."""
    seen: list[str] = []
    real = kg.engine.extract_papers

    def counting(papers, **kw):  # type: ignore[no-untyped-def]
        seen.extend(p.key for p in papers)
        return real(papers, **kw)

    monkeypatch.setattr(kg.engine, "extract_papers", counting)
    return seen


def _turtle(res, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    write_graph(res.graph, path)
    return path.read_bytes()


def test_cached_builds_equal_a_full_rebuild_and_extract_only_changes(
        tmp_path: Path, spy: list[str]) -> None:
    from kg.pipeline import build

    papers = _corpus(40)
    corpus = tmp_path / "corpus.jsonl"
    _write_jsonl(corpus, papers)
    cache = tmp_path / "cache"

    cold = build([str(corpus)], cache_dir=cache)
    assert (cold.extracted, cold.cached) == (40, 0) and len(spy) == 40
    full = build([str(corpus)])  # no cache at all
    assert _turtle(cold, tmp_path / "a.ttl") == _turtle(full, tmp_path / "b.ttl")

    spy.clear()
    warm = build([str(corpus)], cache_dir=cache)
    assert spy == [] and (warm.extracted, warm.cached) == (0, 40)
    assert _turtle(warm, tmp_path / "c.ttl") == _turtle(full, tmp_path / "b.ttl")

    # one abstract changed, one paper added, one removed: only the first two are extracted
    changed = replace(papers[3], abstract=papers[3].abstract + " We also release ZetaNet-7B.")
    extra = _corpus(41)[40]
    new_papers = [*papers[:3], changed, *papers[4:39], extra]
    _write_jsonl(corpus, new_papers)
    spy.clear()
    inc = build([str(corpus)], cache_dir=cache)
    assert sorted(spy) == sorted([changed.key, extra.key])
    assert (inc.extracted, inc.cached) == (2, 38)
    rebuilt = build([str(corpus)])
    assert _turtle(inc, tmp_path / "d.ttl") == _turtle(rebuilt, tmp_path / "e.ttl")
    assert "ZetaNet-7B" in (tmp_path / "d.ttl").read_text(encoding="utf-8")


def test_default_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.cache import default_dir

    monkeypatch.setenv("KG_CACHE_DIR", "/x/kgc")
    assert default_dir() == Path("/x/kgc")
    monkeypatch.delenv("KG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/y")
    assert default_dir() == Path("/y/kg")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/z")
    assert default_dir() == Path("/home/z/.cache/kg")


def test_cli_cache_on_by_default_and_no_cache(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus.jsonl"
    _write_jsonl(corpus, _corpus(12))
    runner = CliRunner()
    out = tmp_path / "g" / "kg.ttl"
    first = runner.invoke(main, ["build", str(corpus), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "cache" / DB_NAME).is_file()
    assert not [p for p in out.parent.rglob("*") if "cache" in p.name or "sqlite" in p.name]
    assert "extracted 12 papers, 0 from the cache" in first.stderr
    ttl = out.read_bytes()
    second = runner.invoke(main, ["build", str(corpus), "-o", str(out)])
    assert second.exit_code == 0, second.output
    assert "extracted 0 papers, 12 from the cache" in second.stderr
    assert out.read_bytes() == ttl

    (tmp_path / "cache" / DB_NAME).unlink()
    other = tmp_path / "h" / "kg.ttl"
    third = runner.invoke(main, ["build", str(corpus), "-o", str(other), "--no-cache"])
    assert third.exit_code == 0, third.output
    assert not (tmp_path / "cache" / DB_NAME).exists()
    assert "from the cache" not in third.stderr
    assert other.read_bytes() == ttl

    mine = tmp_path / "mine"
    fourth = runner.invoke(main, ["build", str(corpus), "-o", str(other),
                                  "--cache-dir", str(mine), "-q"])
    assert fourth.exit_code == 0, fourth.output
    assert (mine / DB_NAME).is_file() and fourth.output == ""

    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    bad = runner.invoke(main, ["build", str(corpus), "-o", str(other),
                               "--cache-dir", str(blocker / "c")])
    assert bad.exit_code == 5
    assert "--no-cache" in bad.stderr and "Traceback" not in bad.output


def test_decoded_names_are_shared_not_copied() -> None:
    """A corpus repeats names and keys hundreds of thousands of times: one copy each."""
    from kg.cache import decode, encode
    from kg.records import Extraction, Mention

    m = Mention(type="Dataset", text="GS" + "M8K", section="abstract", start=0, end=5,
                sentence=0, role="uses", rule="catalogue", confidence=0.95,
                key="Dataset:" + "GSM8K")
    a, b = decode(encode(Extraction("p", mentions=(m,)))), decode(encode(Extraction("q",
                                                                             mentions=(m,))))
    assert a.mentions == b.mentions == (m,)
    assert a.mentions[0].key is b.mentions[0].key and a.mentions[0].text is b.mentions[0].text


def test_records_have_no_instance_dict() -> None:
    """Records are slotted (a build holds millions of them)."""
    from kg.records import Mention, Paper

    assert not hasattr(Paper(key="k", title="t", abstract=""), "__dict__")
    assert "__dict__" not in dir(Mention)


def test_interned_keeps_every_value_and_shares_names() -> None:
    """Records back from a worker process: equal values, one copy of each name."""
    import pickle

    from kg.cache import interned
    from kg.records import Extraction, Mention, Result, Sentence

    m = Mention(type="Model", text="Llama" + " 2", section="abstract", start=3, end=10,
                sentence=0, role="uses", rule="catalogue", confidence=0.95,
                key="Model:" + "Llama 2", long_form="", hub_id="meta-llama/Llama-2-7b")
    ex = Extraction("p", sentences=(Sentence(0, "abstract", 0, 20, "We tune Llama 2 here."),),
                    mentions=(m,), results=(Result(0, "Llama 2", "GSM8K", "accuracy", "56.1",
                                                   "%", "abstract", 0, 20),))
    a, b = (interned(pickle.loads(pickle.dumps(ex))) for _ in range(2))
    assert a == b == ex
    assert a.mentions[0].key is b.mentions[0].key and a.mentions[0].text is b.mentions[0].text
