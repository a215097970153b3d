"""stemma.compare on the seeds, against `stemma compare --json`."""

from __future__ import annotations

from pathlib import Path

import pytest

import stemma
from conftest import run_json
from matching import assert_matches, without_doc


def test_the_seeds_share_exactly_one_passage(seeds: tuple[Path, Path]) -> None:
    a, b = (p.read_bytes() for p in seeds)
    passages = stemma.compare(a, b, min_tokens=8)
    assert len(passages) == 1
    passage = passages[0]
    assert isinstance(passage, stemma.Passage)
    assert (passage.a.begin, passage.a.end) == (2834, 3113)
    assert (passage.b.begin, passage.b.end) == (1226, 1505)
    assert passage.matched_tokens <= passage.a.tokens
    assert 0 < passage.identity <= 1
    assert passage.edits and passage.edits[0].op == "equal"
    assert a[passage.a.begin:passage.a.end].split()[0] == b[passage.b.begin:passage.b.end].split()[0]


def test_str_and_bytes_give_the_same_passages(seeds: tuple[Path, Path]) -> None:
    a, b = (p.read_bytes() for p in seeds)
    from_bytes = [p.to_dict() for p in stemma.compare(a, b)]
    from_str = [p.to_dict() for p in stemma.compare(a.decode(), b.decode())]
    assert from_bytes == from_str


@pytest.mark.parametrize("min_tokens", [8, 20])
def test_compare_matches_the_command(command: Path, seeds: tuple[Path, Path], min_tokens: int) -> None:
    a, b = seeds
    ours = [p.to_dict() for p in stemma.compare(a.read_bytes(), b.read_bytes(), min_tokens)]
    theirs = run_json(command, "compare", "--json", "--min-tokens", min_tokens, a, b)
    assert_matches(ours, [without_doc(record) for record in theirs])
    # And the other way round.
    ours = [p.to_dict() for p in stemma.compare(b.read_bytes(), a.read_bytes(), min_tokens)]
    theirs = run_json(command, "compare", "--json", "--min-tokens", min_tokens, b, a)
    assert_matches(ours, [without_doc(record) for record in theirs])


def test_unrelated_texts_share_nothing() -> None:
    assert len(stemma.compare("one two three four", "five six seven eight")) == 0


def test_results_are_a_lazy_sequence(seeds: tuple[Path, Path]) -> None:
    a, b = (p.read_bytes() for p in seeds)
    passages = stemma.compare(a, b, min_tokens=3)
    assert len(list(passages)) == len(passages) >= 1
    assert passages[-1] == passages[len(passages) - 1]
    assert passages[0:1] == [passages[0]]
    with pytest.raises(IndexError):
        passages[len(passages)]


def test_to_dataframe(seeds: tuple[Path, Path]) -> None:
    pandas = pytest.importorskip("pandas")
    a, b = (p.read_bytes() for p in seeds)
    frame = stemma.to_dataframe(stemma.compare(a, b))
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["a_begin"]) == [2834]
    assert list(frame["b_end"]) == [1505]


# Written for this test: a report and the same report read by bad OCR.
REPORT = (
    "Page one. The storm that struck the valley on Tuesday night destroyed forty houses and the old "
    "mill, and left nine families without shelter. Relief committees met at the town hall on "
    "Wednesday morning and asked the governor for tents, blankets and medical supplies."
)
MISREAD = (
    "Column four. Tho storm tbat struck the vallev on Tuesday nigbt destroyed fortv houses nnd the "
    "old miil, and loft nine famiiies witbout shelter. Relief committees mct at the towu hall on "
    "Wedncsday morning aud asked tho governor for tcnts, blankets aud medicai suppiies."
)


def test_letters_read_through_ocr_damage_as_the_command_does(command: Path, tmp_path: Path) -> None:
    assert len(stemma.compare(REPORT, MISREAD)) == 0
    ours = [p.to_dict() for p in stemma.compare(REPORT, MISREAD, letters=True)]
    assert len(ours) == 1
    assert REPORT[ours[0]["a"]["begin"]:].startswith("The storm that")  # not "Page one."
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(REPORT)
    b.write_text(MISREAD)
    theirs = run_json(command, "compare", "--json", "--letters", a, b)
    assert_matches(ours, [without_doc(record) for record in theirs])
    with pytest.raises(TypeError):
        stemma.compare(REPORT, MISREAD, letters="yes")
