#!/usr/bin/env python3
"""Print a short, readable summary of a `stemma scan` JSON Lines file.

Usage:
    demo_summary.py PASSAGES.jsonl CORPUS_DIR [--titles TITLES.tsv] [--top 5]

It counts the pages scanned (the .txt files under CORPUS_DIR), the pairs of
pages that share text and the passages found, then groups the passages into
reprint clusters and shows the most widely reprinted ones.

Clustering: each side of a passage, (doc, [begin, end)), is a node. Two nodes
of the same document whose ranges overlap by more than half of the shorter one
are the same node, and every passage joins its two nodes (union-find). A
cluster is ranked by the number of distinct papers in it; a paper is the LCCN,
the file name up to "-ed-" (Chronicling America names pages
`<lccn>-ed-N_seq-1.txt` inside a `YYYYMMDD` folder).

Standard library only.
"""

import argparse
import csv
import datetime
import json
import os
import re
import shutil
import sys
import textwrap

SNIPPET_CHARS = 200
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


class UnionFind:
    def __init__(self):
        self.parent = []

    def add(self):
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Keep the smaller id as root, so results do not depend on luck.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


# ---------------------------------------------------------------- input


def read_passages(path):
    """Return (passages, skipped): each passage is a dict with sides 'a' and
    'b' as (doc, begin, end) and 'tokens' (matched tokens, for tie-breaks).
    Lines that are blank or malformed are counted in skipped, not fatal."""
    passages, skipped = [], 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
                sides = []
                for key in ("a", "b"):
                    side = rec[key]
                    doc, begin, end = str(side["doc"]), int(side["begin"]), int(side["end"])
                    if end < begin:
                        begin, end = end, begin
                    sides.append((doc, begin, end))
                tokens = rec.get("matched_tokens")
                if not isinstance(tokens, (int, float)):
                    tokens = min(rec["a"].get("tokens", 0), rec["b"].get("tokens", 0))
            except (ValueError, KeyError, TypeError, AttributeError):
                skipped += 1
                continue
            passages.append({"a": sides[0], "b": sides[1], "tokens": tokens})
    return passages, skipped


def read_titles(path):
    """LCCN -> (name, place, state). Missing file: empty dict."""
    titles = {}
    if not path or not os.path.isfile(path):
        return titles
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            lccn = (row.get("lccn") or "").strip()
            if not lccn:
                continue
            name = clean_name(row.get("name") or "")
            place = (row.get("place_of_publication") or "").strip()
            # "Honolulu [Oahu, Hawaii" -> "Honolulu, Oahu, Hawaii"
            place = re.sub(r"\s*\[\s*", ", ", place).replace("]", "").strip(", ")
            # "South Carolina--Anderson--Anderson": state, county, city
            parts = [p.strip() for p in (row.get("place") or "").split("--") if p.strip()]
            state = parts[0] if len(parts) > 1 else ""
            if not place and parts:
                place = parts[-1] + (", " + parts[0] if len(parts) > 1 else "")
            titles[lccn] = (name, place, state)
    return titles


def clean_name(name):
    name = re.sub(r"\s*\[[^\]]*\]", "", name)  # "[microform]", "[volume]"
    name = re.sub(r"\s+volume\.?$", "", name.strip())
    name = name.split(" : ")[0].strip().rstrip(".").strip()
    return name[:1].upper() + name[1:]


def count_pages(corpus):
    n = 0
    for _, _, files in os.walk(corpus):
        n += sum(1 for f in files if f.endswith(".txt"))
    return n


# ---------------------------------------------------------------- pages


def lccn_of(doc):
    base = os.path.basename(doc)
    if "-ed-" in base:
        return base.split("-ed-")[0]
    return os.path.splitext(base)[0]


def date_of(doc):
    """The page's date from its YYYYMMDD folder, or None."""
    folder = os.path.basename(os.path.dirname(doc))
    if re.fullmatch(r"\d{8}", folder):
        try:
            return datetime.date(int(folder[:4]), int(folder[4:6]), int(folder[6:]))
        except ValueError:
            return None
    return None


def format_dates(dates):
    dates = sorted(d for d in dates if d)
    if not dates:
        return ""
    out, month = [], None
    for d in dates:
        out.append(f"{MONTHS[d.month - 1]} {d.day}" if d.month != month else str(d.day))
        month = d.month
    return ", ".join(out)


def resolve(doc, corpus):
    """Find the file for a doc path as stemma wrote it."""
    if os.path.isfile(doc):
        return doc
    if corpus:
        parts = os.path.normpath(doc).split(os.sep)
        for k in range(len(parts) - 1, 0, -1):  # longest tail that exists
            cand = os.path.join(corpus, *parts[-k:])
            if os.path.isfile(cand):
                return cand
    return None


def snippet(doc, begin, end, corpus, limit=SNIPPET_CHARS):
    path = resolve(doc, corpus)
    if path is None:
        return "(text not found: %s)" % doc
    try:
        with open(path, "rb") as f:
            f.seek(begin)
            # Read a little more than needed: whitespace collapses.
            data = f.read(max(0, min(end - begin, limit * 8)))
    except OSError as e:
        return "(cannot read %s: %s)" % (doc, e.strerror)
    text = data.decode("utf-8", errors="replace")
    # Whitespace collapsed; control characters (OCR debris) would upset a terminal.
    text = " ".join("".join(ch if ch.isprintable() or ch.isspace() else "?" for ch in text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# ---------------------------------------------------------------- clusters


def build_clusters(passages):
    """Group passages into reprint clusters.

    Returns a list of clusters, best first; each is a dict with 'papers'
    (set of LCCNs), 'docs' (set of doc paths), 'passages' (count), 'tokens'
    (sum of matched tokens) and 'rep' ((doc, begin, end) of the node to quote).
    """
    # 1. Nodes: every side of every passage, then same-doc sides overlapping
    #    by more than half of the shorter merged into one node.
    sides = []  # side id -> (doc, begin, end); passage i has sides 2i and 2i+1
    for p in passages:
        sides.append(p["a"])
        sides.append(p["b"])
    same = UnionFind()
    by_doc = {}
    for sid, (doc, _, _) in enumerate(sides):
        same.add()
        by_doc.setdefault(doc, []).append(sid)
    for ids in by_doc.values():
        ids.sort(key=lambda i: (sides[i][1], sides[i][2]))
        for x, i in enumerate(ids):
            _, bi, ei = sides[i]
            for j in ids[x + 1:]:
                _, bj, ej = sides[j]
                if bj >= ei:
                    break  # sorted by begin: no later side overlaps i
                overlap = min(ei, ej) - max(bi, bj)
                shorter = min(ei - bi, ej - bj)
                if overlap * 2 > shorter:
                    same.union(i, j)
    node_of = [same.find(sid) for sid in range(len(sides))]
    span = {}  # node -> (doc, begin, end) covering all its sides
    for sid, node in enumerate(node_of):
        doc, b, e = sides[sid]
        if node in span:
            _, b0, e0 = span[node]
            b, e = min(b, b0), max(e, e0)
        span[node] = (doc, b, e)

    # 2. Clusters: union-find over the passage edges between nodes.
    uf = UnionFind()
    cid = {}
    for node in span:
        cid[node] = uf.add()
    partners = {node: set() for node in span}  # other docs each node is matched with
    for i in range(len(passages)):
        na, nb = node_of[2 * i], node_of[2 * i + 1]
        uf.union(cid[na], cid[nb])
        partners[na].add(span[nb][0])
        partners[nb].add(span[na][0])

    clusters = {}
    for i, p in enumerate(passages):
        root = uf.find(cid[node_of[2 * i]])
        c = clusters.setdefault(
            root, {"papers": set(), "docs": set(), "passages": 0, "tokens": 0, "nodes": set()}
        )
        c["passages"] += 1
        c["tokens"] += p["tokens"]
        for node in (node_of[2 * i], node_of[2 * i + 1]):
            doc = span[node][0]
            c["docs"].add(doc)
            c["papers"].add(lccn_of(doc))
            c["nodes"].add(node)

    out = []
    for c in clusters.values():
        # Quote the node matched by the most other pages (the story's core);
        # ties: the longer span (a fuller snippet), then the first doc.
        best = min(
            c["nodes"],
            key=lambda n: (-len(partners[n]), span[n][1] - span[n][2], span[n]),
        )
        c["rep"] = span[best]
        del c["nodes"]
        out.append(c)
    out.sort(key=lambda c: (-len(c["papers"]), -len(c["docs"]), -c["tokens"], c["rep"]))
    return out


# ---------------------------------------------------------------- output


def paper_label(lccn, titles):
    name, place, _ = titles.get(lccn, (lccn, "", ""))
    return f"{name} ({place})" if place else name


def sort_key(label):
    label = label.lower()
    return label[4:] if label.startswith("the ") else label


def print_summary(passages, pages, titles, corpus, top, out=sys.stdout, width=None):
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns
    width = max(60, min(width, 100))

    pairs = {tuple(sorted((p["a"][0], p["b"][0]))) for p in passages}
    print(f"Pages scanned:                 {pages:>7,}", file=out)
    print(f"Pairs of pages sharing text:   {len(pairs):>7,}", file=out)
    print(f"Passages found:                {len(passages):>7,}", file=out)
    if not passages:
        print("\nno shared passages found", file=out)
        return

    clusters = build_clusters(passages)
    shown = clusters[:top]
    print(
        f"\nMost reprinted passages (top {len(shown)} of {len(clusters):,} groups of shared text)",
        file=out,
    )

    indent = "     "
    for rank, c in enumerate(shown, 1):
        n_papers, n_pages = len(c["papers"]), len(c["docs"])
        head = f"{n_papers} paper{'s' if n_papers != 1 else ''}"
        states = {titles.get(l, ("", "", ""))[2] for l in c["papers"]}
        if n_papers > 1 and "" not in states:
            head += f" in {len(states)} state{'s' if len(states) != 1 else ''}"
        if n_pages != n_papers:
            head += f", {n_pages} pages"
        days = sorted({date_of(d) for d in c["docs"]} - {None})
        if days:
            ends = [days[0]] if len(days) == 1 else [days[0], days[-1]]
            head += ", " + format_dates(ends).replace(", ", "-")
        print(f"\n{rank:>2}. {head}", file=out)

        doc, begin, end = c["rep"]
        quote = '"' + snippet(doc, begin, end, corpus) + '"'
        for line in textwrap.wrap(quote, width - len(indent))[:3]:
            print(indent + line, file=out)

        dates = {}
        for d in c["docs"]:
            dates.setdefault(lccn_of(d), set()).add(date_of(d))
        labels = []
        for lccn in sorted(c["papers"], key=lambda l: sort_key(paper_label(l, titles))):
            when = format_dates(dates.get(lccn, ()))
            labels.append(paper_label(lccn, titles) + (f" {when}" if when else ""))
        print_papers(labels, indent, width, out)


def print_papers(labels, indent, width, out, max_lines=3):
    """Papers separated by ';', at most max_lines lines, then '… and N more'."""
    avail = width - len(indent)

    def fill(room_last):
        lines, cur = [], ""
        for i, label in enumerate(labels):
            piece = label if not cur else "; " + label
            room = room_last if len(lines) == max_lines - 1 else avail
            if cur and len(cur) + len(piece) > room:
                if len(lines) == max_lines - 1:
                    return lines + [cur], i  # out of lines: labels[i:] left
                lines.append(cur)
                cur, piece = "", label
            cur += piece
        return lines + [cur], len(labels)

    lines, used = fill(avail)
    if used < len(labels):
        lines, used = fill(avail - len("; … and 999 more"))
        lines[-1] += f"; … and {len(labels) - used} more"
    for line in lines:
        print(indent + line, file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("jsonl", help="passages written by `stemma scan --output`")
    ap.add_argument("corpus", help="the folder that was scanned")
    ap.add_argument("--titles", help="TSV of lccn, name, place_of_publication, place")
    ap.add_argument("--top", type=int, default=5, help="clusters to show (default 5)")
    args = ap.parse_args(argv)
    # Never die on a character the terminal's encoding lacks.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")

    if not os.path.isdir(args.corpus):
        print(f"demo_summary: no such folder: {args.corpus}", file=sys.stderr)
        return 2
    try:
        passages, skipped = read_passages(args.jsonl)
    except OSError as e:
        print(f"demo_summary: cannot read {args.jsonl}: {e.strerror}", file=sys.stderr)
        return 2
    if args.titles and not os.path.isfile(args.titles):
        print(f"demo_summary: no titles file {args.titles}: showing LCCNs", file=sys.stderr)
    if skipped:
        print(f"demo_summary: skipped {skipped} malformed line(s) in {args.jsonl}", file=sys.stderr)
    print_summary(passages, count_pages(args.corpus), read_titles(args.titles), args.corpus, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
