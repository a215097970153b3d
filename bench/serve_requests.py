#!/usr/bin/env python3
"""The request mix of bench/serve_soak.sh, for bench/serve_mixed.lua: one
request a line, METHOD<tab>PATH<tab>BODY. Traces of 40 articles (the first
1,000 words of every 30th page that has them), a report of every fourth, the
trees of the 40 largest families, family lists at five offsets, body searches
for eight words of 1916's news, the passages of 40 documents, and /healthz.

    bench/serve_requests.py URL PAGES_JSONL OUT_TSV

URL is the running server's base; PAGES_JSONL the pages it stores (as
`stemma add` reads them), from which the articles are cut.
"""
import json
import re
import sys
import urllib.parse
import urllib.request


def main():
    base, pages, out_path = sys.argv[1:4]
    def get(path):
        return json.loads(urllib.request.urlopen(base + path).read())

    articles = []
    for number, line in enumerate(open(pages, encoding="utf-8")):
        if number % 30 or len(articles) == 40:
            continue
        text = json.loads(line)["text"]
        words = list(re.finditer(r"\S+", text))
        if len(words) >= 1000:
            articles.append(text[: words[999].end()])
    families = [family["id"] for family in get("/v1/families?limit=40")["families"]]
    documents = [document["id"] for document in get("/v1/documents?limit=40")["documents"]]
    words = ["war", "Villa", "President Wilson", "Kaiser", "zeppelin", "Verdun", "submarine", "Mexico"]
    with open(out_path, "w", encoding="utf-8") as out:
        for index in range(40):
            body = json.dumps({"text": articles[index % len(articles)]})
            out.write(f"POST\t/v1/trace\t{body}\n")
            if index % 4 == 0:
                out.write(f"POST\t/v1/report\t{body}\n")
            out.write(f"GET\t/v1/families/{families[index % len(families)]}\t\n")
            out.write(f"GET\t/v1/families?limit=50&offset={50 * (index % 5)}\t\n")
            word = urllib.parse.quote(words[index % len(words)])
            out.write(f"GET\t/v1/documents?limit=50&q={word}\t\n")
            out.write(f"GET\t/v1/documents/{documents[index % len(documents)]}/passages\t\n")
            out.write("GET\t/healthz\t\n")


if __name__ == "__main__":
    main()
