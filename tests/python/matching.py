"""Field-by-field comparison of the package's to_dict() with the command's JSON."""

from __future__ import annotations

from typing import Any


def assert_matches(ours: Any, theirs: Any, where: str = "") -> None:
    """Equal structures; numbers with a fraction equal to the command's four decimals."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), f"{where}: {ours!r} is not an object"
        assert ours.keys() == theirs.keys(), f"{where}: keys {sorted(ours)} != {sorted(theirs)}"
        for key in theirs:
            assert_matches(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list), f"{where}: {ours!r} is not a list"
        assert len(ours) == len(theirs), f"{where}: {len(ours)} items != {len(theirs)}"
        for index, (a, b) in enumerate(zip(ours, theirs)):
            assert_matches(a, b, f"{where}[{index}]")
    elif isinstance(theirs, float) or isinstance(ours, float):
        assert abs(ours - theirs) <= 0.5e-4 + 1e-12, f"{where}: {ours} != {theirs}"
    else:
        assert ours == theirs, f"{where}: {ours!r} != {theirs!r}"


def without_doc(record: dict) -> dict:
    """A `stemma compare --json` record without the file names."""
    record = dict(record)
    for side in ("a", "b"):
        record[side] = {k: v for k, v in record[side].items() if k != "doc"}
    return record
