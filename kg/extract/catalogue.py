"""The entity catalogue shipped with kg: known models, datasets, methods and tasks with aliases.

Files in ``kg/data/catalogue/*.jsonl`` hold one entry per line::

    {"name": "GSM8K", "type": "Dataset", "aliases": ["Grade School Math 8K"],
     "hf": "openai/gsm8k", "cased": false}

Hand-curated files win over files derived from Papers with Code (``pwc_*.jsonl``) when two
entries claim the same surface form.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.errors import InputError
from kg.iris import plus_words
from kg.records import ENTITY_TYPES

_CURATED = ("models.jsonl", "datasets.jsonl", "methods.jsonl", "tasks.jsonl")
_DERIVED = ("pwc_datasets.jsonl", "pwc_tasks.jsonl")


def norm(s: str) -> str:
    """The comparison form of a name: case-folded letters and digits only (GSM-8K == gsm8k),
    accents dropped (PokéChamp == Pok\\'eChamp, as LaTeX writes it); a "+" that ends a word
    counts, as "plus" ("CoNLL++" is not CoNLL, "GSM8K+" is not GSM8K), one inside a word does
    not ("NTU RGB+D" == NTU-RGBD)."""
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", plus_words(s.casefold()))


@dataclass(frozen=True)
class Entry:
    """One catalogue entry. ``key`` ("Type:name") is stable across kg versions."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    cased: bool = False
    hf: str = ""
    arxiv: str = ""
    pwc: str = ""
    family: str = ""
    parent: str = ""
    source: str = "curated"

    @property
    def key(self) -> str:
        return f"{self.type}:{self.name}"

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Catalogue:
    """Entries by key, and every surface form's entry (first claim wins)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    by_norm: dict[str, str] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        if entry.key in self.entries:
            return
        self.entries[entry.key] = entry
        for s in entry.surfaces:
            n = norm(s)
            if n and n not in self.by_norm:
                self.by_norm[n] = entry.key

    def lookup(self, surface: str, *, exact_case: bool = False) -> Entry | None:
        """The entry a surface form names, compared case- and punctuation-insensitively.
        With ``exact_case``, an entry marked ``cased`` ("RULER") only answers to one of its
        own spellings, so "Ruler" is not the RULER benchmark."""
        key = self.by_norm.get(norm(surface))
        if not key:
            return None
        entry = self.entries[key]
        if exact_case and entry.cased and surface not in entry.surfaces:
            return None
        return entry

    def __len__(self) -> int:
        return len(self.entries)


def parse_entries(lines: Iterable[str], path: str) -> Iterator[Entry]:
    """Entries of one catalogue file; a malformed line is an InputError naming it."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            etype = d["type"]
            if etype not in ENTITY_TYPES:
                raise ValueError(f"unknown type {etype!r}")
            yield Entry(
                name=str(d["name"]).strip(), type=etype,
                aliases=tuple(str(a).strip() for a in d.get("aliases", ()) if str(a).strip()),
                cased=bool(d.get("cased", False)), hf=d.get("hf", "") or "",
                arxiv=d.get("arxiv", "") or "", pwc=d.get("pwc", "") or "",
                family=d.get("family", "") or "", parent=d.get("parent", "") or "",
                source=d.get("source", "curated") or "curated",
            )
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"bad catalogue entry: {e}", path=path, line=number) from None


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The catalogue shipped in the package (curated files first, then derived ones)."""
    cat = Catalogue()
    root = resources.files("kg") / "data" / "catalogue"
    for name in _CURATED + _DERIVED:
        res = root / name
        if not res.is_file():
            continue
        with res.open(encoding="utf-8") as f:
            for entry in parse_entries(f, f"kg/data/catalogue/{name}"):
                cat.add(entry)
    for entry in _bases(cat):
        cat.add(entry)
    return cat


def _bases(cat: Catalogue) -> list[Entry]:
    """The thing an extended name extends, where the catalogue lists only the extension:
    "MiniWoB++" and "FaceForensics++" say that MiniWoB and FaceForensics exist (a dataset, like
    their extension). Only distinctive shapes ("MiniWoB", "CoNLL", "PASCAL3D"), matched as
    written, so no ordinary word ("Cube" of "Cube++") or short acronym ("AIST" of "AIST++",
    also an institute) becomes a name."""
    common = common_lower_words()
    out = []
    for entry in list(cat.entries.values()):
        if entry.type == "Task":
            continue
        for surface in entry.surfaces:
            base = surface.rstrip("+").rstrip(" -")
            if base == surface or len(base) < 4 or not _STRONG.search(base) or \
                    (base.isupper() and len(base) < 5) or \
                    base.lower() in common or cat.lookup(base) is not None:
                continue
            out.append(Entry(name=base, type=entry.type, cased=True, source="derived"))
    return out


@lru_cache(maxsize=1)
def common_lower_words() -> frozenset[str]:
    """Words that occur in lowercase in ordinary ML prose (so "MATH" must not match "math")."""
    res = resources.files("kg") / "data" / "lexicon" / "common_lower.txt"
    if not res.is_file():
        return frozenset()
    return frozenset(w.strip() for w in res.read_text(encoding="utf-8").split() if w.strip())


_STRONG = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]")


def fold_safe(surface: str, entry: Entry, common: frozenset[str]) -> bool:
    """May ``surface`` match case-insensitively? All-lowercase phrases may ("chain of thought");
    so may names whose shape is distinctive ("GSM8K", "LoRA", "HumanEval") unless they are
    also ordinary words ("MATH") or the entry is marked ``cased``. Title Case names ("Natural
    Questions", "Falcon") match only as written, so "natural questions" stays prose."""
    if surface == surface.lower():
        return True
    if entry.cased or len(surface) <= 2 or not any(_STRONG.search(w) for w in surface.split()):
        return False
    words = re.findall(r"[a-z]+", surface.lower())
    return not (len(words) == 1 and len(surface) <= 12 and words[0] in common)
