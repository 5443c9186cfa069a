"""A tokenizer that keeps ML names comparable: hyphens and slashes always split, units never do.

spaCy's English rules turn "GSM-8K" into ``GSM-8 | K`` and keep "GPT-4o" whole; splitting every
intra-word hyphen and slash makes "GSM-8K", "Llama-3-8B" and catalogue patterns tokenise alike.
"""
from __future__ import annotations

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

_EXTRA_INFIXES = (r"(?<=[^\s\-/])[-/](?=[^\s\-/])", r"(?<=\w)[:=](?=[A-Za-z])")


def make_tokenizer(nlp: Language) -> Tokenizer:
    """Build kg's tokenizer for ``nlp`` (a blank English pipeline)."""
    defaults = English.Defaults
    # drop the suffix rules that split units and currency off numbers ("8K", "7B" stay whole)
    suffixes: list[str] = [str(s) for s in defaults.suffixes or ()
                           if not str(s).startswith(r"(?<=[0-9])(?:")]
    suffixes.append(r"(?<=[A-Z0-9])\.")  # "on GSM8K." ends a sentence, keeps the name
    suffixes.append(r"(?<=[A-Za-z])\+\+?")  # "HumanEval+" is HumanEval and a "+" variant
    infixes = [str(s) for s in defaults.infixes or ()] + list(_EXTRA_INFIXES)
    prefixes = [str(s) for s in defaults.prefixes or ()]
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
