"""One result schema: the command's --json, the HTTP API and the package's to_dict().

All three call the engine's one serialisation (include/stemma/json.h), so for the
same corpus and the same question they must give equal values, key for key and
number for number, with no tolerance. A field added to one and not the others,
or a key spelled two ways, fails here.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

import stemma
from conftest import run_json


def serve(command: Path, corpus: Path) -> Iterator[str]:
    """`stemma serve` on a free loopback port: its address while it runs."""
    server = subprocess.Popen(
        [str(command), "serve", "--port", "0", str(corpus)], stderr=subprocess.PIPE, text=True
    )
    try:
        line = server.stderr.readline() if server.stderr else ""
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert port, f"no port in: {line!r}"
        yield f"http://127.0.0.1:{port.group(1)}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def api(command: Path, seed_corpus: Path) -> Iterator[str]:
    """The seeds' corpus served."""
    yield from serve(command, seed_corpus)


@pytest.fixture(scope="module")
def first_seed(tmp_path_factory: pytest.TempPathFactory, seeds: tuple[Path, Path]) -> Path:
    """A corpus of the first seed alone: the second then reads as a copy that changed it."""
    path = tmp_path_factory.mktemp("first-seed") / "corpus"
    with stemma.Corpus.create(path) as corpus:
        corpus.add([{"id": "first", "outlet": "First", "published_at": "2020-01-01",
                     "text": seeds[0].read_bytes()}])
    return path


def get(api: str, path: str) -> Any:
    with urllib.request.urlopen(api + path, timeout=60) as response:
        return json.loads(response.read())


def post(api: str, path: str, body: dict) -> Any:
    request = urllib.request.Request(
        api + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_trace_is_one_shape(command: Path, seed_corpus: Path, seeds: tuple[Path, Path], api: str) -> None:
    text = seeds[1].read_text(encoding="utf-8")
    ours = [found.to_dict() for found in stemma.Corpus(seed_corpus).trace(text)]
    assert ours, "the seeds share a passage"
    assert ours == run_json(command, "trace", "--json", seed_corpus, seeds[1])
    assert ours == post(api, "/v1/trace", {"text": text})["passages"]


def test_report_is_one_shape(
    command: Path, first_seed: Path, seeds: tuple[Path, Path], tmp_path: Path
) -> None:
    # The ministry's claim without "Kazakhstan Foreign Ministry said in a statement on Monday that".
    claim = seeds[0].read_bytes()[2897:3113].decode()
    text = f"Unrest spread across the country this week. {claim.capitalize()} Few were convinced.\n"
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    ours = [passage.to_dict() for passage in stemma.Corpus(first_seed).report(text)]
    assert ours and [c["kind"] for c in ours[0]["changes"]] == ["attribution_dropped"]
    assert ours == run_json(command, "report", "--json", first_seed, article)
    for api in serve(command, first_seed):
        assert ours == post(api, "/v1/report", {"text": text})["passages"]


def test_families_and_tree_are_one_shape(command: Path, seed_corpus: Path, api: str) -> None:
    corpus = stemma.Corpus(seed_corpus)
    families = [family.to_dict() for family in corpus.families()]
    assert families == run_json(command, "families", "--json", seed_corpus)
    assert families == get(api, "/v1/families")["families"]
    tree = corpus.family(families[0]["id"]).to_dict()
    assert [tree] == run_json(command, "family", "--json", seed_corpus, families[0]["id"])
    assert tree == get(api, f"/v1/families/{families[0]['id']}")


def test_stats_and_documents_are_one_shape(command: Path, seed_corpus: Path, api: str) -> None:
    corpus = stemma.Corpus(seed_corpus)
    assert [corpus.stats()] == run_json(command, "stats", "--json", seed_corpus)
    for query in ("", "?q=kazakhstan", "?outlet=Second&limit=1"):
        page = get(api, "/v1/documents" + query)
        words = query.removeprefix("?q=") if query.startswith("?q=") else ""
        outlet = "Second" if "outlet" in query else ""
        limit = 1 if "limit" in query else 50
        assert page["documents"], query
        assert corpus.documents(words, outlet=outlet, limit=limit) == page, query


def test_compare_is_one_shape(command: Path, seeds: tuple[Path, Path], seed_corpus: Path, api: str) -> None:
    a, b = (seed.read_bytes() for seed in seeds)
    ours = [passage.to_dict() for passage in stemma.compare(a, b)]
    assert ours
    theirs = run_json(command, "compare", "--json", seeds[0], seeds[1])
    for record in theirs:
        assert record["a"].pop("doc") == str(seeds[0]) and record["b"].pop("doc") == str(seeds[1])
    assert ours == theirs
    assert ours == get(api, "/v1/compare?a=1&b=2")["passages"]
