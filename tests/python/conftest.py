"""Fixtures of the Python suite: the built package and command, the shared data, corpora.

Run by CTest (python_test) with PYTHONPATH=build/python, STEMMA_COMMAND and
STEMMA_SHARED_DIR set; by hand: PYTHONPATH=build/python python3 -m pytest tests/python
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

import stemma

SOURCE_DIR = Path(__file__).resolve().parents[2]
SEED_A = "seeds/000_eae5aba72e740d9d.txt"
SEED_B = "seeds/003_f205e2133bbe4ba5.txt"
HELSINKI = "data/helsinki_articles.csv"


def _shared_dir() -> Path:
    return Path(os.environ.get("STEMMA_SHARED_DIR", SOURCE_DIR.parent / "shared"))


def shared_file(name: str) -> Path:
    path = _shared_dir() / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the shared folder (../shared) is needed for this test")
    return path


@pytest.fixture(scope="session")
def command() -> Path:
    path = Path(os.environ.get("STEMMA_COMMAND", SOURCE_DIR / "build/tools/stemma/stemma"))
    if not path.is_file():
        pytest.fail(f"the stemma command is not built: {path}")
    return path


def run_json(command: Path, *args: object) -> list:
    """The JSON Lines a stemma command prints, parsed."""
    done = subprocess.run(
        [str(command), *map(str, args)], capture_output=True, check=True, timeout=600
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def seeds() -> tuple[Path, Path]:
    return shared_file(SEED_A), shared_file(SEED_B)


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory, seeds: tuple[Path, Path]) -> Path:
    """The two seeds stored by the Python package."""
    path = tmp_path_factory.mktemp("seeds") / "corpus"
    with stemma.Corpus.create(path) as corpus:
        corpus.add(
            {"id": p.name, "outlet": outlet, "published_at": date, "text": p.read_bytes()}
            for p, outlet, date in zip(seeds, ("First", "Second"), ("2020-01-01", "2020-01-02"))
        )
    return path


def helsinki_records() -> list[dict]:
    with open(shared_file(HELSINKI), encoding="utf-8", newline="") as file:
        return [
            {"id": row["id"], "outlet": row["publisher"], "published_at": row["scrape_time"],
             "text": row["text"]}
            for row in csv.DictReader(file)
        ]


@pytest.fixture(scope="session")
def helsinki() -> list[dict]:
    return helsinki_records()


@pytest.fixture(scope="session")
def helsinki_corpus(tmp_path_factory: pytest.TempPathFactory, helsinki: list[dict]) -> Path:
    """The Helsinki articles stored by the Python package."""
    path = tmp_path_factory.mktemp("helsinki-python") / "corpus"
    with stemma.Corpus.create(path) as corpus:
        corpus.add(iter(helsinki))
    return path


@pytest.fixture(scope="session")
def helsinki_cli_corpus(tmp_path_factory: pytest.TempPathFactory, command: Path) -> Path:
    """The Helsinki articles stored by `stemma add`."""
    csv_path = shared_file(HELSINKI)
    path = tmp_path_factory.mktemp("helsinki-cli") / "corpus"
    subprocess.run([str(command), "init", str(path)], check=True, capture_output=True)
    subprocess.run(
        [str(command), "add", str(path), str(csv_path), "--csv-outlet", "publisher",
         "--csv-date", "scrape_time"],
        check=True, capture_output=True, timeout=600,
    )
    return path
