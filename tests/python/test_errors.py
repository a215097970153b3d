"""Bad input raises exceptions (stemma.Error subclasses for the engine's own errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

import stemma


def test_exception_classes() -> None:
    for cls in (stemma.InvalidArgumentError, stemma.NotFoundError, stemma.IoError,
                stemma.CorruptionError, stemma.UnsupportedError):
        assert issubclass(cls, stemma.Error)
    assert issubclass(stemma.InvalidArgumentError, ValueError)
    assert issubclass(stemma.NotFoundError, LookupError)
    assert issubclass(stemma.IoError, OSError)


def test_opening_a_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(stemma.NotFoundError, match="not a stemma corpus"):
        stemma.Corpus(tmp_path / "nowhere")


def test_creating_over_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("hello")
    with pytest.raises(stemma.Error):
        stemma.Corpus.create(tmp_path)


def test_invalid_utf8_bytes() -> None:
    with pytest.raises(stemma.InvalidArgumentError, match="invalid UTF-8 at byte 4"):
        stemma.compare(b"abc \xff def", "abc def")
    with pytest.raises(stemma.InvalidArgumentError, match="invalid UTF-8"):
        stemma.compare("abc", b"\xc3")


def test_unencodable_str() -> None:
    with pytest.raises(stemma.InvalidArgumentError, match="UTF-8"):
        stemma.compare("lone \ud800 surrogate", "x")


@pytest.mark.parametrize("a, b", [(None, "x"), ("x", 3), (["x"], "x")])
def test_wrong_types(a: object, b: object) -> None:
    with pytest.raises(TypeError):
        stemma.compare(a, b)  # type: ignore[arg-type]


def test_invalid_options_carry_the_engine_message() -> None:
    with pytest.raises(stemma.InvalidArgumentError, match="min_tokens"):
        stemma.compare("a", "b", min_tokens=0)
    with pytest.raises(TypeError):
        stemma.compare("a", "b", min_tokens="8")  # type: ignore[arg-type]


def test_wrong_path_types() -> None:
    with pytest.raises(TypeError):
        stemma.Corpus(42)  # type: ignore[arg-type]


def test_bad_records_abort_the_whole_add(tmp_path: Path) -> None:
    corpus = stemma.Corpus.create(tmp_path / "c")
    good = {"id": "1", "text": "one two three four five six seven eight nine ten"}
    with pytest.raises(TypeError, match="record 2"):
        corpus.add([good, 42])
    with pytest.raises(stemma.InvalidArgumentError, match="invalid UTF-8"):
        corpus.add([good, {"text": b"\xff\xfe"}])
    with pytest.raises(stemma.InvalidArgumentError, match="ISO 8601"):
        corpus.add([good, {"text": "x y z", "published_at": "yesterday"}])
    with pytest.raises(TypeError):
        corpus.add("a single text")

    def failing():
        yield good
        raise KeyError("from the iterator")

    with pytest.raises(KeyError, match="from the iterator"):
        corpus.add(failing())
    assert corpus.stats()["documents"] == 0  # nothing of the failed adds was kept
    assert corpus.add([good]).documents_added == 1


def test_unknown_family_and_document(seed_corpus: Path) -> None:
    corpus = stemma.Corpus(seed_corpus)
    with pytest.raises(stemma.Error):
        corpus.family(999999)
    with pytest.raises(stemma.Error):
        corpus.text(999999)


def test_a_closed_corpus(seed_corpus: Path) -> None:
    corpus = stemma.Corpus(seed_corpus)
    corpus.close()
    with pytest.raises(stemma.InvalidArgumentError, match="closed"):
        corpus.trace("anything")


def test_using_the_corpus_from_its_own_add(tmp_path: Path) -> None:
    corpus = stemma.Corpus.create(tmp_path / "c")

    def records():
        yield "one two three four five six seven eight nine ten"
        corpus.trace("anything")  # would wait for the add forever

    with pytest.raises(stemma.InvalidArgumentError, match="busy"):
        corpus.add(records())
    assert corpus.stats()["documents"] == 0


def test_set_threads() -> None:
    with pytest.raises(stemma.InvalidArgumentError):
        stemma.set_threads(-1)
    with pytest.raises(TypeError):
        stemma.set_threads("2")  # type: ignore[arg-type]
    stemma.set_threads(1)
    text = "the minister said on monday that the talks would resume next week in geneva"
    assert len(stemma.compare(text, text)) == 1
    stemma.set_threads(0)
