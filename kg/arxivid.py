"""arXiv identifiers: the month one was assigned in, and the bare form catalogues write."""
from __future__ import annotations

import re

_NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}(v\d+)?$")
_OLD_ID = re.compile(r"^[a-z][a-z.-]*(\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}(v\d+)?$")


def arxiv_month(arxiv_id: str) -> str | None:
    """The ``YYYY-MM`` an arXiv identifier was assigned in, or None if it is not one.

    >>> arxiv_month("2305.01234"), arxiv_month("cs/9901001"), arxiv_month("x")
    ('2023-05', '1999-01', None)
    """
    m = _NEW_ID.match(arxiv_id)
    if m:
        yy, mm = int(m.group(1)), int(m.group(2))
        if not 1 <= mm <= 12 or (yy, mm) < (7, 4):  # new-style ids started in April 2007
            return None
        return f"{2000 + yy:04d}-{mm:02d}"
    m = _OLD_ID.match(arxiv_id)
    if m:
        yy, mm = int(m.group(2)), int(m.group(3))
        if not 1 <= mm <= 12:
            return None
        return f"{(1900 if yy >= 91 else 2000) + yy:04d}-{mm:02d}"
    return None


def bare_id(arxiv_id: str) -> str:
    """An arXiv id as the catalogue writes it: no version, no subject class, lower case
    ("math.CO/0601001v2" -> "math/0601001")."""
    return re.sub(r"\.[A-Z]{2}(?=/)|v\d+$", "", arxiv_id.strip()).lower()
