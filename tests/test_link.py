"""Canonicalisation (kg.link.link) on literal Paper / Extraction / Mention records."""
from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.catalogue import Catalogue, load_catalogue
from kg.link import MAX_TASKS, Linked, link
from kg.records import Entity, Extraction, Mention, Paper

_ROLE_BY_TYPE = {"Task": "addresses"}


def M(text: str, type: str = "Dataset", *, role: str | None = None, key: str = "",  # noqa: A002
      long_form: str = "", rule: str = "catalogue", section: str = "abstract",
      hub_id: str = "", sentence: int = 0) -> Mention:
    if role is None:
        role = _ROLE_BY_TYPE.get(type, "uses")
    return Mention(type=type, text=text, section=section, start=0, end=len(text),
                   sentence=sentence, role=role, rule=rule, confidence=0.9, key=key,
                   long_form=long_form, hub_id=hub_id)


def corpus(*per_paper: Sequence[Mention]) -> tuple[list[Paper], list[Extraction]]:
    papers = [Paper(key=f"arxiv:2401.{i:05d}", title=f"Paper {i}", abstract="A.")
              for i in range(1, len(per_paper) + 1)]
    exs = [Extraction(paper=p.key, mentions=tuple(ms)) for p, ms in zip(papers, per_paper,
                                                                     strict=True)]
    return papers, exs


def run(*per_paper: Sequence[Mention]) -> Linked:
    return link(*corpus(*per_paper))


def entity(linked: Linked, key: str) -> Entity:
    found = [e for e in linked.entities if e.key == key]
    assert len(found) == 1, (key, [e.key for e in linked.entities])
    return found[0]


def roles(linked: Linked) -> dict[tuple[str, str], str]:
    return {(ln.paper, ln.entity): ln.role for ln in linked.links}


P1, P2, P3 = "arxiv:2401.00001", "arxiv:2401.00002", "arxiv:2401.00003"


# ------------------------------------------------------------------ one entity per thing


def test_spellings_of_a_catalogue_entry_in_different_papers_are_one_entity() -> None:
    linked = run([M("GSM8K", key="Dataset:GSM8K")], [M("GSM-8K", key="Dataset:GSM8K")],
                 [M("gsm8k", key="Dataset:GSM8K")])
    assert [e.key for e in linked.entities] == ["Dataset:GSM8K"]
    e = linked.entities[0]
    assert (e.type, e.label, e.catalogue) == ("Dataset", "GSM8K", "Dataset:GSM8K")
    assert set(e.alt_labels) == {"GSM-8K", "gsm8k"}
    assert e.hf == "openai/gsm8k" and e.arxiv == "2110.14168"
    assert roles(linked) == {(P1, "Dataset:GSM8K"): "uses", (P2, "Dataset:GSM8K"): "uses",
                             (P3, "Dataset:GSM8K"): "uses"}


def test_catalogue_label_is_the_entry_name_not_the_most_frequent_spelling() -> None:
    linked = run([M("gsm-8k", key="Dataset:GSM8K"), M("gsm-8k", key="Dataset:GSM8K")],
                 [M("gsm-8k", key="Dataset:GSM8K")])
    e = entity(linked, "Dataset:GSM8K")
    assert e.label == "GSM8K" and e.alt_labels == ("gsm-8k",)


def test_spellings_of_a_new_name_meet_by_normalised_form() -> None:
    linked = run([M("FooBench", rule="shape")], [M("Foo-Bench", rule="shape")],
                 [M("foobench", rule="shape"), M("FooBench", rule="repeat")])
    e = entity(linked, "new:foobench")
    assert e.label == "FooBench"  # the most frequent spelling
    assert set(e.alt_labels) == {"Foo-Bench", "foobench"}
    assert e.catalogue == ""
    assert len(linked.entities) == 1 and len(linked.links) == 3


def test_new_entity_type_is_the_majority_type() -> None:
    linked = run([M("Zorp", "Method", rule="shape")], [M("Zorp", "Model", rule="shape")],
                 [M("Zorp", "Model", rule="shape")])
    assert entity(linked, "new:zorp").type == "Model"


# ------------------------------------------------------------------ acronyms


def test_defined_acronym_joins_its_long_form() -> None:
    lf = "Learning through Communication"
    linked = run([M(lf, "Method", key="abbr:ltc", long_form=lf, rule="abbrev"),
                  M("LTC", "Method", key="abbr:ltc", long_form=lf, rule="abbrev")])
    e = entity(linked, "new:learningthroughcommunication")
    assert {e.label, *e.alt_labels} == {lf, "LTC"}
    assert len(linked.entities) == 1
    assert linked.mention_keys == {(P1, 0): e.key, (P1, 1): e.key}


def test_undefined_acronym_in_another_paper_joins_the_unique_long_form() -> None:
    lf = "Learning through Communication"
    linked = run([M(lf, "Method", key="abbr:ltc", long_form=lf, rule="abbrev"),
                  M("LTC", "Method", key="abbr:ltc", long_form=lf, rule="abbrev")],
                 [M("LTC", "Method", rule="shape")])
    key = "new:learningthroughcommunication"
    assert [e.key for e in linked.entities] == [key]
    assert linked.mention_keys[(P2, 0)] == key
    assert roles(linked) == {(P1, key): "uses", (P2, key): "uses"}


def test_an_acronym_with_two_long_forms_keeps_them_apart() -> None:
    qzr1, qzr2 = "quantised zeta regression", "quick zone routing"
    cat = load_catalogue()
    assert cat.lookup("QZR") is None and cat.lookup(qzr1) is None and cat.lookup(qzr2) is None
    linked = run([M(qzr1, "Method", key="abbr:qzr", long_form=qzr1, rule="abbrev"),
                  M("QZR", "Method", key="abbr:qzr", long_form=qzr1, rule="abbrev")],
                 [M(qzr2, "Method", key="abbr:qzr", long_form=qzr2, rule="abbrev"),
                  M("QZR", "Method", key="abbr:qzr", long_form=qzr2, rule="abbrev")],
                 [M("QZR", "Method", rule="shape")])
    keys = {e.key for e in linked.entities}
    assert keys == {"new:quantisedzetaregression", "new:quickzonerouting", "new:qzr"}
    assert linked.mention_keys[(P1, 1)] == "new:quantisedzetaregression"
    assert linked.mention_keys[(P2, 1)] == "new:quickzonerouting"
    assert linked.mention_keys[(P3, 0)] == "new:qzr"  # ambiguous: neither long form


def test_acronym_defined_in_a_paper_that_the_catalogue_knows_is_the_entry() -> None:
    srl = "semantic role labeling"
    linked = run([M(srl, "Task", key="abbr:srl", long_form=srl, rule="abbrev"),
                  M("SRL", "Task", key="abbr:srl", long_form=srl, rule="abbrev")],
                 [M("SRL", "Task", rule="shape")])
    assert [e.key for e in linked.entities] == ["Task:semantic role labeling"]
    assert set(linked.mention_keys.values()) == {"Task:semantic role labeling"}


def test_catalogue_acronym_definition_does_not_capture_other_papers() -> None:
    """A definition found through the catalogue keys itself; it is not a corpus definition."""
    linked = run([M("Monte Carlo Tree Search", "Method", key="Method:Monte Carlo tree search",
                    long_form="Monte Carlo Tree Search", rule="abbrev-catalogue"),
                  M("MCTS", "Method", key="Method:Monte Carlo tree search",
                    long_form="Monte Carlo Tree Search", rule="abbrev-catalogue")],
                 [M("Zap", "Method", rule="shape")])
    assert {e.key for e in linked.entities} == {"Method:Monte Carlo tree search", "new:zap"}
    e = entity(linked, "Method:Monte Carlo tree search")
    assert e.label == "Monte Carlo tree search"
    assert {"MCTS", "Monte Carlo Tree Search"} <= set(e.alt_labels)


# ------------------------------------------------------------------ variants and families


def test_variant_gets_its_family_and_the_family_exists() -> None:
    linked = run([M("Llama 2 7B", "Model", key="Model:Llama 2|7b", rule="catalogue+variant")])
    v = entity(linked, "Model:Llama 2|7b")
    assert v.type == "Model" and v.label == "Llama 2 7B"
    assert v.family == "Model:Llama 2"
    assert v.catalogue == ""  # the variant is not the catalogue entry itself
    fam = entity(linked, "Model:Llama 2")
    assert fam.label == "Llama 2" and fam.catalogue == "Model:Llama 2"
    # only the variant is linked to the paper
    assert roles(linked) == {(P1, "Model:Llama 2|7b"): "uses"}


def test_a_dataset_edition_is_a_variant_of_its_dataset() -> None:
    linked = run([M("PASCAL VOC 2007", "Dataset", key="Dataset:Pascal VOC|2007",
                    rule="catalogue+variant"),
                  M("PASCAL VOC 2012", "Dataset", key="Dataset:Pascal VOC|2012",
                    rule="catalogue+variant")])
    for year in ("2007", "2012"):
        e = entity(linked, f"Dataset:Pascal VOC|{year}")
        assert e.label == f"PASCAL VOC {year}" and e.family == "Dataset:Pascal VOC"
    assert entity(linked, "Dataset:Pascal VOC").label == "Pascal VOC"


def test_catalogue_family_is_an_entity_key() -> None:
    linked = run([M("Llama 2", "Model", key="Model:Llama 2")])
    e = entity(linked, "Model:Llama 2")
    assert e.family == "Model:Llama"
    entity(linked, "Model:Llama")


def test_families_of_families_exist() -> None:
    linked = run([M("Llama 2 7B", "Model", key="Model:Llama 2|7b", rule="catalogue+variant")])
    assert entity(linked, "Model:Llama 2").family == "Model:Llama"
    have = {e.key for e in linked.entities}
    assert [(e.key, e.family) for e in linked.entities if e.family and e.family not in have] == []


def test_task_parent_is_an_entity_key() -> None:
    linked = run([M("3D object detection", "Task", key="Task:3D object detection")])
    assert entity(linked, "Task:3D object detection").parent == "Task:object detection"
    entity(linked, "Task:object detection")


def test_a_task_variant_is_a_kind_of_its_entry() -> None:
    linked = run([M("graph-to-text generation", "Task", key="Task:text generation|graphtotext",
                    rule="catalogue+variant")])
    e = entity(linked, "Task:text generation|graphtotext")
    assert e.label == "graph-to-text generation" and e.parent == "Task:text generation"
    entity(linked, "Task:text generation")


def test_task_parent_shadowed_by_a_method_name() -> None:
    cat = load_catalogue()
    assert "Task:federated learning" in cat.entries and "Method:federated learning" in cat.entries
    linked = run([M("personalized federated learning", "Task",
                    key="Task:personalized federated learning")])
    assert entity(linked, "Task:personalized federated learning").parent == \
        "Task:federated learning"


def test_a_title_naming_a_task_in_general_words_means_the_kind_its_abstract_names() -> None:
    title = M("Theorem Proving", "Task", key="Task:automated theorem proving", section="title")
    kind = M("formal theorem proving", "Task", key="Task:formal theorem proving", sentence=1)
    linked = run([title, kind])
    assert [ln.entity for ln in linked.links] == ["Task:formal theorem proving"]
    assert linked.links[0].mentions == (0, 1)
    assert linked.mention_keys[(P1, 0)] == "Task:formal theorem proving"
    # the general task is still a node, the kind's parent
    assert entity(linked, "Task:formal theorem proving").parent == \
        "Task:automated theorem proving"


def test_the_abstracts_own_mention_of_the_general_task_stays_with_it() -> None:
    # "a system for code generation": the abstract names the general task itself
    linked = run([M("Competition-Level Code Generation", "Task", section="title",
                    key="Task:competitive programming"),
                  M("code generation", "Task", key="Task:code generation", sentence=1)])
    assert sorted(ln.entity for ln in linked.links) == ["Task:code generation",
                                                         "Task:competitive programming"]


@pytest.mark.parametrize(("general", "kinds"), [
    # two kinds: which one the title means is unclear
    (("Object Detection", "Task:object detection"),
     [("3D object detection", "Task:3D object detection"),
      ("small object detection", "Task:small object detection")]),
    # a kind whose name does not end in the title's words is another task
    (("Mathematical Reasoning", "Task:mathematical reasoning"),
     [("math word problems", "Task:math word problems")]),
])
def test_a_title_task_stays_when_no_single_kind_ends_in_its_words(
        general: tuple[str, str], kinds: list[tuple[str, str]]) -> None:
    linked = run([M(general[0], "Task", key=general[1], section="title"),
                  *[M(t, "Task", key=k, sentence=1 + n) for n, (t, k) in enumerate(kinds)]])
    assert general[1] in {ln.entity for ln in linked.links}


def test_a_variant_whose_surface_is_an_entry_is_that_entry() -> None:
    linked = run([M("DeepSeek-R1", "Model", key="Model:DeepSeek|r1", rule="catalogue+variant")],
                 [M("Llama-2", "Model", key="Model:Llama|2", rule="catalogue+variant")])
    keys = {e.key for e in linked.entities}
    assert {"Model:DeepSeek-R1", "Model:Llama 2"} <= keys
    assert not {k for k in keys if "|" in k}


@pytest.mark.parametrize(("text", "key"), [
    ("MATH", "Dataset:MATH"),  # found by discovery, but the catalogue knows it
    ("math", "new:math"),  # MATH is cased: the word is not the benchmark
    ("Zorpbench", "new:zorpbench"),
])
def test_discovered_names_the_catalogue_knows(text: str, key: str) -> None:
    linked = run([M(text, "Dataset", rule="coordination")])
    assert [e.key for e in linked.entities] == [key]


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize(("given_roles", "expected"), [
    (["mentions", "comparesWith", "uses", "introduces"], "introduces"),
    (["introduces", "mentions"], "introduces"),
    (["mentions", "uses", "comparesWith"], "uses"),
    (["comparesWith", "mentions", "comparesWith"], "comparesWith"),
    (["mentions", "mentions"], "mentions"),
    (["uses"], "uses"),
])
def test_role_precedence(given_roles: list[str], expected: str) -> None:
    ms = [M("GSM8K", key="Dataset:GSM8K", role=r, sentence=i) for i, r in enumerate(given_roles)]
    linked = run(ms)
    assert len(linked.links) == 1
    ln = linked.links[0]
    assert ln.role == expected
    assert ln.mentions == tuple(range(len(given_roles)))


def test_one_link_per_paper_entity_and_role_is_per_paper() -> None:
    linked = run([M("GSM8K", key="Dataset:GSM8K", role="introduces")],
                 [M("GSM8K", key="Dataset:GSM8K", role="mentions")])
    assert roles(linked) == {(P1, "Dataset:GSM8K"): "introduces",
                             (P2, "Dataset:GSM8K"): "mentions"}


def test_missing_role_defaults_to_uses_and_url_to_introduces() -> None:
    linked = run([M("GSM8K", key="Dataset:GSM8K", role=""),
                  M("https://huggingface.co/acme/zeta-7b", "Model", role="",
                    key="https://huggingface.co/acme/zeta-7b", hub_id="acme/zeta-7b",
                    rule="url")])
    r = roles(linked)
    assert r[(P1, "Dataset:GSM8K")] == "uses"
    assert r[(P1, "new:zeta7b")] == "introduces"
    assert entity(linked, "new:zeta7b").hf == "acme/zeta-7b"


def test_hub_url_of_a_catalogue_entry_joins_it() -> None:
    linked = run([M("https://huggingface.co/datasets/openai/gsm8k", "Dataset", rule="url",
                    key="https://huggingface.co/datasets/openai/gsm8k", hub_id="openai/gsm8k")],
                 [M("GSM8K", key="Dataset:GSM8K")])
    assert [e.key for e in linked.entities] == ["Dataset:GSM8K"]


@pytest.mark.parametrize(("given_role", "expected"), [
    ("uses", "addresses"), ("addresses", "addresses"),
    ("comparesWith", "addresses"), ("introduces", "introduces"),
])
def test_tasks_get_addresses(given_role: str, expected: str) -> None:
    linked = run([M("mathematical reasoning", "Task", key="Task:mathematical reasoning",
                    role=given_role)])
    assert roles(linked) == {(P1, "Task:mathematical reasoning"): expected}


def test_task_named_once_in_background_prose_is_not_the_papers_task() -> None:
    once = run([M("mathematical reasoning", "Task", key="Task:mathematical reasoning",
                  role="mentions")])
    assert roles(once) == {}
    twice = run([M("mathematical reasoning", "Task", key="Task:mathematical reasoning",
                   role="mentions"),
                 M("mathematical reasoning", "Task", key="Task:mathematical reasoning",
                   role="mentions")])
    assert roles(twice) == {(P1, "Task:mathematical reasoning"): "addresses"}


def _opened(*mentions: Mention) -> Linked:
    """One paper: a title (sentence 0) and a three-sentence abstract (1-3)."""
    from kg.records import Sentence

    paper = Paper(key=P1, title="Paper 1", abstract="A. B. C.")
    sents = (Sentence(index=0, section="title", start=0, end=7, text="Paper 1"),
             *(Sentence(index=i, section="abstract", start=0, end=2, text=f"{c}.")
               for i, c in zip((1, 2, 3), "ABC", strict=True)))
    return link([paper], [Extraction(paper=P1, sentences=sents, mentions=mentions)])


def test_a_paper_with_no_task_of_its_own_is_about_the_known_task_it_opens_with() -> None:
    # "LLMs perform arithmetic and symbolic reasoning tasks ..." opens the abstract; the paper
    # names no task of its own
    opening = M("symbolic reasoning", "Task", key="Task:symbolic reasoning", role="mentions",
                sentence=1)
    assert roles(_opened(opening)) == {(P1, "Task:symbolic reasoning"): "addresses"}
    # not one named later in background prose, nor an open phrase nobody listed
    later = M("symbolic reasoning", "Task", key="Task:symbolic reasoning", role="mentions",
              sentence=2)
    assert roles(_opened(later)) == {}
    open_phrase = M("puzzle tasks", "Task", key="Task:puzzle", role="mentions", sentence=1,
                    rule="task-phrase")
    assert roles(_opened(open_phrase)) == {}
    # a paper with a task of its own keeps to it
    own = M("code generation", "Task", key="Task:code generation", sentence=0,
            section="title")
    assert roles(_opened(opening, own)) == {(P1, "Task:code generation"): "addresses"}


def test_an_elided_modifier_links_its_task_but_is_no_name_of_it() -> None:
    # "arithmetic and symbolic reasoning": "arithmetic" stands for arithmetic reasoning
    linked = run([M("arithmetic", "Task", key="Task:arithmetic reasoning", rule="ellipsis",
                    section="title"),
                  M("symbolic reasoning", "Task", key="Task:symbolic reasoning",
                    section="title")])
    assert roles(linked) == {(P1, "Task:arithmetic reasoning"): "addresses",
                             (P1, "Task:symbolic reasoning"): "addresses"}
    e = entity(linked, "Task:arithmetic reasoning")
    assert (e.label, e.alt_labels) == ("arithmetic reasoning", ())
    assert linked.mention_keys[(P1, 0)] == "Task:arithmetic reasoning"


def test_an_opening_task_that_modifies_a_method_is_not_the_papers_task() -> None:
    from kg.records import Sentence

    def opened_with(text: str, surface: str) -> Linked:
        paper = Paper(key=P1, title="Paper 1", abstract=text)
        sents = (Sentence(index=0, section="title", start=0, end=7, text="Paper 1"),
                 Sentence(index=1, section="abstract", start=0, end=len(text), text=text))
        a = text.index(surface)
        m = Mention(type="Task", text=surface, section="abstract", start=a,
                    end=a + len(surface), sentence=1, role="mentions", rule="catalogue",
                    confidence=0.9, key="Task:tool use")
        return link([paper], [Extraction(paper=P1, sentences=sents, mentions=(m,))])

    # "pipelines involving prompting techniques and tool usage methods": methods, not a task
    assert roles(opened_with("Agents are pipelines of prompting and tool usage methods.",
                             "tool usage")) == {}
    assert roles(opened_with("LLMs now master tool usage in many settings.",
                             "tool usage")) == {(P1, "Task:tool use"): "addresses"}


def test_a_title_task_named_only_as_a_modifier_is_not_the_papers_task() -> None:
    # "Evaluating Instruction-Following Models for ...": extraction gives it role mentions
    weak = run([M("Instruction-Following", "Task", key="Task:instruction following",
                  role="mentions", section="title")])
    assert roles(weak) == {}
    strong = run([M("Instruction-Following", "Task", key="Task:instruction following",
                    role="addresses", section="title")])
    assert roles(strong) == {(P1, "Task:instruction following"): "addresses"}


def test_addresses_on_a_non_task_becomes_uses() -> None:
    linked = run([M("GSM8K", key="Dataset:GSM8K", role="addresses")])
    assert roles(linked) == {(P1, "Dataset:GSM8K"): "uses"}


def test_at_most_max_tasks_per_paper_title_first() -> None:
    tasks = ["question answering", "summarization", "machine translation",
             "text classification", "named entity recognition", "code generation"]
    ms = [M(t, "Task", key=f"Task:{t}") for t in tasks]
    ms.append(M("code generation", "Task", key="Task:code generation", section="title"))
    linked = run(ms)
    linked_tasks = [ln.entity for ln in linked.links]
    assert len(linked_tasks) == MAX_TASKS
    assert "Task:code generation" in linked_tasks  # named in the title
    # the entities exist even when a paper's link to them is dropped
    assert {f"Task:{t}" for t in tasks} <= {e.key for e in linked.entities}


def test_tasks_a_sentence_lists_outrank_known_tasks_named_once_in_passing() -> None:
    # "to facilitate research in A, B and C ... results for 3 tasks: D, E and F": the tasks
    # the abstract lists as its own come first when there are more than MAX_TASKS
    passing = ["conditional text generation", "graph generation", "graph representation learning"]
    listed = ["graph text generation", "graph text retrieval", "text graph retrieval"]
    ms = [M(t, "Task", key=f"Task:{t}") for t in passing]
    ms += [M(t, "Task", rule="task-list", sentence=1) for t in listed]
    linked_tasks = {ln.entity for ln in run(ms).links}
    assert {f"new:{t.replace(' ', '')}" for t in listed} <= linked_tasks
    assert len(linked_tasks) == MAX_TASKS


# ------------------------------------------------------------------ code and pages


def test_repositories_and_pages_are_not_entities() -> None:
    repo = "https://github.com/acme/foo"
    page = "https://acme.example/foo"
    linked = run([M(repo, "Repository", key=repo, role="", rule="url"),
                  M(repo, "Repository", key=repo, role="", rule="url"),
                  M(page, "Link", key=page, role="", rule="url")],
                 [M("https://gitlab.com/b/c", "Repository", key="https://gitlab.com/b/c",
                    role="", rule="url")])
    assert linked.entities == [] and linked.links == []
    assert linked.repositories == {P1: [repo], P2: ["https://gitlab.com/b/c"]}
    assert linked.pages == {P1: [page]}
    assert linked.mention_keys == {}


def test_extractions_of_unknown_papers_are_ignored() -> None:
    papers, exs = corpus([M("GSM8K", key="Dataset:GSM8K")])
    stray = Extraction(paper="arxiv:9999.99999", mentions=(M("FooBench", rule="shape"),))
    linked = link(papers, [*exs, stray])
    assert [e.key for e in linked.entities] == ["Dataset:GSM8K"]
    assert {ln.paper for ln in linked.links} == {P1}


def test_an_explicit_catalogue_is_used() -> None:
    from kg.extract.catalogue import Entry

    cat = Catalogue()
    cat.add(Entry(name="Quux", type="Model", aliases=("QX",), hf="acme/quux"))
    linked = link(*corpus([M("QX", "Model", key="Model:Quux")]), catalogue=cat)
    e = entity(linked, "Model:Quux")
    assert (e.label, e.hf, e.alt_labels) == ("Quux", "acme/quux", ("QX",))


# ------------------------------------------------------------------ the catalogue's origin


def _origin_catalogue() -> Catalogue:
    from kg.extract.catalogue import Entry

    cat = Catalogue()
    cat.add(Entry(name="Zorbnet", type="Model", arxiv="1706.03762"))
    cat.add(Entry(name="zorb attention", type="Method", arxiv="math/0601001"))
    cat.add(Entry(name="Quuxbench", type="Dataset"))  # no origin known
    return cat


def _paper_run(arxiv_id: str, mentions: Sequence[Mention], title: str = "A title") -> Linked:
    from kg.records import Sentence

    p = Paper(key=f"arxiv:{arxiv_id}" if arxiv_id else "title:t", title=title,
              abstract="A.", arxiv_id=arxiv_id)
    sents = (Sentence(index=0, section="title", start=0, end=len(title), text=title),
             Sentence(index=1, section="abstract", start=0, end=2, text="A."))
    return link([p], [Extraction(paper=p.key, sentences=sents, mentions=tuple(mentions))],
                catalogue=_origin_catalogue())


def _roles_for(arxiv_id: str, mentions: Sequence[Mention], title: str = "A title") -> list[str]:
    return [ln.role for ln in _paper_run(arxiv_id, mentions, title=title).links]


@pytest.mark.parametrize("arxiv_id", ["1706.03762", "1706.03762v5"])
def test_the_paper_the_catalogue_gives_as_origin_introduces_the_entity(arxiv_id: str) -> None:
    # "We build on the Zorbnet ..." in the very paper that introduced it
    assert _roles_for(arxiv_id, [M("Zorbnet", "Model", key="Model:Zorbnet", role="uses",
                                   sentence=1)]) == ["introduces"]


def test_an_old_style_arxiv_id_with_subject_class_matches_the_catalogues() -> None:
    assert _roles_for("math.CO/0601001", [M("zorb attention", "Method", role="mentions",
                                           key="Method:zorb attention", sentence=1)]) == [
        "introduces"]


def test_a_variant_of_a_family_introduced_by_this_paper_is_introduced_too() -> None:
    linked = _paper_run("1706.03762", [M("Zorbnet 7B", "Model", key="Model:Zorbnet|7b",
                                         role="comparesWith", sentence=1)])
    assert roles(linked)[("arxiv:1706.03762", "Model:Zorbnet|7b")] == "introduces"


@pytest.mark.parametrize(("other_roles", "expected"), [
    (["comparesWith"], "comparesWith"),  # the next strongest role stays
    ([], "uses"),
])
def test_another_paper_does_not_introduce_an_entity_of_known_origin(
        other_roles: list[str], expected: str) -> None:
    # "we build a new Zorbnet-based detector": the sentence reads as an introduction, but
    # the catalogue knows the paper Zorbnet comes from
    ms = [M("Zorbnet", "Model", key="Model:Zorbnet", role=r, sentence=1)
          for r in ["introduces", *other_roles]]
    assert _roles_for("2210.12649", ms) == [expected]


@pytest.mark.parametrize(("title", "expected"), [
    # "Zorbnet: Bayesian trees for ...", later than the catalogue's Zorbnet: the paper
    # presents its own Zorbnet (a homonym or a new version); kg cannot tell which, and keeps
    # what the title says
    ("Zorbnet: Bayesian Trees for Tabular Data", "introduces"),
    # the name at the head of a title without a colon is not presented: "Zorbnet Meets ..."
    ("Zorbnet Meets Video Captioning", "uses"),
])
def test_a_title_that_presents_a_name_of_known_origin_keeps_introducing_it(
        title: str, expected: str) -> None:
    ms = [M("Zorbnet", "Model", key="Model:Zorbnet", role="introduces", section="title")]
    assert _roles_for("2210.12649", ms, title=title) == [expected]


def test_a_variant_is_not_held_to_its_familys_origin() -> None:
    # "Zorbnet-ViL 2.0" is new even though Zorbnet is older: variants are the paper's own
    assert _roles_for("2209.15270", [M("Zorbnet-ViL", "Model", key="Model:Zorbnet|vil",
                                       role="introduces", sentence=1)]) == ["introduces"]


def test_a_paper_too_old_for_the_entity_does_not_name_it() -> None:
    # a paper of 2013 says "Zorbnet" four years before the catalogue's Zorbnet existed: the
    # name means something else (a processor, a protocol), and kg cannot tell what
    linked = _paper_run("1309.0752", [M("Zorbnet", "Model", key="Model:Zorbnet", sentence=1),
                                      M("Zorbnet 7B", "Model", key="Model:Zorbnet|7b",
                                        sentence=1)])
    assert linked.links == [] and linked.entities == []
    assert linked.mention_keys == {}


@pytest.mark.parametrize(("title", "mention", "role"), [
    # the title presents it, or a sentence introduces it: the paper's own thing of that name
    ("Zorbnet: Bayesian Trees for Tabular Data", M("Zorbnet", "Model", key="Model:Zorbnet",
                                                   role="introduces", section="title"),
     "introduces"),
    ("A title", M("Zorbnet", "Model", key="Model:Zorbnet", role="introduces", sentence=1),
     "introduces"),
])
def test_a_paper_too_old_for_the_entity_that_presents_the_name_has_its_own(
        title: str, mention: Mention, role: str) -> None:
    linked = _paper_run("1309.0752", [mention, M("Zorbnet", "Model", key="Model:Zorbnet",
                                                 sentence=1)], title=title)
    assert [(e.key, e.label, e.catalogue) for e in linked.entities] == [
        ("new:zorbnet", "Zorbnet", "")]
    assert roles(linked) == {("arxiv:1309.0752", "new:zorbnet"): role}


@pytest.mark.parametrize("arxiv_id", ["1609.01234", "1706.01234", "2401.00001", ""])
def test_a_paper_up_to_a_year_older_than_the_entity_may_name_it(arxiv_id: str) -> None:
    # preprints, workshop papers and reports name things before their arXiv paper
    linked = _paper_run(arxiv_id, [M("Zorbnet", "Model", key="Model:Zorbnet", sentence=1)])
    assert [e.key for e in linked.entities] == ["Model:Zorbnet"]


@pytest.mark.parametrize("arxiv_id", ["", "2401.00001"])
def test_roles_stand_without_a_known_origin_or_arxiv_id(arxiv_id: str) -> None:
    ms = [M("Quuxbench", key="Dataset:Quuxbench", role="introduces", sentence=1),
          M("Zorbnet", "Model", key="Model:Zorbnet", role="uses", sentence=1)]
    r = roles(_paper_run(arxiv_id, ms))
    key = f"arxiv:{arxiv_id}" if arxiv_id else "title:t"
    assert r[(key, "Dataset:Quuxbench")] == "introduces"
    assert r[(key, "Model:Zorbnet")] == "uses"


# ------------------------------------------------------------------ determinism

MIXED: list[list[Mention]] = [
    [M("GSM8K", key="Dataset:GSM8K"), M("Llama 2 7B", "Model", key="Model:Llama 2|7b"),
     M("Learning through Communication", "Method", key="abbr:ltc",
       long_form="Learning through Communication", rule="abbrev", role="introduces"),
     M("LTC", "Method", key="abbr:ltc", long_form="Learning through Communication",
       rule="abbrev", role="introduces"),
     M("https://github.com/acme/ltc", "Repository", key="https://github.com/acme/ltc", role="",
       rule="url")],
    [M("gsm-8k", key="Dataset:GSM8K", role="comparesWith"), M("LTC", "Method", rule="shape"),
     M("mathematical reasoning", "Task", key="Task:mathematical reasoning"),
     M("Zorp", "Model", rule="shape"), M("ZORP", "Method", rule="shape")],
    [M("Zorp", "Method", rule="shape", role="mentions"), M("SRL", "Task", rule="shape"),
     M("https://acme.example", "Link", key="https://acme.example", role="", rule="url"),
     M("state representation learning", "Method", key="abbr:srl",
       long_form="state representation learning", rule="abbrev"),
     M("SRL", "Method", key="abbr:srl", long_form="state representation learning",
       rule="abbrev")],
    [M("semantic role labeling", "Task", key="abbr:srl", long_form="semantic role labeling",
       rule="abbrev"),
     M("SRL", "Task", key="abbr:srl", long_form="semantic role labeling", rule="abbrev"),
     M("Llama-2-7B", "Model", key="Model:Llama 2|7b", role="mentions")],
]


def _snapshot(linked: Linked) -> tuple[object, ...]:
    return (linked.entities, linked.links, linked.repositories, linked.pages,
            sorted(linked.mention_keys.items()))


@pytest.fixture(scope="module")
def reference() -> tuple[object, ...]:
    return _snapshot(run(*MIXED))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paper_order=st.permutations(range(len(MIXED))),
       ex_order=st.permutations(range(len(MIXED))))
def test_output_is_deterministic_under_shuffling(reference: tuple[object, ...],
                                                 paper_order: list[int],
                                                 ex_order: list[int]) -> None:
    papers, exs = corpus(*MIXED)
    linked = link([papers[i] for i in paper_order], [exs[i] for i in ex_order])
    assert _snapshot(linked) == reference


def test_output_is_sorted(reference: tuple[object, ...]) -> None:
    linked = run(*MIXED)
    keys = [e.key for e in linked.entities]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    pairs = [(ln.paper, ln.entity) for ln in linked.links]
    assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)
    have = set(keys)
    assert {ln.entity for ln in linked.links} <= have
    assert set(linked.mention_keys.values()) <= have


# ------------------------------------------------------------------ the sample


def test_sample_variant_keys_never_shadow_a_catalogue_entry(sample) -> None:  # type: ignore[no-untyped-def]
    cat = load_catalogue()
    res = sample.result
    wrong = set()
    for ex in res.extractions:
        for i, m in enumerate(ex.mentions):
            key = res.linked.mention_keys.get((ex.paper, i))
            if key and "|" in key:
                entry = cat.lookup(m.text)
                # a variant of its own entry ("ARC-C" of ARC) is fine; of another is not
                if entry is not None and entry.type == m.type and \
                        entry.key != key.split("|", 1)[0]:
                    wrong.add((m.text, key, entry.key))
    assert sorted(wrong) == []


@pytest.mark.parametrize(("text", "core"), [
    ("complex reasoning tasks", "complex reasoning"),
    ("Long-Chain Reasoning Task", "Long-Chain Reasoning"),
    ("Word-based Counting Problems", "Word-based Counting"),
    ("math word problems", "math word problems"),  # "problems" stays after a noun
    ("DNA Sequence Reconstruction Problem", "DNA Sequence Reconstruction"),
    ("vertex cover problem", "vertex cover"),
    ("reasoning tasks", "reasoning tasks"),  # one word alone is too vague to key on
])
def test_task_core_drops_the_tasks_tail(text: str, core: str) -> None:
    from kg.link import _task_core

    assert _task_core(text) == core


def test_a_task_with_and_without_its_tasks_tail_is_one_entity() -> None:
    out = run([M("complex planning tasks", "Task", rule="task-phrase")],
              [M("complex planning", "Task", rule="title-task", section="title")])
    tasks = [e for e in out.entities if e.type == "Task"]
    assert len(tasks) == 1 and tasks[0].key == "new:complexplanning"
    assert {"complex planning", "complex planning tasks"} <= {tasks[0].label,
                                                              *tasks[0].alt_labels}


@pytest.mark.parametrize(("text", "core"), [
    ("mask merging strategy", "mask merging"),
    ("local memory mechanism", "local memory"),
    ("Joint Training Strategies", "Joint Training"),
    ("attention mechanism", "attention mechanism"),  # one word alone is too vague to key on
    ("memory mechanism design", "memory mechanism design"),  # only a last word goes
])
def test_method_core_drops_a_strategy_or_mechanism_head(text: str, core: str) -> None:
    from kg.link import _method_core

    assert _method_core(text) == core


def test_a_method_with_and_without_its_strategy_head_is_one_entity() -> None:
    out = run([M("joint training strategy", "Method", rule="noun-phrase", role="introduces")],
              [M("joint training", "Method", rule="noun-phrase", role="introduces")])
    methods = [e for e in out.entities if e.type == "Method"]
    assert len(methods) == 1 and methods[0].key == "new:jointtraining"
    assert {"joint training", "joint training strategy"} <= {methods[0].label,
                                                             *methods[0].alt_labels}


def test_a_strategy_of_a_known_method_is_that_method() -> None:
    out = run([M("data augmentation strategy", "Method", rule="noun-phrase",
                 role="introduces")])
    assert [ln.entity for ln in out.links] == ["Method:data augmentation"]


def test_a_one_word_task_said_once_is_not_the_papers_task() -> None:
    once = run([M("alignment", "Task", key="Task:alignment", rule="catalogue")])
    assert not [ln for ln in once.links if ln.entity == "Task:alignment"]
    twice = run([M("alignment", "Task", key="Task:alignment", rule="catalogue"),
                 M("alignment", "Task", key="Task:alignment", rule="catalogue", sentence=1)])
    assert [ln.role for ln in twice.links if ln.entity == "Task:alignment"] == ["addresses"]
    titled = run([M("Alignment", "Task", key="Task:alignment", rule="catalogue",
                    section="title")])
    assert [ln.role for ln in titled.links if ln.entity == "Task:alignment"] == ["addresses"]


def test_a_task_of_several_words_said_once_is_the_papers_task() -> None:
    out = run([M("code generation", "Task", key="Task:code generation", rule="catalogue")])
    assert [ln.role for ln in out.links] == ["addresses"]


def test_an_acronym_defined_otherwise_is_not_the_catalogue_entry_it_spells() -> None:
    """"DIM" is Deep InfoMax in the catalogue; this paper defines it as something else."""
    lf = "Domain-Invariant Mapping"
    assert load_catalogue().lookup("DIM", exact_case=True) is not None
    linked = run([M(lf, "Method", key="abbr:dim", long_form=lf, rule="abbrev"),
                  M("DIM", "Method", key="abbr:dim", long_form=lf, rule="abbrev")])
    assert [e.key for e in linked.entities] == ["new:domaininvariantmapping"]


def test_an_accented_name_and_its_latex_spelling_are_one_entity() -> None:
    linked = run([M("ZorkéChamp", "Method", rule="title-prefix"),
                  M("Zork\\'eChamp", "Method", rule="introduce")])
    assert [e.key for e in linked.entities] == ["new:zorkechamp"]


def test_an_open_task_phrase_said_once_is_not_the_papers_task() -> None:
    once = run([M("sparse reward problems", "Task", rule="task-open")])
    assert not [ln for ln in once.links if "sparse" in ln.entity]
    twice = run([M("sparse reward problems", "Task", rule="task-open"),
                 M("sparse reward problems", "Task", rule="task-open", sentence=1)])
    assert [ln.role for ln in twice.links if "sparse" in ln.entity] == ["addresses"]


def test_a_task_phrase_the_experiments_report_counts_like_a_known_task() -> None:
    # "Evaluations show that X matches Y for long context tasks": said once, and kept
    once = run([M("long context tasks", "Task", rule="task-reported")])
    assert [ln.role for ln in once.links] == ["addresses"]


def test_an_open_title_task_is_kept_but_weighs_less_than_a_task_head_title() -> None:
    alone = run([M("Edge Model Deployment", "Task", rule="title-open", section="title")])
    assert [ln.role for ln in alone.links] == ["addresses"]
    # four tasks the abstract names three times each leave no room for it
    known = [M(t, "Task", key=f"Task:{t}", sentence=s) for t in
             ("parsing", "tagging", "chunking", "translation") for s in range(3)]
    crowded = run([M("Edge Model Deployment", "Task", rule="title-open", section="title"),
                   *known])
    assert not [ln for ln in crowded.links if "deployment" in ln.entity.lower()]


# ------------------------------------------------------------------ methods said in passing

def _zorbing(*ms: Mention) -> dict[tuple[str, str], str]:
    return roles(run(list(ms)))


def test_a_known_one_word_method_said_once_in_passing_is_not_linked() -> None:
    # "we apply zorbing to the network": a generic technique named once, as it is used
    assert _zorbing(M("zorbing", "Method", key="Method:zorbing")) == {}


@pytest.mark.parametrize("ms", [
    # named twice, in the title, by more than one word or a capital, or as a baseline
    [M("zorbing", "Method", key="Method:zorbing", sentence=1),
     M("zorbing", "Method", key="Method:zorbing", sentence=2)],
    [M("Zorbing", "Method", key="Method:zorbing", section="title")],
    [M("zorb search", "Method", key="Method:zorb search")],
    [M("ZorbNet", "Method", key="Method:ZorbNet")],
    [M("zorbing", "Method", key="Method:zorbing", role="comparesWith")],
    # found by a rule other than the catalogue: the paper's own
    [M("zorbing", "Method", key="Method:zorbing", rule="introduce", role="introduces")],
])
def test_a_method_named_more_than_in_passing_is_linked(ms: list[Mention]) -> None:
    assert len(_zorbing(*ms)) == 1
