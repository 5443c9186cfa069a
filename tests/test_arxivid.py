"""arXiv identifiers (kg.arxivid); the months are also tested through kg.trends."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.arxivid import arxiv_month, bare_id


@pytest.mark.parametrize(("given_id", "bare"), [
    ("1706.03762", "1706.03762"),
    ("1706.03762v5", "1706.03762"),
    ("2401.00001v12", "2401.00001"),
    ("math.CO/0601001", "math/0601001"),
    ("math.CO/0601001v2", "math/0601001"),
    ("cs/0306050", "cs/0306050"),
    (" hep-th/9901001 ", "hep-th/9901001"),
])
def test_bare_id_drops_version_and_subject_class(given_id: str, bare: str) -> None:
    assert bare_id(given_id) == bare


def test_the_month_of_a_bare_old_style_id() -> None:
    assert arxiv_month(bare_id("math.CO/0601001v2")) == "2006-01"


@given(st.text(max_size=40))
def test_bare_id_never_raises_and_is_idempotent(s: str) -> None:
    b = bare_id(s)
    assert bare_id(b) == b
