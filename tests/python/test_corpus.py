"""Corpus calls on the seeds and on the Helsinki articles, against the command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import stemma
from conftest import run_json
from matching import assert_matches


def test_seeds_stored(seed_corpus: Path) -> None:
    stats = stemma.Corpus(seed_corpus).stats()
    assert stats["documents"] == 2
    assert stats["passages"] == 1


def test_trace_finds_the_shared_passage(seed_corpus: Path, seeds: tuple[Path, Path]) -> None:
    corpus = stemma.Corpus(seed_corpus)
    result = corpus.trace(seeds[1].read_text(encoding="utf-8"))
    sources = {found.source.external_id: found for found in result}
    first = sources[seeds[0].name]
    assert (first.passage.a.begin, first.passage.a.end) == (2834, 3113)
    assert (first.query.begin, first.query.end) == (1226, 1505)
    assert first.source.outlet == "First" and first.source.published_at == "2020-01-01"
    assert 0 < result.coverage <= 1


def test_trace_matches_the_command(command: Path, seed_corpus: Path, seeds: tuple[Path, Path]) -> None:
    corpus = stemma.Corpus(seed_corpus)
    for seed in seeds:
        ours = [found.to_dict() for found in corpus.trace(seed.read_bytes())]
        assert_matches(ours, run_json(command, "trace", "--json", seed_corpus, seed))


def test_families_family_and_report_on_the_seeds(
    command: Path, seed_corpus: Path, seeds: tuple[Path, Path]
) -> None:
    corpus = stemma.Corpus(seed_corpus)
    families = corpus.families()
    assert len(families) == 1 and families[0].size == 2
    assert families[0].outlets == ("First", "Second")
    assert_matches([f.to_dict() for f in families], run_json(command, "families", "--json", seed_corpus))
    tree = corpus.family(families[0].id)
    assert [node.parent for node in tree.nodes][0] is None
    assert_matches([tree.to_dict()], run_json(command, "family", "--json", seed_corpus, tree.id))
    report = corpus.report(seeds[1].read_bytes())
    assert len(report) == 1 and report[0].query == (1226, 1505)
    assert report[0].earliest_source.external_id == seeds[0].name
    assert report[0].source == (2834, 3113)
    assert_matches([p.to_dict() for p in report], run_json(command, "report", "--json", seed_corpus, seeds[1]))


def test_add_texts_only_and_text_back(tmp_path: Path, seeds: tuple[Path, Path]) -> None:
    corpus = stemma.Corpus.create(tmp_path / "c", window=4)
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    added = corpus.add(texts + [texts[0]])
    assert (added.documents_added, added.duplicates, added.passages) == (2, 1, 1)
    assert added.duplicate_of == (("record 3", 1),)
    assert corpus.text(1) == texts[0]
    assert corpus.stats()["window"] == 4


def test_python_add_equals_command_add(helsinki_corpus: Path, helsinki_cli_corpus: Path) -> None:
    ours = stemma.Corpus(helsinki_corpus).stats()
    theirs = stemma.Corpus(helsinki_cli_corpus).stats()
    for key in ("documents", "outlets", "passages", "families", "first_published", "last_published"):
        assert ours[key] == theirs[key], key
    assert ours["documents"] > 500


def test_helsinki_families_match_the_command(
    command: Path, helsinki_corpus: Path, helsinki_cli_corpus: Path
) -> None:
    ours = [family.to_dict() for family in stemma.Corpus(helsinki_corpus).families()]
    assert len(ours) > 10
    assert_matches(ours, run_json(command, "families", "--json", helsinki_corpus))
    assert_matches(ours, run_json(command, "families", "--json", helsinki_cli_corpus))
    limited = stemma.Corpus(helsinki_corpus).families(limit=5)
    assert [f.to_dict() for f in limited] == ours[:5]


def test_helsinki_family_tree_matches_the_command(command: Path, helsinki_corpus: Path) -> None:
    corpus = stemma.Corpus(helsinki_corpus)
    for family in corpus.families(limit=3):
        tree = corpus.family(family.id)
        assert tree.id == family.id and tree.nodes
        assert_matches([tree.to_dict()], run_json(command, "family", "--json", helsinki_corpus, family.id))


def _articles(helsinki: list[dict]) -> list[dict]:
    # Articles with copies in the corpus, and a few others.
    return helsinki[:6] + helsinki[100:103] + helsinki[300:302]


def test_helsinki_trace_and_report_match_the_command(
    command: Path, helsinki_corpus: Path, helsinki: list[dict], tmp_path: Path
) -> None:
    corpus = stemma.Corpus(helsinki_corpus)
    found = 0
    for index, record in enumerate(_articles(helsinki)):
        path = tmp_path / f"article{index}.txt"
        path.write_text(record["text"], encoding="utf-8")
        traced = corpus.trace(record["text"])
        found += len(traced)
        assert_matches([t.to_dict() for t in traced], run_json(command, "trace", "--json", helsinki_corpus, path))
        report = corpus.report(record["text"])
        assert_matches([p.to_dict() for p in report], run_json(command, "report", "--json", helsinki_corpus, path))
        if report.article is not None:
            assert corpus.text(report.article) == record["text"]
    assert found > 0


def test_trace_min_tokens_matches_the_command(
    command: Path, helsinki_corpus: Path, helsinki: list[dict], tmp_path: Path
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(helsinki[1]["text"], encoding="utf-8")
    ours = [t.to_dict() for t in stemma.Corpus(helsinki_corpus).trace(path.read_bytes(), min_tokens=30)]
    assert_matches(ours, run_json(command, "trace", "--json", "--min-tokens", 30, helsinki_corpus, path))


def test_outlets_match_the_command(command: Path, helsinki_corpus: Path) -> None:
    ours = [o.to_dict() for o in stemma.Corpus(helsinki_corpus).outlets()]
    assert_matches(ours, run_json(command, "outlets", "--json", helsinki_corpus))


def test_dataframes_of_corpus_results(helsinki_corpus: Path, helsinki: list[dict]) -> None:
    pytest.importorskip("pandas")
    corpus = stemma.Corpus(helsinki_corpus)
    traced = corpus.trace(helsinki[0]["text"])
    frame = stemma.to_dataframe(traced)
    assert len(frame) == len(traced)
    assert {"source_id", "source_outlet", "query_begin", "identity", "edits"} <= set(frame.columns)
    families = stemma.to_dataframe(corpus.families())
    assert list(families["id"]) == [f.id for f in corpus.families()]
    tree = corpus.family(corpus.families(limit=1)[0].id)
    nodes = stemma.to_dataframe(tree)
    assert len(nodes) == len(tree.nodes) and "doc_outlet" in nodes.columns
    report = stemma.to_dataframe(corpus.report(helsinki[0]["text"]))
    assert {"query_begin", "earliest_source_outlet", "chain"} <= set(report.columns)
    json.dumps(traced.to_dicts())  # plain values, ready for JSON too


def test_documents_search_the_words_of_the_text(tmp_path: Path) -> None:
    corpus = stemma.Corpus.create(tmp_path / "corpus")
    text = "Le président a visité Zürich. Puis Genève."
    corpus.add([{"id": "one", "outlet": "Le Temps", "text": text}, {"id": "two", "text": "Autre chose."}])
    page = corpus.documents("zurich")
    assert page["total"] == 1
    found = page["documents"][0]
    assert found["external_id"] == "one"
    snippet = found["snippet"]
    raw = text.encode("utf-8")
    assert [raw[b:e].decode("utf-8") for b, e in snippet["highlights"]] == ["Zürich"]
    assert raw[snippet["begin"] : snippet["end"]].decode("utf-8") == snippet["text"]
    assert corpus.documents("temps")["documents"][0]["snippet"] is None
    assert corpus.documents('"a" OR NOT (')["total"] == 0
    assert corpus.documents()["total"] == 2


def test_watch_and_alerts_match_the_command(command: Path, tmp_path: Path, seeds: tuple[Path, Path]) -> None:
    corpus = stemma.Corpus.create(tmp_path / "c")
    watch = corpus.watch("seed", text=seeds[0].read_text(encoding="utf-8"), min_tokens=10)
    assert (watch["name"], watch["kind"], watch["alerts"]) == ("seed", "text", 0)
    with pytest.raises(stemma.InvalidArgumentError):
        corpus.watch("seed", text="another text of words")  # the name is taken
    with pytest.raises(stemma.InvalidArgumentError):
        corpus.watch(text="words", outlet="X")  # two things to watch
    corpus.add([seeds[1].read_text(encoding="utf-8")])
    alerts = corpus.alerts()
    assert [(a["watch"], a["document"]["id"]) for a in alerts] == [("seed", 1)]
    assert alerts[0]["passages"][0]["matched_tokens"] >= 10
    assert alerts == run_json(command, "alerts", "--json", tmp_path / "c")
    assert corpus.alerts(since=alerts[0]["id"]) == []
    assert corpus.watches() == run_json(command, "watch", "list", "--json", tmp_path / "c")
    corpus.unwatch("seed")
    assert corpus.watches() == [] and corpus.alerts() == []


def _graph_of_graphml(text: str):
    import io

    import networkx

    return networkx.read_graphml(io.BytesIO(text.encode("utf-8")))


def _same_graph(left, right) -> None:
    assert set(left.nodes) == set(right.nodes)
    assert set(left.edges) == set(right.edges)
    for node in left.nodes:
        assert left.nodes[node] == right.nodes[node], node
    for edge in left.edges:
        assert left.edges[edge] == right.edges[edge], edge


def test_graphml_exports_parse_with_networkx_and_match_the_json(
    command: Path, helsinki_corpus: Path
) -> None:
    pytest.importorskip("networkx")
    import csv
    import io
    import subprocess

    def out(*args: object) -> str:
        return subprocess.run([str(command), *map(str, args)], capture_output=True, check=True).stdout.decode()

    corpus = stemma.Corpus(helsinki_corpus)
    family_id = corpus.families(limit=1)[0].id
    tree = run_json(command, "family", "--json", helsinki_corpus, family_id)[0]
    graph = _graph_of_graphml(out("family", "--graphml", helsinki_corpus, family_id))
    assert set(graph.nodes) == {f"d{node['doc']['id']}" for node in tree["nodes"]}
    assert set(graph.edges) == {
        (f"d{node['parent']}", f"d{node['doc']['id']}") for node in tree["nodes"] if node["parent"] is not None
    }
    assert len(graph.edges) >= 1
    _same_graph(graph, corpus.family(family_id).to_networkx())

    outlets = run_json(command, "outlets", "--json", helsinki_corpus)
    network = _graph_of_graphml(out("outlets", "--graphml", helsinki_corpus))
    edges = {(source["outlet"], outlet["outlet"]) for outlet in outlets for source in outlet["sources"]}
    assert edges and set(network.edges) == edges
    assert {o["outlet"] for o in outlets} <= set(network.nodes)
    for outlet in outlets:
        for source in outlet["sources"]:
            edge = network.edges[source["outlet"], outlet["outlet"]]
            assert edge["passages"] == source["passages"]
            assert edge["attribution_dropped"] == source["attribution_dropped"] <= source["passages"]
            assert source["families"] == sorted(set(source["families"])) and source["families"]
    _same_graph(network, corpus.outlet_network())
    rows = list(csv.DictReader(io.StringIO(out("outlets", "--csv", helsinki_corpus))))
    assert {(row["source"], row["outlet"]) for row in rows} == edges
    assert sum(int(row["attribution_dropped"]) for row in rows) == sum(
        source["attribution_dropped"] for outlet in outlets for source in outlet["sources"])


def test_a_sharded_corpus_traces_as_the_whole(
    command: Path, helsinki_cli_corpus: Path, helsinki: list[dict], tmp_path: Path
) -> None:
    sharded = tmp_path / "sharded"
    subprocess.run([str(command), "shard", str(helsinki_cli_corpus), str(sharded), "--shards", "3"],
                   check=True, capture_output=True, timeout=600)
    whole = stemma.Corpus(helsinki_cli_corpus)
    parts = stemma.Corpus(sharded)
    found = 0
    for record in helsinki[::25]:
        expected = whole.trace(record["text"])
        assert [t.to_dict() for t in parts.trace(record["text"])] == [t.to_dict() for t in expected]
        assert parts.trace(record["text"]).coverage == expected.coverage
        found += len(expected)
    assert found > 0
    with pytest.raises(stemma.UnsupportedError, match="needs the whole corpus"):
        parts.families()
