"""Errors kg raises on purpose; the CLI turns each into one line and an exit code."""
from __future__ import annotations


class KgError(Exception):
    """Base of every expected failure. ``str(err)`` is the one-line message shown to users."""

    exit_code = 1

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None,
        paper_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.paper_id = paper_id

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        paper = f" (paper {self.paper_id})" if self.paper_id else ""
        return f"{where}{self.message}{paper}"


class InputError(KgError):
    """An input file is missing, unreadable or malformed."""

    exit_code = 2


class EmptyCorpusError(InputError):
    """The inputs held no paper."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""

    exit_code = 3


class GraphError(KgError):
    """A graph file is missing or cannot be parsed."""

    exit_code = 4


class OutputError(KgError):
    """An output cannot be written."""

    exit_code = 5
