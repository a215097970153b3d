#!/usr/bin/env python3
"""Kept-alive connections are as fast as new ones, on every endpoint.

Clients that keep a connection (requests.Session, browsers, most HTTP
libraries) once waited 40 ms on every request after the first: the server
wrote an answer in two pieces with Nagle's algorithm on, and the second
waited for the client's delayed ACK. This test builds a corpus of the bundled
sample pages, serves it on a free loopback port, and times each endpoint
with Python's http.client over one kept-alive connection and over a new
connection per request (bench/keepalive_latency.py). It fails when a
kept-alive request takes over 10 times a new one's (p50 and p90, with 2 ms
of grace for sub-millisecond answers).

    keepalive_test.py STEMMA SOURCE_DIR WORK_DIR
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time


def load_bench(source_dir):
    path = os.path.join(source_dir, "bench", "keepalive_latency.py")
    spec = importlib.util.spec_from_file_location("keepalive_latency", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_records(source_dir, out_path):
    sample = os.path.join(source_dir, "data", "sample", "chronam-1916")
    articles = []
    with open(out_path, "w", encoding="utf-8") as out:
        for day in sorted(os.listdir(sample)):
            folder = os.path.join(sample, day)
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                    text = f.read()
                out.write(json.dumps({"id": f"{day}/{name}", "outlet": name.split("-")[0],
                                      "published_at": f"{day[:4]}-{day[4:6]}-{day[6:]}",
                                      "text": text}) + "\n")
                words = text.split()
                if len(words) >= 1000 and len(articles) < 3:
                    articles.append(" ".join(words[:1000]))
    return articles


def main():
    stemma, source_dir, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "articles"))
    articles = sample_records(source_dir, os.path.join(work, "records.jsonl"))
    assert articles, "the sample holds no page of 1,000 words"
    for index, article in enumerate(articles):
        with open(os.path.join(work, "articles", f"{index}.txt"), "w", encoding="utf-8") as f:
            f.write(article)
    corpus = os.path.join(work, "corpus")
    subprocess.run([stemma, "init", corpus], check=True, capture_output=True)
    subprocess.run([stemma, "add", corpus, os.path.join(work, "records.jsonl")], check=True,
                   capture_output=True)
    server = subprocess.Popen([stemma, "serve", "--port", "0", corpus], stderr=subprocess.PIPE,
                              text=True)
    try:
        line = server.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert port, f"no port in: {line!r}"
        url = f"http://127.0.0.1:{port.group(1)}"
        bench = load_bench(source_dir)
        results = bench.measure(url, articles, requests=20)
    finally:
        server.terminate()
        server.wait(timeout=30)
    failures = []
    for name, r in results.items():
        print(f"{name}: kept-alive p50 {r['kept_p50_ms']:.2f} ms p90 {r['kept_p90_ms']:.2f} ms; "
              f"new connection p50 {r['fresh_p50_ms']:.2f} ms p90 {r['fresh_p90_ms']:.2f} ms")
        if r["kept_p50_ms"] > 10 * r["fresh_p50_ms"] + 2 or r["kept_p90_ms"] > 10 * r["fresh_p90_ms"] + 2:
            failures.append(name)
    if failures:
        raise SystemExit(f"kept-alive requests over 10x a new connection's: {', '.join(failures)}")
    print(f"all {len(results)} endpoints: kept-alive within 10x of a new connection")


if __name__ == "__main__":
    main()
