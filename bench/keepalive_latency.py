#!/usr/bin/env python3
"""Latency of `stemma serve` as HTTP clients meet it: the same requests over
one kept-alive connection (as requests.Session, browsers and most libraries
send them) and over a new connection each (as curl does), per endpoint.

    bench/keepalive_latency.py URL ARTICLES_DIR [REQUESTS] [--json]

URL is the server's base ("http://127.0.0.1:8080"); ARTICLES_DIR holds .txt
articles to trace and report. Prints, per endpoint, p50 and p99 in ms for
both ways and their ratio, and what the kept-alive client waited beyond the
engine's own time (the server's Server-Timing "engine" entry); --json prints
one JSON object instead. Traces and reports go round every article. Only the
standard library (http.client), so that it runs wherever the tests run.
"""
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def endpoints(connection_factory, articles):
    """(name, method, path, body) of every read endpoint, with real ids."""
    connection = connection_factory()
    connection.request("GET", "/v1/families?limit=5")
    families = json.loads(connection.getresponse().read())
    connection.request("GET", "/v1/documents?limit=5")
    documents = json.loads(connection.getresponse().read())
    connection.close()
    family = families["families"][0]["id"] if families.get("families") else 1
    document = documents["documents"][0]["id"] if documents.get("documents") else 1
    bodies = [json.dumps({"text": article}) for article in articles]
    return [
        ("trace", "POST", "/v1/trace", bodies),
        ("report", "POST", "/v1/report", bodies),
        ("health", "GET", "/healthz", None),
        ("passages", "GET", f"/v1/documents/{document}/passages", None),
        ("metrics", "GET", "/metrics", None),
        ("families", "GET", "/v1/families?limit=50", None),
        ("family", "GET", f"/v1/families/{family}", None),
        ("documents", "GET", "/v1/documents?limit=20", None),
        ("document", "GET", f"/v1/documents/{document}", None),
        ("page", "GET", "/", None),
    ]


def engine_ms(response):
    """The engine's time from the Server-Timing header, 0 when absent."""
    for entry in (response.getheader("Server-Timing") or "").split(","):
        name, _, duration = entry.strip().partition(";dur=")
        if name == "engine":
            return float(duration)
    return 0.0


def timed(connection, method, path, bodies, number=0):
    """(client ms, engine ms) of one request; `bodies` is None, a body or a
    list of them gone round by `number`."""
    body = bodies[number % len(bodies)] if isinstance(bodies, list) else bodies
    headers = {"Content-Type": "application/json"} if body is not None else {}
    start = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status >= 400:
        raise SystemExit(f"keepalive_latency: {method} {path} -> {response.status}")
    return elapsed * 1000, engine_ms(response)


def measure(base_url, articles, requests=50):
    """Per endpoint: p50, p90 and p99 in ms, kept-alive and new connections."""
    url = urllib.parse.urlparse(base_url)

    def connect():
        return http.client.HTTPConnection(url.hostname, url.port, timeout=30)

    results = {}
    for name, method, path, body in endpoints(connect, articles):
        kept = connect()
        timed(kept, method, path, body)  # warm-up, and the connection is made
        kept_timed = [timed(kept, method, path, body, number) for number in range(requests)]
        kept.close()
        fresh_ms = []
        for number in range(requests):
            connection = connect()
            fresh_ms.append(timed(connection, method, path, body, number)[0])
            connection.close()
        kept_ms = [client for client, _ in kept_timed]
        beyond_ms = [client - engine for client, engine in kept_timed]
        results[name] = {}
        for way, values in (("kept", kept_ms), ("fresh", fresh_ms), ("beyond_engine", beyond_ms)):
            results[name][f"{way}_p50_ms"] = statistics.median(values)
            results[name][f"{way}_p90_ms"] = percentile(values, 0.90)
            results[name][f"{way}_p99_ms"] = percentile(values, 0.99)
    return results


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    as_json = "--json" in sys.argv
    if len(args) < 2:
        raise SystemExit(__doc__)
    requests = int(args[2]) if len(args) > 2 else 50
    articles = []
    for name in sorted(os.listdir(args[1])):
        if name.endswith(".txt"):
            with open(os.path.join(args[1], name), encoding="utf-8") as handle:
                articles.append(handle.read())
    if not articles:
        raise SystemExit(f"keepalive_latency: {args[1]}: no .txt articles")

    results = measure(args[0], articles, requests)
    if as_json:
        print(json.dumps(results))
        return
    print("| endpoint | kept-alive p50 ms | p99 ms | beyond the engine p50 ms | p99 ms "
          "| new connection p50 ms | p99 ms | kept / new (p50) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        ratio = r["kept_p50_ms"] / max(r["fresh_p50_ms"], 1e-9)
        print(f"| {name} | {r['kept_p50_ms']:.2f} | {r['kept_p99_ms']:.2f} | "
              f"{r['beyond_engine_p50_ms']:.2f} | {r['beyond_engine_p99_ms']:.2f} | "
              f"{r['fresh_p50_ms']:.2f} | {r['fresh_p99_ms']:.2f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
