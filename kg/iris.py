"""Deterministic, valid IRIs for papers, entities and evidence.

>>> slug("Llama 2 7B")
'llama-2-7b'
>>> safe_url("https://example.com/a b<c>")
'https://example.com/a%20b%3Cc%3E'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

# \s adds Unicode spaces (U+00A0, U+2028, U+3000...): legal in IRIs, but rdflib's N-Triples
# parser splits on them and they are invisible in a URL anyway
_IRI_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|^`\\\x7f-\x9f\s]")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def slug(text: str, max_len: int = 80) -> str:
    """Lower-case ASCII letters, digits and single hyphens; a hash when nothing is left."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("+", "-plus").replace("#", "-sharp").replace("@", "-at-")
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    t = t[:max_len].rstrip("-")
    return t or "x-" + short_hash(text)


def safe_url(url: str) -> str:
    """A URL found in text, percent-encoded where RDF IRIs forbid characters."""
    return _IRI_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), url)


def is_valid_iri(iri: str) -> bool:
    """Scheme present, no characters IRIs forbid."""
    # not urlsplit: it rejects IRIs RDF accepts ("https://[x", fullwidth "／" in the host)
    return bool(_SCHEME.match(iri)) and not _IRI_UNSAFE.search(iri)


class Minter:
    """Mints IRIs under ``base``; distinct keys with the same slug get a hash suffix."""

    def __init__(self, base: str) -> None:
        if not is_valid_iri(base):
            raise ValueError(f"not a valid base IRI: {base!r}")
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._taken: dict[str, str] = {}
        self._by_key: dict[tuple[str, str], URIRef] = {}

    def _unique(self, kind: str, key: str, s: str) -> URIRef:
        found = self._by_key.get((kind, key))
        if found is not None:
            return found
        path = f"{kind}/{s}"
        owner = self._taken.get(path)
        if owner is not None and owner != key:
            path = f"{kind}/{s}-{short_hash(key)}"
        self._taken[path] = key
        iri = URIRef(self.base + path)
        self._by_key[(kind, key)] = iri
        return iri

    def paper(self, key: str, title: str, arxiv_id: str) -> URIRef:
        if arxiv_id:
            return self._unique("paper", key, slug(arxiv_id.replace("/", "-"), 40))
        return self._unique("paper", key, f"{slug(title, 60)}-{short_hash(key)}")

    def entity(self, etype: str, key: str) -> URIRef:
        name = key.split(":", 1)[-1] if not key.startswith("new:") else key[4:]
        return self._unique(etype.lower(), key, slug(name))

    def record(self, path: str, line: int) -> URIRef:
        return URIRef(f"{self.base}record/{short_hash(f'{path}:{line}', 12)}")
