"""stemma: find where news text came from, from Python.

    import stemma
    passages = stemma.compare(text_a, text_b, min_tokens=8)
    corpus = stemma.Corpus.create("my-corpus")          # or stemma.Corpus("my-corpus")
    corpus.add([{"id": "1", "outlet": "AP", "published_at": "2022-01-10", "text": "..."}])
    for found in corpus.trace(article):
        print(found.source.outlet, found.query.begin, found.query.end)
    stemma.to_dataframe(corpus.families())               # needs pandas

Texts are ``str`` or UTF-8 ``bytes``; ``bytes`` that are not valid UTF-8 raise
``InvalidArgumentError`` (naming the first bad byte). Offsets in results are byte
offsets into the UTF-8 text. Engine errors raise ``stemma.Error`` subclasses
with the engine's message; wrong argument types raise ``TypeError``. The calls
release the GIL: threads tracing on their own ``Corpus`` objects run in parallel.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

from . import _stemma
from ._stemma import (
    CorruptionError,
    Error,
    InvalidArgumentError,
    IoError,
    NotFoundError,
    UnsupportedError,
)
from ._types import (
    AddStats,
    Change,
    ChangeSide,
    Document,
    Edit,
    FamilyNode,
    FamilySummary,
    FamilyTree,
    LazySequence,
    OutletSummary,
    Passage,
    PassageSide,
    Report,
    ReportPassage,
    TracedPassage,
    TraceResult,
)

__all__ = [
    "AddStats", "Change", "ChangeSide", "Corpus", "CorruptionError", "Document", "Edit",
    "Error", "FamilyNode", "FamilySummary", "FamilyTree", "InvalidArgumentError", "IoError",
    "NotFoundError", "OutletSummary", "Passage", "PassageSide", "Report", "ReportPassage",
    "TraceResult", "TracedPassage", "UnsupportedError", "compare", "set_threads", "to_dataframe",
]
__version__ = "0.1.0"

Text = Union[str, bytes, bytearray, memoryview]
PathLike = Union[str, "os.PathLike[str]"]

_RECORD_FIELDS = ("id", "url", "outlet", "title", "published_at", "language", "text")


def _text(value: Any, what: str = "text") -> bytes:
    """A text as UTF-8 bytes, checked."""
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InvalidArgumentError(
                f"{what}: not encodable as UTF-8 at character {error.start} ({error.reason})"
            ) from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidArgumentError(
                f"{what}: invalid UTF-8 at byte {error.start} ({error.reason})"
            ) from None
        return data
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def _path(value: Any) -> str:
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str):
            return path
    raise TypeError(f"path must be str or os.PathLike, not {type(value).__name__}")


def compare(
    a: Text, b: Text, min_tokens: int = 8, *, ngram: int = 5, window: int = 4,
    letters: bool = False,
) -> LazySequence[Passage]:
    """Every passage texts ``a`` and ``b`` share, through edits, in the order of ``a``.

    ``min_tokens``: the shortest passage reported, in matched tokens. ``ngram`` and
    ``window`` are the fingerprint settings (as ``stemma compare --ngram --window``).
    ``letters``: also seed and align on letters, for OCR too damaged for word seeds
    (as ``stemma compare --letters``; several times slower).
    """
    if not isinstance(letters, bool):
        raise TypeError(f"letters must be bool, not {type(letters).__name__}")
    raw = _stemma.compare(
        _text(a, "a"), _text(b, "b"), _int(min_tokens, "min_tokens"),
        _int(ngram, "ngram"), _int(window, "window"), letters,
    )
    return LazySequence(raw, Passage._from)


def set_threads(threads: int) -> None:
    """The most threads the engine uses for one call, process-wide (0: one per core).

    Threads of your own that each call stemma are not limited by it: with
    ``set_threads(1)`` each call runs on its caller's thread alone.
    """
    _stemma.set_threads(_int(threads, "threads"))


def _field(record: Mapping[str, Any], key: str, index: int) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"record {index}: {key!r} must be a string, not {type(value).__name__}")
    return value


def _records(records: Iterable[Any]) -> Iterator[tuple]:
    """Each record as the tuple the C++ layer reads."""
    if isinstance(records, (str, bytes, Mapping)):
        raise TypeError("add() takes an iterable of texts or records, not a single one")
    for index, record in enumerate(records, 1):
        origin = f"record {index}"
        if isinstance(record, (str, bytes, bytearray, memoryview)):
            yield ("", "", "", "", None, "", _text(record, origin), "{}", origin)
            continue
        if hasattr(record, "_asdict"):
            record = record._asdict()
        if not isinstance(record, Mapping):
            raise TypeError(f"{origin}: a text (str, bytes) or a mapping, not {type(record).__name__}")
        if "text" not in record:
            raise InvalidArgumentError(f"{origin}: no \"text\"")
        published = record.get("published_at")
        if isinstance(published, (datetime, date)):
            published = published.isoformat()
        elif published is not None and not isinstance(published, str):
            raise TypeError(f"{origin}: 'published_at' must be a string or a date")
        metadata = {k: v for k, v in record.items() if k not in _RECORD_FIELDS}
        try:
            metadata_json = json.dumps(metadata, ensure_ascii=False, default=str)
        except (TypeError, ValueError) as error:
            raise InvalidArgumentError(f"{origin}: metadata not JSON: {error}") from None
        yield (
            _field(record, "id", index), _field(record, "url", index),
            _field(record, "outlet", index), _field(record, "title", index),
            published or None, _field(record, "language", index),
            _text(record["text"], f"{origin}: text"), metadata_json, origin,
        )


class Corpus:
    """A corpus on disk (a directory), as ``stemma init/add/trace`` use it.

    One ``Corpus`` object is used by one thread at a time (calls from several
    threads take turns); open one per thread to trace in parallel. Use it as a
    context manager, or call ``close()``, to release it early.
    """

    def __init__(self, path: PathLike) -> None:
        self.path = _path(path)
        self._corpus = _stemma.Corpus(self.path)

    @classmethod
    def create(
        cls, path: PathLike, *, ngram: int = 5, window: int = 8, max_document_frequency: int = 100
    ) -> "Corpus":
        """Makes ``path`` a new, empty corpus (it may exist if empty) and opens it."""
        _stemma.Corpus.create(
            _path(path), _int(ngram, "ngram"), _int(window, "window"),
            _int(max_document_frequency, "max_document_frequency"),
        )
        return cls(path)

    def add(self, records: Iterable[Any], *, threads: int = 0) -> AddStats:
        """Stores texts or records, streamed, as one run (all or nothing).

        Each item is a text (``str``/``bytes``) or a mapping (or namedtuple) with
        ``text`` and any of ``id``, ``url``, ``outlet``, ``title``, ``published_at``
        (ISO 8601 string, ``date`` or ``datetime``), ``language``; other keys are kept
        as metadata, as in ``stemma add``'s JSON Lines. ``threads``: 0 = one per core.
        """
        raw = self._corpus.add(_records(records), "python add", _int(threads, "threads"))
        return AddStats._from(raw)

    def trace(self, text: Text, *, min_tokens: int = 8) -> TraceResult:
        """Every passage ``text`` (stored or not) shares with stored documents."""
        items, characters, covered = self._corpus.trace(_text(text), _int(min_tokens, "min_tokens"))
        return TraceResult(items, characters, covered)

    def families(self, limit: int = 0) -> LazySequence[FamilySummary]:
        """Reuse families, largest first (``limit`` 0: all)."""
        return LazySequence(self._corpus.families(_int(limit, "limit")), FamilySummary._from)

    def family(self, id: int) -> FamilyTree:
        """One family's tree of who copied whom."""
        tree_id, nodes = self._corpus.family(_int(id, "id"))
        return FamilyTree(tree_id, tuple(LazySequence(nodes, FamilyNode._from)))

    def report(self, text: Text, *, title: str = "") -> Report:
        """For each reused passage of ``text``: its earliest source, the chain, the changes."""
        if not isinstance(title, str):
            raise TypeError("title must be str")
        return Report(*self._corpus.report(_text(text), title))

    def outlets(self) -> LazySequence[OutletSummary]:
        """Which outlets reprint which (builds every family's tree: slow on big corpora)."""
        return LazySequence(self._corpus.outlets(), OutletSummary._from)

    def outlet_network(self) -> Any:
        """Who reprints whom as a ``networkx.DiGraph`` (networkx must be installed):
        the nodes, edges and attributes of ``stemma outlets --graphml``."""
        import networkx

        graph = networkx.DiGraph()
        outlets = list(self.outlets())
        for outlet in outlets:
            graph.add_node(outlet.outlet, documents=outlet.documents,
                           reused_share=round(outlet.reused_share, 4),
                           attribution_dropped_share=round(outlet.attribution_dropped_share, 4))
        for outlet in outlets:
            for source in outlet._raw["sources"]:
                graph.add_edge(source["outlet"], outlet.outlet, passages=source["passages"],
                               attribution_dropped=source["attribution_dropped"])
        return graph

    def stats(self) -> dict:
        """Counts and settings, as ``stemma stats --json``."""
        return self._corpus.stats()

    def text(self, id: int) -> str:
        """The original text of a stored document."""
        return self._corpus.text(_int(id, "id"))

    def documents(
        self,
        q: str = "",
        *,
        outlet: str = "",
        from_: str = "",
        to: str = "",
        limit: int = 50,
        offset: int = 0,
    ) -> dict:
        """A page of stored documents, as ``GET /v1/documents`` (docs/http_api.md).

        ``q`` takes documents whose title, outlet, external id or URL holds it, or
        whose text has all its words (taken literally, never as query syntax);
        metadata matches come first, then the text's bm25 rank. Each document's
        ``snippet`` is ``None`` or ``{"begin", "end", "text", "highlights"}``:
        byte ranges of the stored text, the excerpt's and its matched words'.
        Returns ``{"documents": [dict...], "total": int}``.
        """
        return self._corpus.documents(
            str(q), str(outlet), str(from_), str(to), _int(limit, "limit"), _int(offset, "offset")
        )

    def compact(self) -> None:
        """Merges all index segments into one."""
        self._corpus.compact()

    def watch(
        self,
        name: Optional[str] = None,
        *,
        text: Optional[str] = None,
        document: Optional[int] = None,
        outlet: Optional[str] = None,
        min_tokens: int = 20,
    ) -> dict:
        """Starts a watch: on a text, a stored document or an outlet (exactly one).

        Every later ``add`` records an alert for each new document that carries
        a passage of it (``alerts``). Returns the watch as ``watches`` lists it.
        """
        given = [value is not None for value in (text, document, outlet)]
        if sum(given) != 1:
            raise InvalidArgumentError("give exactly one of text, document, outlet")
        if text is not None:
            kind, default = "text", "text"
        elif document is not None:
            kind, default = "document", f"document-{_int(document, 'document')}"
        else:
            kind, default = "outlet", f"outlet-{outlet}"
        name = default if name is None else name
        self._corpus.add_watch(name, kind, text or "", int(document or 0), outlet or "",
                               _int(min_tokens, "min_tokens"))
        return next(w for w in self.watches() if w["name"] == name)

    def watches(self) -> list:
        """The watches, as ``stemma watch list --json`` prints them."""
        return list(self._corpus.watches())

    def unwatch(self, name: str) -> None:
        """Stops a watch; its alerts go with it."""
        self._corpus.remove_watch(name)

    def alerts(self, since: int = 0, limit: int = 1000) -> list:
        """Alerts with an id above ``since``, oldest first, as ``stemma alerts --json``."""
        return list(self._corpus.alerts(_int(since, "since"), _int(limit, "limit")))

    def close(self) -> None:
        """Releases the corpus; later calls raise InvalidArgumentError."""
        self._corpus.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"stemma.Corpus({self.path!r})"


def to_dataframe(results: Iterable[Any]) -> Any:
    """A pandas DataFrame of results (anything with ``to_dict()``, or dicts).

    ``results``: a sequence from ``compare``, ``trace``, ``families``, ``report`` or
    ``outlets``, a ``FamilyTree`` (one row per node), or any iterable of them.
    Nested fields become columns joined with ``_`` (``source_outlet``,
    ``query_begin``); lists (edits, changes) stay in one column each.
    """
    try:
        import pandas
    except ImportError as error:
        raise ImportError("stemma.to_dataframe needs pandas (Debian: python3-pandas)") from error
    if isinstance(results, FamilyTree):
        results = results.nodes  # one row per witness
    elif hasattr(results, "to_dict") and not isinstance(results, LazySequence):
        results = [results]
    rows = [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in results]
    return pandas.json_normalize(rows, sep="_")
