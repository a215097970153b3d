#!/usr/bin/env python3
"""Latency of document search, GET /v1/documents?q=WORDS, over one kept-alive
connection (http.client, as bench/keepalive_latency.py).

    bench/search_latency.py URL [--requests N] WORDS...

URL is the server's base ("http://127.0.0.1:8080"); each WORDS argument is one
q (quote two-word queries). Prints, per q, how many documents match, how many
of the page's 50 carry a text snippet, and p50/p99 in ms of N requests after
3 warm-up ones.
"""
import argparse
import http.client
import json
import time
import urllib.parse


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(connection, q, requests):
    path = "/v1/documents?limit=50&q=" + urllib.parse.quote(q)
    times = []
    for index in range(requests + 3):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"search_latency: q={q!r} -> {response.status}: {body[:200]!r}")
        if index >= 3:
            times.append(elapsed)
    page = json.loads(body)
    snippets = sum(1 for document in page["documents"] if document.get("snippet"))
    return page["total"], snippets, percentile(times, 0.5), percentile(times, 0.99)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("words", nargs="+")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    print(f"{'q':24} {'total':>6} {'snippets':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for q in args.words:
        total, snippets, p50, p99 = measure(connection, q, args.requests)
        print(f"{q!r:24} {total:6} {snippets:8} {p50:8.2f} {p99:8.2f}")


if __name__ == "__main__":
    main()
