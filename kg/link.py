"""Canonicalisation: mentions from every paper -> one Entity per real-world thing + Links.

Rules, in order: a catalogue entry is its own key; an acronym defined in a paper
("chain-of-thought (CoT)") joins its long form; an undefined acronym joins the one long form
the corpus defines for it, if there is exactly one; any other name is keyed by its normalised
form, so GSM8K, GSM-8K and gsm8k meet. Output is sorted and deterministic.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.arxivid import arxiv_month, bare_id
from kg.extract.catalogue import Catalogue, load_catalogue, norm
from kg.records import (
    ENTITY_TYPES,
    ROLE_PRIORITY,
    Entity,
    Extraction,
    Link,
    Mention,
    Paper,
    Sentence,
)

_TYPE_ORDER = {t: i for i, t in enumerate(ENTITY_TYPES)}


@dataclass
class Linked:
    """The canonical view of a corpus: entities, paper links, repositories, pages, results."""

    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    repositories: dict[str, list[str]] = field(default_factory=dict)  # paper -> URLs
    pages: dict[str, list[str]] = field(default_factory=dict)  # paper -> URLs
    #: (paper, mention index) -> entity key, for evidence and results
    mention_keys: dict[tuple[str, int], str] = field(default_factory=dict)


def _base_key(m: Mention, cat: Catalogue, hf_index: dict[str, str]) -> str:
    if m.key and "|" in m.key:
        # a "variant" whose whole surface is an entry of its own ("DeepSeek-R1") is that entry
        entry = cat.lookup(m.text, exact_case=True)
        # (an edition the entry lists among its aliases, "PASCAL VOC 2012", stays an edition)
        if entry is not None and entry.type == m.type and not (
                m.type == "Dataset" and entry.key == m.key.split("|", 1)[0]):
            return entry.key
    if m.key and not m.key.startswith(("abbr:", "http")):
        return m.key  # catalogue entry or variant
    if m.hub_id:
        if m.hub_id in hf_index:
            return hf_index[m.hub_id]
        return "new:" + norm(m.hub_id.split("/")[-1])
    return ""


def link(papers: Iterable[Paper], extractions: Iterable[Extraction],
         catalogue: Catalogue | None = None) -> Linked:
    """Canonicalise every paper's mentions into entities and role-bearing links."""
    cat = catalogue or load_catalogue()
    hf_index = {e.hf: e.key for e in cat.entries.values() if e.hf}
    exs = sorted(extractions, key=lambda x: x.paper)
    own_id = {p.key: p.arxiv_id for p in papers}  # also: the papers there are

    # acronyms the corpus defines: short form -> long forms
    defs: dict[str, set[str]] = defaultdict(set)
    for ex in exs:
        for m in ex.mentions:
            if m.long_form and not m.key.startswith(("Model:", "Dataset:", "Method:", "Task:")):
                defs[norm(m.text)].add(norm(m.long_form))
    for short in list(defs):
        defs[short].discard(short)

    out = Linked()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    hubs: dict[str, str] = {}
    roles: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    role_of: dict[tuple[str, int], str] = {}
    for ex in exs:
        if ex.paper not in own_id:
            continue
        # catalogue entities the paper is too old to name: "E5" in a paper of 2015 is no
        # text embedding model of 2022; a title that presents the name ("BART: Bayesian
        # additive regression trees", 2008) names a thing of its own
        keys = [_base_key(m, cat, hf_index) if m.type in ENTITY_TYPES else ""
                for m in ex.mentions]
        too_old = _too_old(ex, keys, own_id[ex.paper], cat)
        for i, m in enumerate(ex.mentions):
            if m.type == "Repository":
                out.repositories.setdefault(ex.paper, [])
                if m.key not in out.repositories[ex.paper]:
                    out.repositories[ex.paper].append(m.key)
                continue
            if m.type == "Link":
                out.pages.setdefault(ex.paper, [])
                if m.key not in out.pages[ex.paper]:
                    out.pages[ex.paper].append(m.key)
                continue
            if m.type not in ENTITY_TYPES:
                continue
            key = keys[i]
            if key in too_old:
                key = too_old[key]
                if not key:
                    continue
            core = _method_core(m.text) if m.type == "Method" and not m.long_form else m.text
            if not key:
                # a discovered name the catalogue knows after all ("MATH" found by a list); an
                # acronym the paper defines is what its long form is ("Domain-Invariant
                # Mapping (DIM)" is not Deep InfoMax); "a feature fusion strategy" is one
                entry = cat.lookup(m.long_form) if m.long_form else \
                    cat.lookup(m.text, exact_case=True) or cat.lookup(core, exact_case=True)
                if entry is not None and entry.type == m.type:
                    key = entry.key
            if not key:
                if m.long_form:
                    key = "new:" + norm(_task_core(m.long_form) if m.type == "Task"
                                        else m.long_form)
                else:
                    n = norm(_task_core(m.text) if m.type == "Task" else core)
                    longs = defs.get(n, set())
                    key = "new:" + (next(iter(longs)) if len(longs) == 1 else n)
            if key == "new:":
                continue
            out.mention_keys[(ex.paper, i)] = key
            if m.rule == "ellipsis":
                # "arithmetic" of "arithmetic and symbolic reasoning" is no name for the
                # task, nor "4" of "GPT-4o/4" for GPT-4
                surfaces.setdefault(key, Counter())
            elif m.rule != "url":
                surfaces[key][m.text] += 1
                if m.type == "Task" and key.startswith("new:"):
                    surfaces[key][_task_core(m.text)] += 0  # "complex reasoning (tasks)"
                elif core != m.text and key.startswith("new:"):
                    surfaces[key][core] += 0  # "mask merging (strategy)"
                if m.long_form and m.long_form != m.text:
                    surfaces[key][m.long_form] += 0  # seen, but never the preferred label
            else:
                surfaces[key][m.hub_id.split("/")[-1]] += 0
            types[key][m.type] += 1 if not key.startswith(ENTITY_TYPES) else 1000
            if m.hub_id:
                hubs[key] = m.hub_id
            role = m.role or ("introduces" if m.rule == "url" else "uses")
            role_of[(ex.paper, i)] = role
            roles[(ex.paper, key)].append((ROLE_PRIORITY.get(role, 9), i))

    _fold_into_kinds(roles, {ex.paper: ex.mentions for ex in exs}, out.mention_keys, cat)
    for key in sorted(surfaces):
        out.entities.append(_entity(key, surfaces[key], types[key], hubs.get(key, ""), cat))
    # families of variants exist as nodes even when no paper names the family itself
    have = {e.key for e in out.entities}
    todo = list(out.entities)
    while todo:  # families of families ("Llama 2 7B" -> "Llama 2" -> "Llama") all exist
        e = todo.pop()
        for parent in (e.family, e.parent):
            if parent and parent not in have and parent in cat.entries:
                made = _entity(parent, Counter(), Counter(), "", cat)
                out.entities.append(made)
                todo.append(made)
                have.add(parent)
    out.entities.sort(key=lambda e: e.key)
    by_key = {e.key: e for e in out.entities}
    mentions_of = {ex.paper: ex.mentions for ex in exs}
    sentences_of = {ex.paper: ex.sentences for ex in exs}
    # sentences come in text order: the first abstract one opens the abstract
    opening = {ex.paper: next((s for s in ex.sentences if s.section == "abstract"), None)
               for ex in exs}
    main_tasks = _main_tasks(roles, by_key, mentions_of, opening)
    for (paper, key), ranked in sorted(roles.items()):
        if by_key[key].type == "Task" and (paper, key) not in main_tasks:
            continue
        best = min(ranked)[1]
        role = role_of[(paper, best)]
        origin = _origin(key, cat)
        here = bare_id(own_id[paper]) if origin else ""
        if origin and here:
            if origin == here:
                # the catalogue gives this paper as the entity's origin: "Attention Is All
                # You Need" introduces the transformer even where its sentences only use it
                role = "introduces"
            elif role == "introduces" and "|" not in key and not any(
                    _title_prefix(mentions_of[paper][i], sentences_of[paper]) for _, i in ranked):
                # and when it gives another paper, this one does not introduce it ("we build
                # a transformer that ..."), unless its title presents a thing of that name
                # ("PointNet++: ...", "ColBERT: ... for Humor Detection")
                role = next((role_of[(paper, i)] for _, i in sorted(ranked)
                             if role_of[(paper, i)] != "introduces"), "uses")
        if by_key[key].type == "Task":
            role = "addresses" if role != "introduces" else role
        elif role == "addresses":
            role = "uses"
        if role == "uses" and by_key[key].type == "Method" and \
                _in_passing([mentions_of[paper][i] for _, i in ranked]):
            continue
        out.links.append(Link(paper=paper, entity=key, role=role,
                              mentions=tuple(sorted(i for _, i in ranked))))
    return out


def _in_passing(ms: list[Mention]) -> bool:
    """Is a known method named once, by one plain lowercase word, in the abstract ("we apply
    pruning", "with data augmentation")? Such a generic technique said once in passing is
    not one the paper works with, as annotators read it; named twice, in the title, by a
    name of its own ("LoRA", "beam search") or as a baseline, it is."""
    return len(ms) == 1 and ms[0].rule == "catalogue" and ms[0].section == "abstract" and \
        re.fullmatch(r"[a-z]+", ms[0].text) is not None


def _origin(key: str, cat: Catalogue) -> str:
    """The arXiv id of the paper that introduced a catalogue entity (for a variant, "Llama
    2 7B", its family's), as :func:`kg.arxivid.bare_id` writes it; "" when unknown."""
    entry = cat.entries.get(key.split("|", 1)[0])
    return bare_id(entry.arxiv) if entry is not None and entry.arxiv else ""


#: how long before its arXiv id an entity may be named (preprints, workshop papers, reports)
PREPRINT_MONTHS = 12


def _month(arxiv_id: str) -> int | None:
    ym = arxiv_month(arxiv_id) if arxiv_id else None
    return int(ym[:4]) * 12 + int(ym[5:]) if ym else None


def _too_old(ex: Extraction, keys: list[str], arxiv_id: str,
             cat: Catalogue) -> dict[str, str]:
    """Catalogue keys a paper cannot mean, for it is more than PREPRINT_MONTHS older than the
    paper that introduced the entity: each to the key of the paper's own thing of that name
    when the paper presents one (its title opens with it, "BART: ...", or a sentence
    introduces it, "which we call Temporal Convolutional Networks (TCNs)"), else to "" (no
    entity: "E5 processors", "the NAS parallel benchmarks"). ``keys`` are the mentions' base
    keys (:func:`_base_key`)."""
    month = _month(bare_id(arxiv_id))
    if month is None:
        return {}
    out: dict[str, str] = {}
    for m, key in zip(ex.mentions, keys, strict=True):
        origin = _month(_origin(key, cat)) if key else None
        if origin is None or origin - month <= PREPRINT_MONTHS:
            continue
        if _title_prefix(m, ex.sentences) or m.role == "introduces" and not out.get(key):
            out[key] = "new:" + norm(m.text)
        else:
            out.setdefault(key, "")
    return out


def _title_prefix(m: Mention, sentences: tuple[Sentence, ...]) -> bool:
    """Is ``m`` the name a title opens with, before a colon ("BART: Bayesian ...")?"""
    if m.section != "title":
        return False
    s = next((s for s in sentences if s.index == m.sentence), None)
    return s is not None and m.start == s.start and \
        s.text[m.end - s.start:].lstrip().startswith(":")


def _task_parent(key: str, cat: Catalogue) -> str:
    """The key of the task that ``key`` is a kind of, or "": a variant's known task ("graph-to-text
    generation" of text generation) or the catalogue entry's parent."""
    entry = cat.entries.get(key.split("|", 1)[0])
    if entry is None or entry.type != "Task":
        return ""
    if "|" in key:
        return entry.key
    if not entry.parent:
        return ""
    par = cat.entries.get("Task:" + entry.parent) or cat.lookup(entry.parent)
    return par.key if par is not None and par.key != key and par.type == "Task" else ""


def _words(text: str) -> list[str]:
    return re.split(r"[\s-]+", text.strip().lower())


def _ends_one_of(words: list[str], names: list[list[str]]) -> bool:
    """Are ``words`` the last words of one of the longer ``names``?"""
    return any(len(n) > len(words) and n[-len(words):] == words for n in names)


def _fold_into_kinds(roles: dict[tuple[str, str], list[tuple[int, int]]],
                     mentions_of: dict[str, tuple[Mention, ...]],
                     mention_keys: dict[tuple[str, int], str], cat: Catalogue) -> None:
    """A title that names a known task in general words ("... for Theorem Proving") means the
    one kind of it its abstract names ("formal theorem proving"): the title's mention goes
    to the kind when its words end a mention of the kind. The abstract's own mentions of the
    general task stay with it ("a system for code generation" beside "competitive
    programming")."""
    tasks: dict[str, list[str]] = defaultdict(list)
    for paper, key in roles:
        if key.startswith("Task:"):
            tasks[paper].append(key)
    for paper, keys in tasks.items():
        have = set(keys)
        kinds: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            parent = _task_parent(key, cat)
            if parent in have:
                kinds[parent].append(key)
        ms = mentions_of[paper]
        for parent, children in sorted(kinds.items()):
            if len(children) != 1:
                continue  # two kinds named: which one the general name means is unclear
            child = children[0]
            kind_names = [_words(ms[i].text) for _, i in roles[(paper, child)]]
            moved = [(r, i) for r, i in roles[(paper, parent)] if ms[i].section == "title" and
                     _ends_one_of(_words(ms[i].text), kind_names)]
            if not moved:
                continue
            roles[(paper, child)].extend(moved)
            rest = [ri for ri in roles[(paper, parent)] if ri not in moved]
            if rest:
                roles[(paper, parent)] = rest
            else:
                del roles[(paper, parent)]
            for _, i in moved:
                mention_keys[(paper, i)] = child


_TASK_TAIL = re.compile(r"(?<=\w)[\s-]+(?:tasks?|(?<=ing[\s-])problems|problem)$", re.I)


def _task_core(text: str) -> str:
    """A task without its "tasks" tail: "complex reasoning tasks" and "complex reasoning" are
    one task; so are "counting problems" and "counting" (not "math word problems"), and "the
    vertex cover problem" and "vertex cover"."""
    core = _TASK_TAIL.sub("", text)
    return core if " " in core.strip() or "-" in core else text


#: heads a method is named with or without: "a mask merging strategy" is "mask merging"
_METHOD_TAIL = re.compile(r"\s+(?:strateg(?:y|ies)|mechanisms?)$", re.I)


def _method_core(text: str) -> str:
    """A method without its "strategy"/"mechanism" head, when two words or more are left, so
    "joint training strategy" and "joint training" are one method (not "attention
    mechanism" and "attention")."""
    core = _METHOD_TAIL.sub("", text)
    return core if core != text and len(_words(core)) >= 2 else text


#: at most this many tasks per paper, as the annotation guideline asks ("the main ones")
MAX_TASKS = 4


def _main_tasks(roles: dict[tuple[str, str], list[tuple[int, int]]], by_key: dict[str, Entity],
                mentions_of: dict[str, tuple[Mention, ...]],
                opening: dict[str, Sentence | None]) -> set[tuple[str, str]]:
    """The tasks a paper is about, the best-supported few: a title mention counts 4, an
    abstract mention 1 (1.5 in a list of tasks: "for 3 tasks: A, B and C"), a mention in
    background prose 0.5; a task needs 1. So a task named
    once in passing in background prose is not the paper's task. But a paper that names no
    task of its own is about the known task its abstract opens with ("LLMs perform arithmetic
    and symbolic reasoning tasks ..."): ``opening`` is each paper's first abstract sentence."""
    scored: dict[str, list[tuple[float, str]]] = defaultdict(list)
    opened: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (paper, key), ranked in roles.items():
        if by_key[key].type != "Task":
            continue
        ms = [mentions_of[paper][i] for _, i in ranked]
        # a title task named by an open noun phrase ("for LLM Training Stability") is less
        # sure than one with a known task head, and should not push those out
        score = sum(0.5 if m.role == "mentions" else 2 if m.rule == "title-open" else
                    4 if m.section == "title" else
                    0.5 if m.rule in ("task-phrase", "task-open") else
                    1.5 if m.rule == "task-list" else 1
                    for m in ms)
        # one word ("alignment", "segmentation") said once in passing is not the topic;
        # "multi-choice questions (MCQs)" or "decision-making" is more than a word
        need = 2 if all(len(re.split(r"[\s-]+", m.text.strip())) == 1 for m in ms) else 1
        if score >= need:
            scored[paper].append((score, key))
        elif any(m.rule == "catalogue" and _opens(m, opening.get(paper)) for m in ms):
            opened[paper].append((score, key))
    for paper, items in opened.items():
        if paper not in scored:
            scored[paper] = items
    keep = set()
    for paper, items in scored.items():
        for _score, key in sorted(items, key=lambda x: (-x[0], x[1]))[:MAX_TASKS]:
            keep.add((paper, key))
    return keep


#: words after a task that make it a modifier: "tool usage methods" are methods
_MODIFIED_BY = ("methods", "method", "techniques", "technique", "approaches", "approach",
                "models", "model", "systems", "system", "frameworks", "framework", "tools")


def _opens(m: Mention, first: Sentence | None) -> bool:
    """Is ``m`` in the abstract's first sentence, naming a task rather than modifying a
    method ("pipelines involving prompting techniques and tool usage methods")?"""
    if first is None or m.sentence != first.index:
        return False
    after = first.text[m.end - first.start:].split(None, 1)
    return not (after and after[0].strip(".,;:)").lower() in _MODIFIED_BY)


def _entity(key: str, seen: Counter[str], types: Counter[str], hub: str,
            cat: Catalogue) -> Entity:
    base = key.split("|", 1)[0]
    entry = cat.entries.get(base)
    if entry is not None and "|" not in key:
        label = entry.name
        etype = entry.type
    else:
        # the most frequent surface form; ties to the shortest, then alphabetical
        ranked = sorted(seen.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
        label = ranked[0][0] if ranked else key.split(":", 1)[-1]
        etype = entry.type if entry else sorted(
            types.items(), key=lambda kv: (-kv[1], _TYPE_ORDER[kv[0]]))[0][0]
    alts = sorted({s for s in seen if s != label})
    family = ""
    if "|" in key and entry is not None and entry.type in ("Model", "Dataset"):
        family = entry.key  # "Llama 2 7B" of Llama 2, "PASCAL VOC 2012" of Pascal VOC
    elif entry is not None and entry.family:
        fam = cat.entries.get("Model:" + entry.family) or cat.lookup(entry.family)
        family = fam.key if fam is not None and fam.key != key and fam.type == "Model" else ""
    parent = _task_parent(key, cat)
    return Entity(
        key=key, type=etype, label=label, alt_labels=tuple(alts),
        catalogue=entry.key if entry is not None and "|" not in key else "",
        hf=(entry.hf if entry is not None and "|" not in key else "") or hub,
        arxiv=entry.arxiv if entry is not None and "|" not in key else "",
        pwc=entry.pwc if entry is not None and "|" not in key else "",
        family=family, parent=parent,
    )
