"""Finding and classifying URLs in abstracts (kg.extract.urls)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.urls import classify, find_urls
from kg.iris import is_valid_iri, safe_url


def only(text: str) -> tuple[str, str, str, str]:
    (hit,) = find_urls(text)
    assert text[hit.start:hit.end] == hit.url
    return hit.url, hit.kind, hit.canonical, hit.hub_id


GH = "https://github.com/owner/name"


@pytest.mark.parametrize(("text", "url", "canonical"), [
    ("Code: https://github.com/owner/name.", GH, GH),
    ("Code: https://github.com/owner/name", GH, GH),
    ("at https://github.com/owner/name, and", GH, GH),
    ("https://github.com/owner/name/tree/main/sub", GH + "/tree/main/sub", GH),
    ("https://github.com/owner/name/blob/main/x.py#L3.", GH + "/blob/main/x.py#L3", GH),
    ("https://github.com/owner/name.git", GH + ".git", GH),
    ("https://github.com/owner/name.git.", GH + ".git", GH),
    ("https://github.com/owner/name.GIT/", GH + ".GIT/", GH),
    ("https://github.com/owner/name/.", GH + "/", GH),
    ("https://github.com/owner/name?tab=readme-ov-file", GH + "?tab=readme-ov-file", GH),
    ("http://www.github.com/owner/name", "http://www.github.com/owner/name", GH),
    ("code at github.com/owner/name now", "github.com/owner/name", GH),
    ("(github.com/owner/name)", "github.com/owner/name", GH),
    ("at www.github.com/owner/name/blob/x.py;", "www.github.com/owner/name/blob/x.py", GH),
    ("\\url{https://github.com/owner/name}.", GH, GH),
    ("available (https://github.com/owner/name).", GH, GH),
    ("[code](https://github.com/owner/name)", GH, GH),
    ("see https://github.com/owner/name...", GH, GH),
    ("https://github.com/RUCAIBox/JiuZhang3.0.", "https://github.com/RUCAIBox/JiuZhang3.0",
     "https://github.com/RUCAIBox/JiuZhang3.0"),
    ("https://gitlab.com/group/proj/-/tree/dev", "https://gitlab.com/group/proj/-/tree/dev",
     "https://gitlab.com/group/proj"),
])
def test_repository_urls(text: str, url: str, canonical: str) -> None:
    assert only(text) == (url, "Repository", canonical, "")


@pytest.mark.parametrize("text", ["https://github.com/THUDM", "models at https://github.com/THUDM.",
                                  "https://github.com/THUDM/"])
def test_org_only_github_url_is_kept_as_org(text: str) -> None:
    _, kind, canonical, _ = only(text)
    assert (kind, canonical) == ("Repository", "https://github.com/THUDM")


@pytest.mark.parametrize(("text", "kind", "canonical", "hub"), [
    ("https://huggingface.co/datasets/o/n", "Dataset", "https://huggingface.co/datasets/o/n",
     "o/n"),
    ("data: https://huggingface.co/datasets/math-ai/TemplateGSM.", "Dataset",
     "https://huggingface.co/datasets/math-ai/TemplateGSM", "math-ai/TemplateGSM"),
    ("https://huggingface.co/datasets/o/n/tree/main?x=1#y", "Dataset",
     "https://huggingface.co/datasets/o/n", "o/n"),
    ("https://huggingface.co/o/n", "Model", "https://huggingface.co/o/n", "o/n"),
    ("weights: https://huggingface.co/infly/Universal-PRM-7B.", "Model",
     "https://huggingface.co/infly/Universal-PRM-7B", "infly/Universal-PRM-7B"),
    ("http://hf.co/o/n/resolve/main/x.bin", "Model", "https://huggingface.co/o/n", "o/n"),
    ("huggingface.co/o/n", "Model", "https://huggingface.co/o/n", "o/n"),
    ("https://huggingface.co/spaces/o/n", "Link", "https://huggingface.co/spaces/o/n", "o/n"),
    ("https://huggingface.co/THUDM.", "Link", "https://huggingface.co/THUDM", ""),
    ("https://huggingface.co/datasets/o", "Link", "https://huggingface.co/datasets/o", ""),
    ("https://huggingface.co/papers/2401.00001", "Link",
     "https://huggingface.co/papers/2401.00001", ""),
    ("https://huggingface.co/docs/transformers", "Link",
     "https://huggingface.co/docs/transformers", ""),
    ("https://huggingface.co/collections/o/n", "Link",
     "https://huggingface.co/collections/o/n", ""),
    ("https://huggingface.co/blog/o-n", "Link", "https://huggingface.co/blog/o-n", ""),
])
def test_hub_urls(text: str, kind: str, canonical: str, hub: str) -> None:
    assert only(text)[1:] == (kind, canonical, hub)


@pytest.mark.parametrize(("text", "canonical"), [
    ("Project page: https://x.github.io/proj/.", "https://x.github.io/proj/"),
    ("see www.example.org/page", "https://www.example.org/page"),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
    ("(see https://example.com/a)", "https://example.com/a"),
    ("a https://x.org/(a)b) c", "https://x.org/(a)b"),
    ("https://github.com/orgs/x/repos", "https://github.com/orgs/x/repos"),
    ("https://github.com/topics/llm", "https://github.com/topics/llm"),
    ("https://arxiv.org/abs/2401.00001v2.", "https://arxiv.org/abs/2401.00001v2"),
])
def test_other_urls_are_links(text: str, canonical: str) -> None:
    _, kind, got, hub = only(text)
    assert (kind, got, hub) == ("Link", canonical, "")


@pytest.mark.parametrize("text", ["see mygithub.com/a/b", "mail me@github.com/a", "https://a",
                                  "no url here.", "github.com", "e.g. foo.bar"])
def test_no_url(text: str) -> None:
    assert find_urls(text) == []


def test_several_urls_with_spans() -> None:
    text = ("Code is at https://github.com/a/b and data at "
            "https://huggingface.co/datasets/c/d; demo: https://e.io/f.")
    hits = find_urls(text)
    assert [(h.kind, text[h.start:h.end]) for h in hits] == [
        ("Repository", "https://github.com/a/b"),
        ("Dataset", "https://huggingface.co/datasets/c/d"),
        ("Link", "https://e.io/f"),
    ]


def test_non_ascii_owner_is_percent_encoded() -> None:
    kind, canonical, _ = classify("https://github.com/组织/名字")
    assert kind == "Repository"
    assert canonical == "https://github.com/%E7%BB%84%E7%BB%87/%E5%90%8D%E5%AD%97"
    assert classify("https://github.com/%E7%BB%84%E7%BB%87/x")[1] == \
        "https://github.com/%E7%BB%84%E7%BB%87/x"


url_like = st.lists(st.sampled_from([
    "https://", "http://", "www.", "github.com/", "huggingface.co/", "hf.co/", "datasets/",
    "gitlab.com/", "a", "B", "/", ".", ",", ")", "(", "}", "{", "]", "[", " ", "\n", ".git",
    "?", "#", "%", "é", "组", "'", '"', "*", "-", "@", ":", "\\", "<", ">", "\u2028", "\xa0",
]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), url_like))
def test_find_urls_never_raises_and_spans_lie_within_text(text: str) -> None:
    prev_end = 0
    for h in find_urls(text):
        assert 0 <= prev_end <= h.start < h.end <= len(text)
        assert text[h.start:h.end] == h.url
        assert h.url == h.url.strip() and h.url[-1] not in ".,;:!?]}'\"*"
        assert h.kind in ("Repository", "Model", "Dataset", "Link")
        assert h.canonical.startswith(("https://", "http://"))
        assert is_valid_iri(safe_url(h.canonical))
        if h.kind in ("Model", "Dataset"):
            assert h.hub_id.count("/") >= 1 and h.canonical.startswith("https://huggingface.co/")
        elif h.hub_id:
            assert h.canonical.startswith("https://huggingface.co/spaces/")
        prev_end = h.end
