"""Cue words and name lists that kg's rules read, loaded from ``kg/data/lexicon/cues.toml``."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    introduce_verbs: frozenset[str]
    naming_words: frozenset[str]
    self_words: tuple[str, ...]
    compare_cues: frozenset[str]
    use_cues: frozenset[str]
    background_cues: tuple[str, ...]
    type_heads: dict[str, frozenset[str]]
    generic: frozenset[str]
    stop: frozenset[str]
    metrics: tuple[str, ...]
    #: what a ratio ("12.2x") measures: "faster", "memory", "throughput"...
    ratio_metrics: tuple[str, ...] = ()
    #: nouns a task may modify without being the paper's task ("instruction-following models")
    task_modified_heads: frozenset[str] = frozenset()
    #: phrases that open the report of the paper's own experiments ("Evaluations show")
    results_cues: tuple[str, ...] = ()

    @cached_property
    def self_pattern(self) -> re.Pattern[str]:
        """Any first-person or this-work cue, as one regular expression."""
        return re.compile(r"(?<![a-z])(?:" + "|".join(
            re.escape(w) for w in sorted(self.self_words, key=len, reverse=True)) + r")(?![a-z])")

    @cached_property
    def background_pattern(self) -> re.Pattern[str]:
        return re.compile(r"(?<![a-z])(?:" + "|".join(
            re.escape(w) for w in sorted(self.background_cues, key=len, reverse=True))
            + r")(?![a-z])")

    @cached_property
    def results_pattern(self) -> re.Pattern[str]:
        return re.compile(r"(?<![a-z])(?:" + "|".join(
            re.escape(w) for w in sorted(self.results_cues, key=len, reverse=True))
            + r")(?![a-z])")

    def reports(self, sentence: str) -> bool:
        """Does ``sentence`` report the paper's own experiments ("Extensive experiments on
        ...")? A task it names is one the paper is tested on."""
        return self.results_pattern.search(sentence.lower()) is not None

    @cached_property
    def metrics_lower(self) -> frozenset[str]:
        """The metric names in lower case ("map"), to compare any spelling with."""
        return frozenset(m.lower() for m in self.metrics)

    @cached_property
    def generic_lower(self) -> frozenset[str]:
        return frozenset(g.lower() for g in self.generic)

    def head_type(self, word: str) -> str | None:
        """The entity type a head noun implies ("benchmark" -> Dataset), if any."""
        w = word.lower()
        for t in ("Dataset", "Model", "Method", "Task"):
            if w in self.type_heads[t]:
                return t
        # "Hypernetwork", "sub-networks": a kind of network
        return "Model" if len(w) > 8 and w.endswith(("network", "networks")) else None


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = (resources.files("kg") / "data" / "lexicon" / "cues.toml").read_text(encoding="utf-8")
    d = tomllib.loads(raw)
    r, t, n = d["roles"], d["types"], d["names"]
    return Lexicon(
        introduce_verbs=frozenset(r["introduce_verbs"]),
        naming_words=frozenset(r["naming_words"]),
        self_words=tuple(r["self_words"]),
        compare_cues=frozenset(r["compare_cues"]),
        use_cues=frozenset(r["use_cues"]),
        background_cues=tuple(r["background_cues"]),
        type_heads={k: frozenset(v) for k, v in t.items()},
        generic=frozenset(n["generic"]),
        stop=frozenset(n["stop"]),
        metrics=tuple(sorted(d["results"]["metrics"], key=len, reverse=True)),
        ratio_metrics=tuple(sorted(d["results"]["ratio_metrics"], key=len, reverse=True)),
        task_modified_heads=frozenset(r["task_modified_heads"]),
        results_cues=tuple(r["results_cues"]),
    )
