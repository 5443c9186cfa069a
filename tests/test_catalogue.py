"""The entity catalogue shipped in kg/data/catalogue (kg.extract.catalogue)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.catalogue import (
    Catalogue,
    Entry,
    common_lower_words,
    fold_safe,
    load_catalogue,
    norm,
    parse_entries,
)

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "kg" / "data" / "catalogue"
FILES = sorted(p.name for p in CATALOGUE_DIR.glob("*.jsonl"))
TYPE_OF_FILE = {
    "models.jsonl": "Model",
    "datasets.jsonl": "Dataset",
    "methods.jsonl": "Method",
    "tasks.jsonl": "Task",
    "pwc_datasets.jsonl": "Dataset",
    "pwc_tasks.jsonl": "Task",
}
HF_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
# new style (yymm.nnnn before 2015, yymm.nnnnn since), optional version; or old style
ARXIV_NEW = re.compile(r"^(\d{2})(0[1-9]|1[0-2])\.(\d{4,5})(v\d+)?$")
ARXIV_OLD = re.compile(r"^[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{2}(0[1-9]|1[0-2])\d{3}(v\d+)?$")


def _entries(name: str) -> list[Entry]:
    path = CATALOGUE_DIR / name
    with path.open(encoding="utf-8") as f:
        return list(parse_entries(f, str(path)))


@pytest.fixture(scope="module")
def by_file() -> dict[str, list[Entry]]:
    return {name: _entries(name) for name in FILES}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_the_folder_holds_the_expected_files() -> None:
    assert set(FILES) == set(TYPE_OF_FILE), "a catalogue file was added or removed"


@pytest.mark.parametrize("name", FILES)
def test_file_parses_and_is_not_empty(by_file: dict[str, list[Entry]], name: str) -> None:
    assert len(by_file[name]) > 50
    for e in by_file[name]:
        assert e.name and e.name == e.name.strip(), e
        assert all(a and a == a.strip() for a in e.aliases), e


@pytest.mark.parametrize("name", FILES)
def test_names_are_unique_per_file(by_file: dict[str, list[Entry]], name: str) -> None:
    dups = [n for n, c in Counter(e.name for e in by_file[name]).items() if c > 1]
    assert dups == []


@pytest.mark.parametrize("name", FILES)
def test_entry_types_match_their_file(by_file: dict[str, list[Entry]], name: str) -> None:
    wrong = [(e.name, e.type) for e in by_file[name] if e.type != TYPE_OF_FILE[name]]
    assert wrong == []


def test_every_entry_of_every_file_is_loaded(by_file: dict[str, list[Entry]],
                                             cat: Catalogue) -> None:
    """No file is silently left out of load_catalogue, and no key is claimed twice."""
    missing = [e.key for es in by_file.values() for e in es if e.key not in cat.entries]
    assert missing == []
    keys = Counter(e.key for es in by_file.values() for e in es)
    assert [k for k, c in keys.items() if c > 1] == []


def test_every_family_names_a_model(by_file: dict[str, list[Entry]], cat: Catalogue) -> None:
    bad = []
    for es in by_file.values():
        for e in es:
            if not e.family:
                continue
            fam = cat.entries.get(f"Model:{e.family}")
            found = cat.lookup(e.family)
            if e.type != "Model" or fam is None or found is None or found.key != fam.key:
                bad.append((e.key, e.family))
    assert bad == []
    assert sum(1 for es in by_file.values() for e in es if e.family) > 100


def test_every_parent_names_a_task(by_file: dict[str, list[Entry]], cat: Catalogue) -> None:
    bad = [(e.key, e.parent) for es in by_file.values() for e in es
           if e.parent and (e.type != "Task" or f"Task:{e.parent}" not in cat.entries
                            or e.parent == e.name)]
    assert bad == []
    assert sum(1 for es in by_file.values() for e in es if e.parent) > 100


def test_hub_ids_look_like_owner_slash_name(by_file: dict[str, list[Entry]]) -> None:
    hubs = [(e.key, e.hf) for es in by_file.values() for e in es if e.hf]
    assert len(hubs) > 50
    assert [h for h in hubs if not HF_ID.match(h[1])] == []


def _arxiv_ok(a: str) -> bool:
    m = ARXIV_NEW.match(a)
    if m:
        yymm = int(m.group(1) + m.group(2))
        # 4-digit numbers until 2014, 5-digit from 1501; the scheme started in 0704
        return yymm >= 704 and (len(m.group(3)) == 5) == (yymm >= 1501)
    return bool(ARXIV_OLD.match(a))


@pytest.mark.parametrize(("arxiv", "ok"), [
    ("2201.11903", True), ("1409.0575", True), ("2401.00001v2", True), ("hep-th/9901001", True),
    ("math.GT/0309136", True), ("2213.00001", False), ("1409.05751", False),
    ("2201.1190", False), ("arXiv:2201.11903", False), ("2201.11903 ", False),
])
def test_arxiv_pattern_itself(arxiv: str, ok: bool) -> None:
    assert _arxiv_ok(arxiv) is ok


def test_arxiv_ids_match_the_arxiv_pattern(by_file: dict[str, list[Entry]]) -> None:
    ids = [(e.key, e.arxiv) for es in by_file.values() for e in es if e.arxiv]
    assert len(ids) > 100
    assert [i for i in ids if not _arxiv_ok(i[1])] == []


def test_loaded_catalogue_is_large(cat: Catalogue) -> None:
    assert len(cat) > 5000


@pytest.mark.parametrize(("surface", "key"), [
    ("gsm-8k", "Dataset:GSM8K"),
    ("GSM8K", "Dataset:GSM8K"),
    ("Grade School Math 8K", "Dataset:GSM8K"),
    ("chain of thought", "Method:chain-of-thought"),
    ("CoT", "Method:chain-of-thought"),
    ("Llama 2", "Model:Llama 2"),
    ("LLaMA-2", "Model:Llama 2"),
    # learning settings defined by their data are problems, as Papers with Code lists them;
    # techniques stay methods
    ("few-shot learning", "Task:few-shot learning"),
    ("unsupervised domain adaptation", "Task:domain adaptation"),
    ("class incremental learning", "Task:class-incremental learning"),
    ("transfer learning", "Method:transfer learning"),
    ("knowledge distillation", "Method:knowledge distillation"),
    # tasks Papers with Code never listed, and its tasks under a current spelling
    ("jailbreak detection", "Task:jailbreak detection"),
    ("radiology report generation", "Task:radiology report generation"),
    ("referring image segmentation", "Task:referring expression segmentation"),
    # what a paper works on is a task, the tool or technique for it a method
    ("automated theorem proving", "Task:automated theorem proving"),
    ("automated theorem provers", "Method:automated theorem provers"),
    ("tool learning", "Task:tool use"),
    ("model editing", "Task:knowledge editing"),
    ("style transfer", "Task:style transfer"),
    ("neural style transfer", "Method:neural style transfer"),
])
def test_lookup(cat: Catalogue, surface: str, key: str) -> None:
    e = cat.lookup(surface)
    assert e is not None and e.key == key
    assert e.type == key.split(":")[0]


def test_lookup_of_unknown_name(cat: Catalogue) -> None:
    assert cat.lookup("definitely not a known benchmark xyz") is None
    assert cat.lookup("---") is None


def test_lookup_exact_case_refuses_a_cased_entry_spelled_differently(cat: Catalogue) -> None:
    ruler = cat.lookup("RULER")
    assert ruler is not None and ruler.cased
    assert cat.lookup("Ruler") is ruler  # case-insensitive by default
    assert cat.lookup("Ruler", exact_case=True) is None
    assert cat.lookup("ruler", exact_case=True) is None
    assert cat.lookup("RULER", exact_case=True) is ruler
    # an entry that is not cased answers to any spelling even with exact_case
    gsm = cat.lookup("gsm8k", exact_case=True)
    assert gsm is not None and gsm.key == "Dataset:GSM8K" and not gsm.cased


def test_lookup_on_a_literal_catalogue() -> None:
    cat = Catalogue()
    cat.add(Entry(name="FooBench", type="Dataset", aliases=("Foo-Bench",), cased=True))
    cat.add(Entry(name="foo bench", type="Method"))  # same surface: first claim wins
    cat.add(Entry(name="FooBench", type="Dataset", aliases=("Other",)))  # same key: ignored
    assert len(cat) == 2
    hit = cat.lookup("foo_bench")
    assert hit is not None and hit.key == "Dataset:FooBench"
    assert cat.lookup("Other") is None
    assert cat.lookup("Foo-Bench", exact_case=True) is hit
    assert cat.lookup("FOO-BENCH", exact_case=True) is None
    assert cat.entries["Method:foo bench"].type == "Method"


@pytest.mark.parametrize(("surface", "common", "cased", "expected"), [
    ("MATH", {"math"}, False, False),  # an ordinary word in caps
    ("MATH", set(), False, True),  # ... distinctive only when the word is not common
    ("GSM8K", {"math"}, False, True),
    ("LoRA", set(), False, True),
    ("HumanEval", set(), False, True),
    ("Natural Questions", set(), False, False),  # Title Case stays prose
    ("Common Crawl", set(), False, False),
    ("GSM8K Plus", set(), False, True),  # one distinctive word is enough
    ("Falcon", set(), False, False),
    ("chain of thought", {"chain", "of", "thought"}, False, True),  # all lowercase
    ("RULER", set(), True, False),  # the entry is marked cased
    ("QA", set(), False, False),  # too short
])
def test_fold_safe_literal_cases(surface: str, common: set[str], cased: bool,
                                 expected: bool) -> None:
    entry = Entry(name=surface, type="Dataset", cased=cased)
    assert fold_safe(surface, entry, frozenset(common)) is expected


@pytest.mark.parametrize(("surface", "expected"), [
    ("MATH", False), ("GSM8K", True), ("Natural Questions", False), ("chain of thought", True),
])
def test_fold_safe_with_the_shipped_catalogue_and_lexicon(cat: Catalogue, surface: str,
                                                          expected: bool) -> None:
    common = common_lower_words()
    assert "math" in common
    entry = cat.lookup(surface)
    assert entry is not None
    assert fold_safe(surface, entry, common) is expected


@pytest.mark.parametrize(("line", "needle"), [
    ("{not json", ""),
    ('{"name": "X", "type": "Gadget"}', "unknown type"),
    ('{"type": "Model"}', "name"),
    ('["a list"]', ""),
])
def test_parse_entries_reports_the_bad_line(line: str, needle: str) -> None:
    good = '{"name": "A", "type": "Model"}'
    with pytest.raises(InputError) as info:
        list(parse_entries([good, "", line], "cat.jsonl"))
    assert info.value.path == "cat.jsonl"
    assert info.value.line == 3
    assert needle in str(info.value)


def test_notice_names_every_catalogue_file() -> None:
    notice = (CATALOGUE_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert [f for f in FILES if f"`{f}`" not in notice] == []
    # and every file in its table exists
    listed = re.findall(r"^\| `([^`]+\.jsonl)` \|", notice, flags=re.M)
    assert sorted(listed) == FILES


def test_a_plus_is_part_of_a_name():
    cat = load_catalogue()
    assert cat.lookup("CoNLL++") is not None and cat.lookup("CoNLL++").name == "CoNLL++"
    assert cat.lookup("CoNLL") is None or cat.lookup("CoNLL").name != "CoNLL++"
    assert norm("C++") != norm("C") and norm("GSM-8K") == norm("gsm8k")
    assert norm("NTU RGB+D") == norm("NTU-RGBD")  # a "+" inside a name joins


def test_an_extension_says_its_base_exists() -> None:
    cat = load_catalogue()
    # "MiniWoB++" and "FaceForensics++" are listed; what they extend is a dataset too
    for base in ("MiniWoB", "FaceForensics"):
        entry = cat.lookup(base, exact_case=True)
        assert entry is not None and entry.type == "Dataset" and entry.name == base
        assert entry.source == "derived" and entry.cased
    assert cat.lookup("MiniWoB++").name == "MiniWoB++"
    # no ordinary word ("Cube" of Cube++) and no short acronym ("AIST" of AIST++)
    assert cat.lookup("Cube") is None and cat.lookup("AIST") is None
    assert cat.lookup("miniwob", exact_case=True) is None  # matched as written only


def _build_tool():  # type: ignore[no-untyped-def]
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "tools" / "build_catalogue.py"
    spec = importlib.util.spec_from_file_location("build_catalogue", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "things"), [
    # data, systems and objects are not tasks
    ("Point Clouds", True), ("knowledge graphs", True), ("Topic Models", True),
    ("spoken dialogue systems", True), ("transparent objects", True),
    # activities and problems are, plural or not
    ("Classify 3D Point Clouds", False), ("Action Recognition in Videos", False),
    ("Math Word Problems", False), ("Atari Games", False), ("Semantic Segmentation", False),
    ("Text-to-Speech", False), ("zero-shot multi-speaker TTS", False), ("Image Analysis", False),
])
def test_pwc_task_names_of_things_are_not_tasks(name: str, things: bool) -> None:
    assert _build_tool().names_things(name) is things


def test_the_shipped_task_catalogue_has_no_names_of_things(cat: Catalogue) -> None:
    tool = _build_tool()
    assert [e.name for e in cat.entries.values()
            if e.type == "Task" and e.source == "pwc" and tool.names_things(e.name)] == []
    assert cat.lookup("point clouds") is None or cat.lookup("point clouds").type != "Task"
