#!/usr/bin/env python3
"""A sharded corpus answers as the whole corpus, in folders and over HTTP.

Builds a corpus of the bundled sample pages (with reprints that join
duplicate families), writes it as 2 shards with `stemma shard`, and checks,
byte for byte against the whole corpus:
  - `stemma trace --json` of pages and edited pages over the shard folders;
  - the same with each shard served by its own `stemma serve` on loopback and
    the sharded corpus naming them by URL in SHARDS;
  - `POST /v1/trace` and `GET /v1/documents/ID` of `stemma serve` of that
    sharded corpus against `stemma serve` of the whole.
And that what needs the whole corpus is refused with a 501 naming it, that a
shard that stops answering fails the trace with its URL named, and that a
shard folder is not mistaken for a corpus.

    shards_test.py STEMMA SOURCE_DIR WORK_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request


def write_records(source_dir, path):
    """The sample pages as records, and three reprints of them under another outlet."""
    sample = os.path.join(source_dir, "data", "sample", "chronam-1916")
    pages = []
    for day in sorted(os.listdir(sample)):
        folder = os.path.join(sample, day)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                pages.append({"id": f"{day}/{name}", "outlet": name.split("-")[0],
                              "published_at": f"{day[:4]}-{day[4:6]}-{day[6:]}",
                              "text": f.read()})
    reprints = [dict(page, id=page["id"] + "-reprint", outlet="The Reprinter",
                     text=page["text"] + "\nReprinted by arrangement.")
                for page in pages[5:60:20]]
    with open(path, "w", encoding="utf-8") as out:
        for record in pages + reprints:
            out.write(json.dumps(record) + "\n")
    return pages, reprints


def edited(text):
    words = text.split(" ")
    return " ".join(word for index, word in enumerate(words) if index % 7 != 3)


def run(stemma, *args, check=True):
    done = subprocess.run([stemma, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise SystemExit(f"stemma {' '.join(args)} failed: {done.stderr}")
    return done


def serve(stemma, folder):
    server = subprocess.Popen([stemma, "serve", "--port", "0", folder], stderr=subprocess.PIPE,
                              text=True)
    line = server.stderr.readline()
    port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert port, f"no port in: {line!r}"
    return server, f"http://127.0.0.1:{port.group(1)}"


def fetch(url, body=None):
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def expect_same_traces(stemma, whole, sharded, articles, what):
    for index, article in enumerate(articles):
        expected = run(stemma, "trace", "--json", whole, article).stdout
        found = run(stemma, "trace", "--json", sharded, article).stdout
        if found != expected:
            raise SystemExit(f"{what}: the trace of {article} differs from the whole corpus's")
    print(f"{what}: {len(articles)} traces as the whole corpus's")


def main():
    stemma, source_dir, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "articles"))
    pages, reprints = write_records(source_dir, os.path.join(work, "records.jsonl"))
    articles = []
    for index, record in enumerate(pages[::9] + reprints):
        for kind, text in (("page", record["text"]), ("edited", edited(record["text"]))):
            path = os.path.join(work, "articles", f"{index}-{kind}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            articles.append(path)

    whole = os.path.join(work, "whole")
    sharded = os.path.join(work, "sharded")
    run(stemma, "init", whole)
    run(stemma, "add", whole, os.path.join(work, "records.jsonl"))
    stats = run(stemma, "stats", whole).stdout
    assert re.search(r"duplicates\s+[1-9]\d* families", stats), f"no reprint joined a family: {stats}"
    run(stemma, "shard", whole, sharded, "--shards", "2")
    expect_same_traces(stemma, whole, sharded, articles, "shard folders")

    shard_names = sorted(name for name in os.listdir(sharded) if name.startswith("shard-"))
    servers = [serve(stemma, os.path.join(sharded, name)) for name in shard_names]
    remote = os.path.join(work, "remote")
    os.makedirs(remote)
    shutil.copy(os.path.join(sharded, "CORPUS"), remote)
    with open(os.path.join(sharded, "SHARDS"), encoding="utf-8") as f:
        shards_file = f.read()
    for name, (_, url) in zip(shard_names, servers):
        shards_file = shards_file.replace(" " + name + "\n", " " + url + "\n")
    with open(os.path.join(remote, "SHARDS"), "w", encoding="utf-8") as f:
        f.write(shards_file)
    front, front_url = serve(stemma, remote)
    full, full_url = serve(stemma, whole)
    try:
        expect_same_traces(stemma, whole, remote, articles, "shards over HTTP")
        for article in articles[::3]:
            with open(article, encoding="utf-8") as f:
                body = json.dumps({"text": f.read()}).encode()
            expected = fetch(full_url + "/v1/trace", body)
            found = fetch(front_url + "/v1/trace", body)
            assert expected[0] == 200 and found == expected, f"POST /v1/trace of {article} differs"
        for document in range(1, len(pages) + len(reprints), 17):
            path = f"/v1/documents/{document}"
            assert fetch(front_url + path) == fetch(full_url + path), f"GET {path} differs"
        status, body = fetch(front_url + "/v1/families")
        assert status == 501 and b"needs the whole corpus" in body, (status, body)
        print("serve of the shards' URLs: traces and documents as the whole corpus's; "
              "families refused with 501")

        servers[1][0].terminate()
        servers[1][0].wait(timeout=30)
        failed = run(stemma, "trace", remote, articles[0], check=False)
        assert failed.returncode == 1 and servers[1][1] in failed.stderr, failed.stderr
        print(f"a stopped shard fails the trace: {failed.stderr.strip()}")
    finally:
        for server, _ in servers + [(front, front_url), (full, full_url)]:
            server.terminate()
            server.wait(timeout=30)

    refused = run(stemma, "trace", os.path.join(sharded, shard_names[0]), articles[0], check=False)
    assert refused.returncode == 1 and "shard 0 of 2" in refused.stderr, refused.stderr
    print("a shard folder traced alone is refused")


if __name__ == "__main__":
    main()
