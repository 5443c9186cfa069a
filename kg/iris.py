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
_UCSCHAR = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(p << 16)}-{chr((p << 16) + 0xFFFD)}" for p in range(1, 14)) + "\U000e1000-\U000efffd")
# ... and what RFC 3987 does not allow unencoded in an IRI: private use, non-characters,
# surrogates (Oxigraph refuses them; rdflib is lenient)
_IRI_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|^`\\\x7f-\x9f\s]|[^\x00-\x9f" + _UCSCHAR + "]")
# a "%" that does not start a %XX escape: RDF parsers such as Oxigraph refuse the IRI
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


# a "+" that ends a word ("GSM8K+", "C++", "CoNLL++"), not one inside it ("NTU RGB+D")
_PLUS_END = re.compile(r"\+(\W|$)")


def plus_words(s: str) -> str:
    """A "+" that ends a word becomes the word "plus", so that the names that differ only by
    it stay apart when punctuation is dropped ("GSM8K+" is not GSM8K; "RGB+D" is "RGBD")."""
    return _PLUS_END.sub(r"plus\1", s)


def name_key(name: str) -> str:
    """What a name is matched by: lower case without spaces or punctuation, a "+" ending a
    word read as "plus" (:func:`plus_words`), as the catalogue compares names. In SPARQL:
    ``REPLACE(REPLACE(LCASE(?n), "[+](\\W|$)", "plus$1"), "[\\W_]+", "")``."""
    return re.sub(r"[\W_]+", "", plus_words(name.lower()))

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
    """A URL found in text as a valid IRI (RFC 3987, as strict RDF stores read it): characters
    IRIs forbid percent-encoded, and so are delimiters out of place: a "%" that starts no
    escape, brackets outside an IP literal, a second "#", a second "@" or a port that is not
    a number."""
    url = _BAD_PERCENT.sub("%25", url)
    url = _IRI_UNSAFE.sub(lambda m: quote(m.group(0).encode("utf-8", "surrogatepass"), safe=""),
                          url)
    m = _SPLIT.match(url)
    if m is None:
        return url
    scheme, authority, rest = m.group(1), m.group(2), m.group(3)
    before, hash_, fragment = rest.partition("#")
    rest = _brackets(before) + hash_ + _brackets(fragment).replace("#", "%23")
    return scheme + ("" if authority is None else "//" + _authority(authority)) + rest


_SPLIT = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*:)(?://([^/?#]*))?(.*)", re.S)
_IP_FUTURE = re.compile(r"v[0-9A-Fa-f]+\.[\w.~!$&'()*+,;=:-]+", re.A)


def _brackets(text: str) -> str:
    return text.replace("[", "%5B").replace("]", "%5D")


def _authority(authority: str) -> str:
    userinfo, at, hostport = authority.rpartition("@")
    userinfo = _brackets(userinfo.replace("@", "%40"))
    if hostport.startswith("["):
        close = hostport.find("]")
        literal, port = hostport[1:close], hostport[close + 1:]
        if close > 0 and re.fullmatch(r"(?::[0-9]*)?", port) and _ip_literal(literal):
            return userinfo + at + hostport
    host, colon, port = hostport.partition(":")
    if colon and not re.fullmatch(r"[0-9]*", port):
        host, colon, port = hostport.replace(":", "%3A"), "", ""
    return userinfo + at + _brackets(host) + colon + port


def _ip_literal(text: str) -> bool:
    import ipaddress

    if _IP_FUTURE.fullmatch(text):
        return True
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return "%" not in text  # a zone id would need its own escaping


def is_valid_iri(iri: str) -> bool:
    """An absolute IRI that :func:`safe_url` leaves as it is (scheme present, nothing RFC 3987
    forbids), so strict parsers (Oxigraph) read it as well as rdflib does."""
    return bool(_SCHEME.match(iri)) and safe_url(iri) == iri


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
