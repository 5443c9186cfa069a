"""Find URLs in text and classify them: code repositories, hub pages, other links.

>>> [(u.kind, u.canonical) for u in find_urls("Code: https://github.com/a/b/tree/main/x.")]
[('Repository', 'https://github.com/a/b')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

# scheme-less forms are accepted for the hosts we know ("github.com/owner/name")
_URL = re.compile(
    r"(?:https?://|www\.|(?<![\w.@/])(?=(?:github\.com|gitlab\.com|huggingface\.co|hf\.co)/))"
    r"[^\s<>\"'`\\^{}|]+",
    re.I,
)
_TRAILING = ".,;:!?)]}'\"*"
_REPO_HOSTS = {"github.com": "https://github.com", "gitlab.com": "https://gitlab.com"}
_HF_HOSTS = {"huggingface.co", "hf.co"}
_NOT_OWNERS = {"orgs", "sponsors", "topics", "features", "marketplace", "collections", "about",
               "settings", "explore", "login", "join", "search", "pricing", "site"}
# first path segments of huggingface.co pages that are not <owner>/<model>
_HF_NOT_OWNERS = {"datasets", "spaces", "papers", "docs", "blog", "collections", "organizations",
                  "learn", "tasks", "api", "models", "settings", "join", "login", "pricing",
                  "chat", "posts"}


@dataclass(frozen=True)
class UrlHit:
    start: int
    end: int
    url: str
    kind: str  # Repository | Model | Dataset | Link
    canonical: str
    hub_id: str = ""


def _strip(url: str) -> str:
    # drop sentence punctuation, but keep a closing bracket that closes one inside the URL
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _parts(url: str) -> tuple[str, list[str]]:
    body = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.I)
    body = re.split(r"[?#]", body, maxsplit=1)[0]
    host, _, path = body.partition("/")
    return host.lower(), [unquote(p) for p in path.split("/") if p]


def _safe(segment: str) -> str:
    return quote(segment, safe="-._~")


def classify(url: str) -> tuple[str, str, str]:
    """(kind, canonical URL, hub id) of a URL already stripped of trailing punctuation."""
    host, path = _parts(url)
    if host in _REPO_HOSTS and path and path[0].lower() not in _NOT_OWNERS:
        name = re.sub(r"\.git$", "", path[1], flags=re.I) if len(path) > 1 else ""
        segs = [path[0]] + ([name] if name else [])
        return "Repository", _REPO_HOSTS[host] + "/" + "/".join(_safe(s) for s in segs), ""
    if host in _HF_HOSTS and path:
        if path[0] in ("datasets", "spaces") and len(path) >= 3:
            hub = f"{path[1]}/{path[2]}"
            kind = "Dataset" if path[0] == "datasets" else "Link"
            return kind, f"https://huggingface.co/{path[0]}/{_safe(path[1])}/{_safe(path[2])}", hub
        if path[0] not in _HF_NOT_OWNERS and len(path) >= 2:
            hub = f"{path[0]}/{path[1]}"
            return "Model", f"https://huggingface.co/{_safe(path[0])}/{_safe(path[1])}", hub
    canonical = url if re.match(r"https?://", url, re.I) else "https://" + url
    return "Link", canonical, ""


def find_urls(text: str) -> list[UrlHit]:
    """Every URL in ``text`` with its character span (trailing punctuation excluded)."""
    hits = []
    for m in _URL.finditer(text):
        url = _strip(m.group(0))
        if "." not in url or len(url) < 8:
            continue
        kind, canonical, hub = classify(url)
        hits.append(UrlHit(m.start(), m.start() + len(url), url, kind, canonical, hub))
    return hits
