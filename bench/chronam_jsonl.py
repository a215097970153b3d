#!/usr/bin/env python3
"""Writes the unpacked Chronicling America pages as JSON Lines for `stemma add`:
one record a page, its paper's name as outlet (chronam-titles.tsv) and its
folder's day as published_at, in day and file order.

    bench/chronam_jsonl.py PAGES_DIR TITLES_TSV OUT_JSONL
"""
import csv
import json
import os
import sys


def main(pages, titles_path, out_path):
    titles = {}
    with open(titles_path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            titles[row["lccn"]] = row["name"].rstrip(" .")
    with open(out_path, "w", encoding="utf-8") as out:
        for day in sorted(d for d in os.listdir(pages) if d.startswith("1916")):
            for name in sorted(os.listdir(os.path.join(pages, day))):
                with open(os.path.join(pages, day, name), encoding="utf-8", errors="replace") as f:
                    text = f.read()
                lccn = name.split("-")[0]
                out.write(json.dumps({"id": f"{day}/{name}", "outlet": titles.get(lccn, lccn),
                                      "published_at": f"{day[:4]}-{day[4:6]}-{day[6:]}",
                                      "text": text}) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
