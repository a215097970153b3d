"""The result classes: small frozen records with named fields and ``to_dict()``.

Each record is built from the dict its JSON reads as, and the JSON is written by
the engine's one serialisation (include/stemma/json.h) that the command's
``--json`` and the HTTP API also use: ``to_dict()`` returns that dict, so the
three give the same keys and values by construction.
Offsets are byte offsets into the UTF-8 text, half-open ``[begin, end)``; for a
``str`` text ``s`` the passage is ``s.encode()[begin:end].decode()``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, Optional, Sequence, Tuple, TypeVar, overload

T = TypeVar("T")

Range = Tuple[int, int]


def _or_none(text: Optional[str]) -> Optional[str]:
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


class _Record:
    """What every record shares: the JSON dict it was read from."""

    _raw: dict

    def to_dict(self) -> dict:
        """The result's JSON object, as the command's ``--json`` and the HTTP API give it."""
        return copy.deepcopy(self._raw)


def _raw_field() -> Any:
    return field(default_factory=dict, repr=False, compare=False)


def _range(pair: Any) -> Range:
    return (pair[0], pair[1])


@dataclass(frozen=True)
class Edit:
    """One run of an edit script: ``equal``, ``insert``, ``delete`` or ``substitute``."""

    op: str
    a: Range
    b: Range

    @classmethod
    def _from(cls, raw: dict, a_key: str = "a", b_key: str = "b") -> "Edit":
        return cls(raw["op"], _range(raw[a_key]), _range(raw[b_key]))


@dataclass(frozen=True)
class PassageSide:
    """Where a passage lies in one text: bytes ``[begin, end)`` and its token count."""

    begin: int
    end: int
    tokens: int

    @classmethod
    def _from(cls, raw: dict) -> "PassageSide":
        return cls(raw["begin"], raw["end"], raw["tokens"])


@dataclass(frozen=True)
class Passage(_Record):
    """A stretch of text two texts share: ``a`` is the first text, ``b`` the second."""

    a: PassageSide
    b: PassageSide
    matched_tokens: int
    identity: float
    score: float
    edits: Tuple[Edit, ...]
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict, a_key: str = "a", b_key: str = "b") -> "Passage":
        return cls(
            a=PassageSide._from(raw[a_key]),
            b=PassageSide._from(raw[b_key]),
            matched_tokens=raw["matched_tokens"],
            identity=raw["identity"],
            score=raw["score"],
            edits=tuple(Edit._from(e, a_key, b_key) for e in raw["edits"]),
            _raw=raw,
        )


@dataclass(frozen=True)
class Document(_Record):
    """A stored document, without its text (``Corpus.text(id)`` has it).

    Results name documents with the fields they need: a family tree's node or a
    report's source gives the id, outlet, external id, date (and title); a page of
    ``Corpus.documents()`` gives every field but ``sha256``, ``boilerplate`` and
    ``metadata``. Fields a result does not give, and empty ones, are None.
    ``duplicate_of``: the first stored document with the same text, else None.
    """

    id: int
    external_id: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    title: Optional[str] = None
    published_at: Optional[str] = None
    language: Optional[str] = None
    byte_length: Optional[int] = None
    sha256: Optional[str] = None
    metadata: Optional[dict] = None
    duplicate_of: Optional[int] = None
    boilerplate: Tuple[Range, ...] = ()
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "Document":
        return cls(
            id=raw["id"],
            external_id=_or_none(raw.get("external_id")),
            url=_or_none(raw.get("url")),
            outlet=_or_none(raw.get("outlet")),
            title=_or_none(raw.get("title")),
            published_at=raw.get("published_at"),
            language=_or_none(raw.get("language")),
            byte_length=raw.get("byte_length"),
            sha256=raw.get("sha256"),
            metadata=raw.get("metadata"),
            duplicate_of=raw.get("duplicate_of"),
            boilerplate=tuple(_range(r) for r in raw.get("boilerplate", ())),
            _raw=raw,
        )


@dataclass(frozen=True)
class TracedPassage(_Record):
    """A passage of a traced text found in a stored document.

    In ``passage``, ``a`` is the stored document (``source``) and ``b`` the traced text.
    ``via`` is the family's first document through which a copy was found, else None.
    """

    source: Document
    passage: Passage
    via: Optional[int]
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "TracedPassage":
        source = Document._from({k: v for k, v in raw["source"].items() if k not in _SIDE_KEYS})
        return cls(source, Passage._from(raw, "source", "query"), raw.get("via"), raw)

    @property
    def query(self) -> PassageSide:
        """The passage in the traced text."""
        return self.passage.b


_SIDE_KEYS = ("begin", "end", "tokens")


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
class FamilySummary(_Record):
    """A reuse family: one text and every document that carries it."""

    id: int
    size: int
    median_span_bytes: int
    outlets: Tuple[str, ...]
    first_published: Optional[str]
    last_published: Optional[str]
    snippet: str
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "FamilySummary":
        return cls(**{**raw, "outlets": tuple(raw["outlets"])}, _raw=raw)


@dataclass(frozen=True)
class ChangeSide:
    """One side of a change: the document (None for an unstored article) and its bytes."""

    document: Optional[int]
    begin: int
    end: int
    text: str

    @classmethod
    def _from(cls, raw: dict) -> "ChangeSide":
        return cls(raw["doc"], raw["begin"], raw["end"], raw["text"])


@dataclass(frozen=True)
class Change(_Record):
    """What a copy changed from its parent (``kind``: attribution_dropped, substitution, ...)."""

    kind: str
    parent: ChangeSide
    child: ChangeSide
    parent_source: Optional[str]
    child_source: Optional[str]
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "Change":
        return cls(
            raw["kind"],
            ChangeSide._from(raw["parent"]),
            ChangeSide._from(raw["child"]),
            raw.get("parent_source"),
            raw.get("child_source"),
            raw,
        )


@dataclass(frozen=True)
class FamilyNode(_Record):
    """One witness of a family and the witness it most likely copied from."""

    document: Document
    span: Range
    parent: Optional[int]
    unseen_source: bool
    confidence: float
    evidence: Tuple[str, ...]
    changes: Tuple[Change, ...]
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "FamilyNode":
        return cls(
            Document._from(raw["doc"]),
            (raw["span"]["begin"], raw["span"]["end"]),
            raw["parent"],
            raw["unseen_source"],
            raw["confidence"],
            tuple(raw["evidence"]),
            tuple(Change._from(c) for c in raw["changes"]),
            raw,
        )


@dataclass(frozen=True)
class FamilyTree:
    """Who copied whom in one family: parents before children, roots oldest first."""

    id: int
    nodes: Tuple[FamilyNode, ...]

    def to_dict(self) -> dict:
        """The object of ``stemma family --json``."""
        return {"id": self.id, "nodes": [node.to_dict() for node in self.nodes]}

    def to_networkx(self) -> Any:
        """The tree as a ``networkx.DiGraph`` (networkx must be installed): the
        nodes and edges, ids and attributes of ``stemma family --graphml``."""
        import networkx

        graph = networkx.DiGraph()
        for node in self.nodes:
            doc = node.document
            texts = {"outlet": doc.outlet, "published_at": doc.published_at, "title": doc.title,
                     "external_id": doc.external_id}
            # Empty texts are left out, as GraphML readers leave them out.
            graph.add_node(f"d{doc.id}", **{key: value for key, value in texts.items() if value},
                           span_begin=node.span[0], span_end=node.span[1])
        for node in self.nodes:
            if node.parent is None:
                continue
            dropped = any(change.kind == "attribution_dropped" for change in node.changes)
            graph.add_edge(f"d{node.parent}", f"d{node.document.id}",
                           confidence=round(node.confidence, 4), changes=len(node.changes),
                           attribution_dropped=dropped)
        return graph


@dataclass(frozen=True)
class ReportPassage(_Record):
    """A passage of a reported article: its earliest source and the chain of copies to it.

    ``chain``: the ids of the documents from the earliest source to the article's
    nearest stored relative, oldest first.
    """

    query: Range
    earliest_source: Document
    source: Range
    family: Optional[int]
    chain: Tuple[int, ...]
    changes: Tuple[Change, ...]
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "ReportPassage":
        earliest = raw["earliest_source"]
        return cls(
            (raw["query"]["begin"], raw["query"]["end"]),
            Document._from({k: v for k, v in earliest.items() if k not in _SIDE_KEYS}),
            (earliest["begin"], earliest["end"]),
            raw["family"],
            tuple(raw["chain"]),
            tuple(Change._from(c) for c in raw["changes"]),
            raw,
        )


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
class OutletSummary(_Record):
    """Which outlets an outlet reprints, and how much of its text is copied."""

    outlet: str
    documents: int
    reused_share: float
    sources: Tuple[Tuple[str, int], ...]
    attribution_dropped_share: float
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "OutletSummary":
        sources = tuple((s["outlet"], s["passages"]) for s in raw["sources"])
        return cls(**{**raw, "sources": sources}, _raw=raw)


@dataclass(frozen=True)
class AddStats(_Record):
    """What one ``Corpus.add()`` stored. ``duplicate_of``: (record, stored id) pairs."""

    documents_read: int
    documents_added: int
    duplicates: int
    passages: int
    bytes_added: int
    family_members: int
    passages_withdrawn: int
    duplicate_of: Tuple[Tuple[str, int], ...]
    _raw: dict = _raw_field()

    @classmethod
    def _from(cls, raw: dict) -> "AddStats":
        pairs = tuple((name, id) for name, id in raw["duplicate_of"])
        raw = {**raw, "duplicate_of": [list(pair) for pair in pairs]}
        return cls(**{**raw, "duplicate_of": pairs}, _raw=raw)
