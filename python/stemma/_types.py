"""The result classes: small frozen records with named fields and ``to_dict()``.

``to_dict()`` gives the same keys (and nesting) as the command line's ``--json``
output for the same result, so that code written against one reads the other.
Offsets are byte offsets into the UTF-8 text, half-open ``[begin, end)``; for a
``str`` text ``s`` the passage is ``s.encode()[begin:end].decode()``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterator, Optional, Sequence, Tuple, TypeVar, overload

T = TypeVar("T")

Range = Tuple[int, int]


def _or_none(text: str) -> Optional[str]:
    return text if text else None


class LazySequence(Sequence[T], Generic[T]):
    """A read-only sequence over a C++ result: items are made when asked for."""

    def __init__(self, items: Any, make: Callable[[dict], T]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._make(self._items[i]) for i in range(*index.indices(len(self)))]
        return self._make(self._items[index])

    def __iter__(self) -> Iterator[T]:
        for index in range(len(self._items)):
            yield self._make(self._items[index])

    def to_dicts(self) -> list[dict]:
        """Every item's ``to_dict()``."""
        return [item.to_dict() for item in self]  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)}>"


@dataclass(frozen=True)
class Edit:
    """One run of an edit script: ``equal``, ``insert``, ``delete`` or ``substitute``."""

    op: str
    a: Range
    b: Range
    a_tokens: int
    b_tokens: int

    def to_dict(self, a_key: str = "a", b_key: str = "b") -> dict:
        return {"op": self.op, a_key: list(self.a), b_key: list(self.b)}


@dataclass(frozen=True)
class PassageSide:
    """Where a passage lies in one text."""

    begin: int
    end: int
    first_token: int
    tokens: int

    def to_dict(self) -> dict:
        return {"begin": self.begin, "end": self.end, "tokens": self.tokens}


@dataclass(frozen=True)
class Passage:
    """A stretch of text two texts share: ``a`` is the first text, ``b`` the second."""

    a: PassageSide
    b: PassageSide
    matched_tokens: int
    identity: float
    score: float
    edits: Tuple[Edit, ...]

    @classmethod
    def _from(cls, raw: dict) -> "Passage":
        return cls(
            a=PassageSide(**raw["a"]),
            b=PassageSide(**raw["b"]),
            matched_tokens=raw["matched_tokens"],
            identity=raw["identity"],
            score=raw["score"],
            edits=tuple(Edit(e[0], (e[1], e[2]), (e[3], e[4]), e[5], e[6]) for e in raw["edits"]),
        )

    def to_dict(self) -> dict:
        """The fields of ``stemma compare --json`` (without the file names)."""
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "matched_tokens": self.matched_tokens,
            "identity": self.identity,
            "score": self.score,
            "edits": [edit.to_dict() for edit in self.edits],
        }


@dataclass(frozen=True)
class Document:
    """A stored document, without its text (``Corpus.text(id)`` has it). Empty fields are None."""

    id: int
    external_id: Optional[str]
    url: Optional[str]
    outlet: Optional[str]
    title: Optional[str]
    published_at: Optional[str]
    language: Optional[str]
    byte_length: int
    sha256: str
    metadata: dict
    family: int
    boilerplate: Tuple[Range, ...]

    @classmethod
    def _from(cls, raw: dict) -> "Document":
        try:
            metadata = json.loads(raw["metadata_json"]) if raw["metadata_json"] else {}
        except ValueError:
            metadata = {}
        return cls(
            id=raw["id"],
            external_id=_or_none(raw["external_id"]),
            url=_or_none(raw["url"]),
            outlet=_or_none(raw["outlet"]),
            title=_or_none(raw["title"]),
            published_at=raw["published_at"],
            language=_or_none(raw["language"]),
            byte_length=raw["byte_length"],
            sha256=raw["sha256"],
            metadata=metadata if isinstance(metadata, dict) else {},
            family=raw["family"],
            boilerplate=tuple(tuple(r) for r in raw["boilerplate"]),  # type: ignore[misc]
        )

    def to_dict(self) -> dict:
        """The fields of a ``stemma export`` document record (without its text)."""
        return {
            "id": self.id,
            "external_id": self.external_id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published_at": self.published_at,
            "language": self.language,
            "byte_length": self.byte_length,
            "sha256": self.sha256,
            "family": self.family,
            "boilerplate": [list(r) for r in self.boilerplate],
            "metadata": self.metadata,
        }

    def _brief(self) -> dict:
        # How the provenance commands show a document (strings, never null).
        return {
            "id": self.id,
            "external_id": self.external_id or "",
            "outlet": self.outlet or "",
            "published_at": self.published_at,
            "title": self.title or "",
        }


@dataclass(frozen=True)
class TracedPassage:
    """A passage of a traced text found in a stored document.

    In ``passage``, ``a`` is the stored document (``source``) and ``b`` the traced text.
    ``via`` is the family's first document through which a copy was found, else None.
    """

    source: Document
    passage: Passage
    via: Optional[int]

    @classmethod
    def _from(cls, raw: dict) -> "TracedPassage":
        return cls(Document._from(raw["source"]), Passage._from(raw["passage"]), raw["via"] or None)

    @property
    def query(self) -> PassageSide:
        """The passage in the traced text."""
        return self.passage.b

    def to_dict(self) -> dict:
        """The fields of ``stemma trace --json``."""
        p, s = self.passage, self.source
        record: dict = {
            "query": p.b.to_dict(),
            "source": {
                "id": s.id,
                "external_id": s.external_id,
                "url": s.url,
                "outlet": s.outlet,
                "title": s.title,
                "published_at": s.published_at,
                **p.a.to_dict(),
            },
            "matched_tokens": p.matched_tokens,
            "identity": p.identity,
            "score": p.score,
            "edits": [edit.to_dict("source", "query") for edit in p.edits],
        }
        if self.via is not None:
            record["via"] = self.via
        return record


class TraceResult(LazySequence[TracedPassage]):
    """Every passage a text shares with a corpus (sources oldest first), and its coverage."""

    def __init__(self, items: Any, characters: int, covered_characters: int) -> None:
        super().__init__(items, TracedPassage._from)
        self.characters = characters
        self.covered_characters = covered_characters

    @property
    def coverage(self) -> float:
        """The share of the text's characters inside some passage."""
        return self.covered_characters / self.characters if self.characters else 0.0


@dataclass(frozen=True)
class FamilySummary:
    """A reuse family: one text and every document that carries it."""

    id: int
    size: int
    median_span_bytes: int
    outlets: Tuple[str, ...]
    first_published: Optional[str]
    last_published: Optional[str]
    snippet: str

    @classmethod
    def _from(cls, raw: dict) -> "FamilySummary":
        return cls(**{**raw, "outlets": tuple(raw["outlets"])})

    def to_dict(self) -> dict:
        """The fields of ``stemma families --json``."""
        return {
            "id": self.id,
            "size": self.size,
            "median_span_bytes": self.median_span_bytes,
            "outlets": list(self.outlets),
            "first_published": self.first_published,
            "last_published": self.last_published,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class ChangeSide:
    """One side of a change: the document (None for an unstored article) and its bytes."""

    document: Optional[int]
    begin: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"doc": self.document, "begin": self.begin, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Change:
    """What a copy changed from its parent (``kind``: attribution_dropped, substitution, ...)."""

    kind: str
    parent: ChangeSide
    child: ChangeSide
    parent_source: Optional[str]
    child_source: Optional[str]

    @classmethod
    def _from(cls, raw: dict) -> "Change":
        def side(s: dict) -> ChangeSide:
            return ChangeSide(s["document"] or None, s["begin"], s["end"], s["text"])

        return cls(
            raw["kind"],
            side(raw["parent"]),
            side(raw["child"]),
            _or_none(raw["parent_source"]),
            _or_none(raw["child_source"]),
        )

    def to_dict(self) -> dict:
        record = {"kind": self.kind, "parent": self.parent.to_dict(), "child": self.child.to_dict()}
        if self.parent_source:
            record["parent_source"] = self.parent_source
        if self.child_source:
            record["child_source"] = self.child_source
        return record


@dataclass(frozen=True)
class FamilyNode:
    """One witness of a family and the witness it most likely copied from."""

    document: Document
    span: Range
    parent: Optional[int]
    unseen_source: bool
    confidence: float
    evidence: Tuple[str, ...]
    changes: Tuple[Change, ...]

    @classmethod
    def _from(cls, raw: dict) -> "FamilyNode":
        return cls(
            Document._from(raw["document"]),
            tuple(raw["span"]),  # type: ignore[arg-type]
            raw["parent"],
            raw["unseen_source"],
            raw["confidence"],
            tuple(raw["evidence"]),
            tuple(Change._from(c) for c in raw["changes"]),
        )

    def to_dict(self) -> dict:
        return {
            "doc": self.document._brief(),
            "span": {"begin": self.span[0], "end": self.span[1]},
            "parent": self.parent,
            "unseen_source": self.unseen_source,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "changes": [change.to_dict() for change in self.changes],
        }


@dataclass(frozen=True)
class FamilyTree:
    """Who copied whom in one family: parents before children, roots oldest first."""

    id: int
    nodes: Tuple[FamilyNode, ...]

    def to_dict(self) -> dict:
        """The object of ``stemma family --json``."""
        return {"id": self.id, "nodes": [node.to_dict() for node in self.nodes]}


@dataclass(frozen=True)
class ReportPassage:
    """A passage of a reported article: its earliest source and the chain of copies to it."""

    query: Range
    earliest_source: Document
    source: Range
    family: Optional[int]
    chain: Tuple[Document, ...]
    changes: Tuple[Change, ...]

    @classmethod
    def _from(cls, raw: dict) -> "ReportPassage":
        return cls(
            tuple(raw["query"]),  # type: ignore[arg-type]
            Document._from(raw["earliest_source"]),
            tuple(raw["source"]),  # type: ignore[arg-type]
            raw["family"] or None,
            tuple(Document._from(d) for d in raw["chain"]),
            tuple(Change._from(c) for c in raw["changes"]),
        )

    def to_dict(self) -> dict:
        """The fields of ``stemma report --json``."""
        source = self.earliest_source._brief()
        del source["title"]
        source["begin"], source["end"] = self.source
        return {
            "query": {"begin": self.query[0], "end": self.query[1]},
            "earliest_source": source,
            "family": self.family,
            "chain": [document.id for document in self.chain],
            "changes": [change.to_dict() for change in self.changes],
        }


class Report(LazySequence[ReportPassage]):
    """The story of each reused passage of an article, in the article's order."""

    def __init__(self, items: Any, characters: int, covered_characters: int, article: int) -> None:
        super().__init__(items, ReportPassage._from)
        self.characters = characters
        self.covered_characters = covered_characters
        self.article: Optional[int] = article or None  # its id when the article is stored

    @property
    def coverage(self) -> float:
        return self.covered_characters / self.characters if self.characters else 0.0


@dataclass(frozen=True)
class OutletSummary:
    """Which outlets an outlet reprints, and how much of its text is copied."""

    outlet: str
    documents: int
    reused_share: float
    sources: Tuple[Tuple[str, int], ...]
    attribution_dropped_share: float

    @classmethod
    def _from(cls, raw: dict) -> "OutletSummary":
        return cls(**{**raw, "sources": tuple(tuple(s) for s in raw["sources"])})

    def to_dict(self) -> dict:
        """The fields of ``stemma outlets --json``."""
        return {
            "outlet": self.outlet,
            "documents": self.documents,
            "reused_share": self.reused_share,
            "sources": [{"outlet": o, "passages": n} for o, n in self.sources],
            "attribution_dropped_share": self.attribution_dropped_share,
        }


@dataclass(frozen=True)
class AddStats:
    """What one ``Corpus.add()`` stored. ``duplicate_of``: (record, stored id) pairs."""

    documents_read: int
    documents_added: int
    duplicates: int
    passages: int
    bytes_added: int
    family_members: int
    passages_withdrawn: int
    duplicate_of: Tuple[Tuple[str, int], ...]

    def to_dict(self) -> dict:
        return {
            "documents_read": self.documents_read,
            "documents_added": self.documents_added,
            "duplicates": self.duplicates,
            "passages": self.passages,
            "bytes_added": self.bytes_added,
            "family_members": self.family_members,
            "passages_withdrawn": self.passages_withdrawn,
            "duplicate_of": [list(d) for d in self.duplicate_of],
        }
