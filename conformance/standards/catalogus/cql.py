"""Just enough CQL 1.1 (the SRU 1.2 query language) to tell a well-formed query from a malformed one.

The reference parses every query: a syntax error is SRU diagnostic 10, a well-formed query it cannot answer
diagnostic 16 (unsupported index). Its answers cover `cql.allRecords = 1` and `ProductId = <id>`.
"""

from __future__ import annotations

import dataclasses
import re

__all__ = ["Clause", "CqlError", "Query", "parse"]

_TOKEN = re.compile(r'\s*(?:(?P<quoted>"(?:[^"\\]|\\.)*")|(?P<rel><>|==|<=|>=|[=<>])|(?P<paren>[()])'
                    r'|(?P<word>[^\s()"=<>/]+)|(?P<slash>/))')
_BOOLEANS = ("and", "or", "not", "prox")
_WORD_RELATIONS = ("any", "all", "exact", "adj", "within", "encloses", "scr")


class CqlError(ValueError):
    """The query is not CQL; the message says where it went wrong."""


@dataclasses.dataclass(frozen=True)
class Clause:
    index: str | None  # None: a bare term (cql.serverChoice)
    relation: str | None
    term: str


@dataclasses.dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]
    booleans: tuple[str, ...]  # between consecutive clauses, flattened


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise CqlError(f"unexpected character at position {pos}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "quoted":
            value = value[1:-1].replace('\\"', '"')
        out.append((kind, value))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0
        self.clauses: list[Clause] = []
        self.booleans: list[str] = []

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise CqlError("the query ends too early")
        self.at += 1
        return token

    def query(self) -> None:
        self.clause()
        while (token := self.peek()) is not None and token[0] == "word" and token[1].lower() in _BOOLEANS:
            self.booleans.append(self.take()[1].lower())
            self.modifiers()
            self.clause()

    def modifiers(self) -> None:
        while (token := self.peek()) is not None and token[0] == "slash":
            self.take()
            if self.take()[0] not in ("word", "quoted"):
                raise CqlError("a modifier needs a name")
            if (after := self.peek()) is not None and after[0] == "rel":
                self.take()
                self.take()

    def clause(self) -> None:
        kind, value = self.take()
        if kind == "paren" and value == "(":
            self.query()
            if self.take() != ("paren", ")"):
                raise CqlError("a parenthesis is not closed")
            return
        if kind not in ("word", "quoted"):
            raise CqlError(f"expected a search term, found {value!r}")
        after = self.peek()
        if after is not None and (after[0] == "rel" or (after[0] == "word" and after[1].lower() in _WORD_RELATIONS)):
            relation = self.take()[1]
            self.modifiers()
            term_kind, term = self.take()
            if term_kind not in ("word", "quoted"):
                raise CqlError(f"expected a search term after {relation!r}, found {term!r}")
            self.clauses.append(Clause(value, relation, term))
        else:
            self.clauses.append(Clause(None, None, value))


def parse(text: str) -> Query:
    """The query's clauses; CqlError when it is not CQL."""
    if not text.strip():
        raise CqlError("the query is empty")
    parser = _Parser(_tokens(text))
    parser.query()
    rest = parser.peek()
    if rest is not None:
        raise CqlError(f"unexpected {rest[1]!r} after the query")
    return Query(tuple(parser.clauses), tuple(parser.booleans))
