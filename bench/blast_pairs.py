#!/usr/bin/env python3
"""Helper of bench/blast_vs_scan.sh (Python standard library only).

  blast_pairs.py encode ROOT LIST OUT_DIR
      Writes OUT_DIR/pages.fasta (one protein sequence per page of LIST, paths
      relative to ROOT) and OUT_DIR/pages.tsv (id, path, bytes, letters).
  blast_pairs.py reduce --root ROOT --work OUT_DIR --blast HITS.tsv
                        --stemma PASSAGES.jsonl --judgements FILE.tsv ...
      Reduces BLAST hits and stemma passages to page pairs sharing a passage of
      --min-words words or more, compares them, writes readable lists of the
      pairs only one tool finds, and prints the Markdown table.

The letter encoding (after Vesanto et al. 2017, designed anew for English)
---------------------------------------------------------------------------
BLAST reads proteins, so each page becomes a string over amino-acid letters:
ASCII letters are case-folded; a maximal run of anything else (spaces, line
ends, punctuation, digits, non-ASCII bytes) becomes one separator. Stock
BLAST+ offers one matrix that scores every identity alike, IDENTITY (+9 on
the diagonal, -5 off it). It scores 23 letters as themselves (the 20 amino
acids and B, Z, J; U scores as C, O and X as unknowns), so 27 symbols (26
letters and the separator) must share 23 letters:

  a c d e f g h i l m n p r s t v w y -> themselves   (18 letters)
  b -> B    o -> Q    u -> K                           (3 frequent letters)
  j k q x z -> J                                       (the 5 rarest English
                                                        letters, ~1.2% of text)
  separator -> Z, written lower-case 'z' in the query

(J is rare on purpose: makeblastdb's format sniffing refuses a FASTA file
where J is frequent.) The lower-case separator is masked from BLAST's lookup table (-lcase_masking
with -soft_masking true, so it still aligns): seeds are 5 letters inside one
word. Without it, "ZtheZ" and the like seed hundreds of millions of hits.
Every encoded letter keeps the byte range of the original file it stands for
(a separator: its whole run), so a hit maps back to bytes of both pages.
"""

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
from array import array

SEPARATOR = "Z"
_TABLE = {c: c.upper() for c in "acdefghilmnprstvwy"}
_TABLE.update({"b": "B", "o": "Q", "u": "K"})
_TABLE.update({c: "J" for c in "jkqxz"})
LETTER_MAP = bytes.maketrans(
    bytes("".join(_TABLE) + "".join(_TABLE).upper(), "ascii"),
    bytes("".join(_TABLE.values()) * 2, "ascii"))
RUNS = re.compile(rb"[A-Za-z]+|[^A-Za-z]+")
PAGE_ID = re.compile(r"p\d{5}")
WORDS = re.compile(rb"[A-Za-z0-9\x80-\xff]+(?:'[A-Za-z0-9\x80-\xff]+)*")


def encode(data):
    """Returns (sequence, begins, ends): the encoded string and, for each of its
    letters, the byte range of data it stands for."""
    parts, begins, ends = [], array("i"), array("i")
    for run in RUNS.finditer(data):
        chunk = run.group()
        if chunk[0:1].isalpha():
            parts.append(chunk.translate(LETTER_MAP).decode("ascii"))
            begins.extend(range(run.start(), run.end()))
            ends.extend(range(run.start() + 1, run.end() + 1))
        elif parts:  # a separator, but none before the first letter
            parts.append(SEPARATOR.lower())
            begins.append(run.start())
            ends.append(run.end())
    if parts and parts[-1] == SEPARATOR.lower():
        parts.pop()
        begins.pop()
        ends.pop()
    return "".join(parts), begins, ends


def cmd_encode(args):
    with open(args.list) as listing:
        paths = [line.strip() for line in listing if line.strip()]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "pages.fasta"), "w") as fasta, \
            open(os.path.join(args.out, "pages.tsv"), "w") as table:
        for number, path in enumerate(paths):
            with open(os.path.join(args.root, path), "rb") as page:
                data = page.read()
            sequence, _, _ = encode(data)
            if len(sequence) < 20:
                continue
            page_id = "p%05d" % number
            fasta.write(">%s\n" % page_id)
            for at in range(0, len(sequence), 80):
                fasta.write(sequence[at:at + 80] + "\n")
            table.write("%s\t%s\t%d\t%d\n" % (page_id, path, len(data), len(sequence)))


class Pages:
    """Page texts and encodings, read when first needed."""

    def __init__(self, root):
        self.root = root
        self.data = {}
        self.maps = {}

    def bytes_of(self, path):
        if path not in self.data:
            with open(os.path.join(self.root, path), "rb") as page:
                self.data[path] = page.read()
        return self.data[path]

    def span(self, path, first, last):
        """Byte range of encoded letters first..last (1-based, inclusive), with
        separators at either end trimmed to the letters inside."""
        if path not in self.maps:
            _, begins, ends = encode(self.bytes_of(path))
            self.maps[path] = (begins, ends)
        begins, ends = self.maps[path]
        first, last = min(first, last) - 1, max(first, last) - 1
        begin = begins[first] if self.bytes_of(path)[begins[first]:begins[first] + 1].isalpha() \
            else ends[first]
        end = ends[last] if self.bytes_of(path)[begins[last]:begins[last] + 1].isalpha() \
            else begins[last]
        return begin, max(begin, end)

    def words(self, path, begin, end):
        """Words wholly inside [begin, end): a BLAST hit begins and ends on
        letters, often inside a word ("sev" of "several"), which is not a word
        of the passage; stemma's passages begin and end on whole words."""
        data = self.bytes_of(path)
        count = 0
        for word in WORDS.finditer(data, max(0, begin - 64), min(len(data), end + 64)):
            count += begin <= word.start() and word.end() <= end
        return count

    def text(self, path, begin, end, limit=None):
        chunk = self.bytes_of(path)[begin:end].decode("utf-8", "replace")
        if limit and len(chunk) > limit:
            half = limit // 2
            chunk = chunk[:half] + " [...] " + chunk[-half:]
        return " ".join(chunk.split())


class Best:
    """The longest passage a tool found on one pair (spans in bytes of pages
    first and second of the pair, in sorted order)."""
    __slots__ = ("words", "first", "second", "length", "extra")

    def __init__(self, words, first, second, extra):
        self.words, self.first, self.second, self.extra = words, first, second, extra
        self.length = first[1] - first[0]


def keep_longest(table, key, best):
    """Keeps, per pair, the passage longest on the first page (ties: more words)."""
    old = table.get(key)
    if old is None or (best.length, best.words) > (old.length, old.words):
        table[key] = best


def read_blast(path, ids, pages):
    """Longest BLAST hit per pair of distinct pages, and its word count (the
    shorter side)."""
    best = {}
    with open(path) as hits:
        for line in hits:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            query = ids[PAGE_ID.search(fields[0]).group()]
            subject = ids[PAGE_ID.search(fields[1]).group()]
            if query == subject:
                continue
            qspan = pages.span(query, int(fields[2]), int(fields[3]))
            sspan = pages.span(subject, int(fields[4]), int(fields[5]))
            words = min(pages.words(query, *qspan), pages.words(subject, *sspan))
            extra = {"identity": float(fields[7]), "evalue": fields[8].strip(),
                     "letters": int(fields[6])}
            if query < subject:
                keep_longest(best, (query, subject), Best(words, qspan, sspan, extra))
            else:
                keep_longest(best, (subject, query), Best(words, sspan, qspan, extra))
    return best


def relative(doc, root):
    path = os.path.normpath(doc)
    if os.path.isabs(path):
        path = os.path.relpath(path, root)
    return path


def read_stemma(path, root, pages):
    """Longest stemma passage per pair; its words are counted as BLAST's are
    (WORDS in its byte span, the shorter side), so that one ruler measures both
    tools (stemma's own token count splits "1(0.000.000" and "Co penhagen"
    otherwise than WORDS does)."""
    best = {}
    with open(path) as passages:
        for line in passages:
            if not line.strip():
                continue
            record = json.loads(line)
            a, b = record["a"], record["b"]
            da, db = relative(a["doc"], root), relative(b["doc"], root)
            if da == db:
                continue
            words = min(pages.words(da, a["begin"], a["end"]), pages.words(db, b["begin"], b["end"]))
            extra = {"identity": record.get("identity"), "matched": record.get("matched_tokens")}
            sa, sb = (a["begin"], a["end"]), (b["begin"], b["end"])
            if da < db:
                keep_longest(best, (da, db), Best(words, sa, sb, extra))
            else:
                keep_longest(best, (db, da), Best(words, sb, sa, extra))
    return best


def read_stemma_spans(path, root):
    """Every stemma passage per pair, oriented as the pair: [(span_first, span_second)]."""
    spans = {}
    with open(path) as passages:
        for line in passages:
            if not line.strip():
                continue
            record = json.loads(line)
            a, b = record["a"], record["b"]
            da, db = relative(a["doc"], root), relative(b["doc"], root)
            sa, sb = (a["begin"], a["end"]), (b["begin"], b["end"])
            if da < db:
                spans.setdefault((da, db), []).append((sa, sb))
            elif db < da:
                spans.setdefault((db, da), []).append((sb, sa))
    return spans


def overlaps(x, y):
    return min(x[1], y[1]) > max(x[0], y[0])


def pair_key(pair):
    return pair[0] + "|" + pair[1]


def stable_order(pairs, seed):
    """A random order that does not depend on which other pairs are in the set,
    so that a later run samples the same pairs where they reappear."""
    return sorted(pairs, key=lambda p: hashlib.sha256(
        (str(seed) + pair_key(p)).encode()).hexdigest())


def read_judgements(path):
    verdicts = {}
    if os.path.exists(path):
        with open(path) as table:
            for line in table:
                if not line.strip() or line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) >= 3 and fields[0] != "pair" and fields[2]:
                    verdicts[fields[0]] = (fields[2], fields[3] if len(fields) > 3 else "")
    return verdicts


def describe(pages, pair, best, other, other_name, limit):
    lines = []
    for side, span in ((pair[0], best.first), (pair[1], best.second)):
        lines.append("  %s [%d, %d) %d words:" % (side, span[0], span[1], pages.words(side, *span)))
        lines.append("    " + pages.text(side, span[0], span[1], limit))
    details = ", ".join("%s %s" % item for item in best.extra.items())
    lines.insert(0, "  longest: %d words on the shorter side; %s" % (best.words, details))
    if other is None:
        lines.append("  %s: nothing on this pair" % other_name)
    else:
        lines.append("  %s: longest %d words, [%d, %d) on the first page, [%d, %d) on the second"
                     % (other_name, other.words, other.first[0], other.first[1],
                        other.second[0], other.second[1]))
    return "\n".join(lines)


def quartiles(values):
    if len(values) < 2:
        return (values[0],) * 3 if values else (float("nan"),) * 3
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[1], q[2]


def cmd_reduce(args):
    ids = {}
    with open(os.path.join(args.work, "pages.tsv")) as table:
        for line in table:
            fields = line.rstrip("\n").split("\t")
            ids[fields[0]] = fields[1]
    pages = Pages(args.root)
    blast_all = read_blast(args.blast, ids, pages)
    stemma_all = read_stemma(args.stemma, args.root, pages)
    blast = {p for p, b in blast_all.items() if b.words >= args.min_words}
    stemma = {p for p, b in stemma_all.items() if b.words >= args.min_words}
    both, blast_only, stemma_only = blast & stemma, sorted(blast - stemma), sorted(stemma - blast)

    out = args.work
    sets = (("blast_only", blast_only, blast_all, stemma_all, "stemma"),
            ("stemma_only", stemma_only, stemma_all, blast_all, "BLAST"))
    for name, pairs, mine, theirs, other_name in sets:
        with open(os.path.join(out, name + ".txt"), "w") as listing:
            listing.write("# %d pairs with a passage of %d+ words that only %s finds\n\n"
                          % (len(pairs), args.min_words, name.split("_")[0]))
            for pair in pairs:
                listing.write(pair_key(pair) + "\n")
                listing.write(describe(pages, pair, mine[pair], theirs.get(pair), other_name, 600) + "\n\n")

    # Pairs both find, by how much longer BLAST's span is than stemma's.
    ratios = []
    with open(os.path.join(out, "both_blast_longer.txt"), "w") as listing:
        rows = []
        for pair in sorted(both):
            ratio = stemma_all[pair].length / max(1, blast_all[pair].length)
            ratios.append(ratio)
            rows.append((ratio, pair))
        rows.sort()
        listing.write("# pairs both find, stemma's longest passage / BLAST's longest hit (bytes of the first page), shortest first\n\n")
        for ratio, pair in rows:
            if ratio >= 0.67:
                break
            b, s = blast_all[pair], stemma_all[pair]
            listing.write("%s  ratio %.2f\n" % (pair_key(pair), ratio))
            listing.write("  BLAST [%d, %d) / [%d, %d), %d words, identity %.1f%%\n"
                          % (b.first + b.second + (b.words, b.extra["identity"])))
            listing.write("  stemma [%d, %d) / [%d, %d), %d tokens\n"
                          % (s.first + s.second + (s.words,)))
            for side, span in ((pair[0], b.first), (pair[1], b.second)):
                listing.write("  %s: %s\n" % (side, pages.text(side, span[0], span[1], 2400)))
            listing.write("\n")

    # The judged samples.
    verdicts = read_judgements(args.judgements)
    shares, unjudged = {}, []
    with open(os.path.join(out, "sample.txt"), "w") as listing:
        for name, pairs, mine, theirs, other_name, size in (
                sets[0] + (args.sample,), sets[1] + (args.sample_stemma,)):
            sample = stable_order(pairs, args.seed)[:size]
            counts = {"real": 0, "not_real": 0}
            for pair in sample:
                verdict = verdicts.get(pair_key(pair))
                if verdict and verdict[0] in counts:
                    counts[verdict[0]] += 1
                else:
                    unjudged.append((name, pair))
                listing.write("%s\t%s\t%s\n%s\n\n" % (
                    name, pair_key(pair), verdict[0] if verdict else "UNJUDGED",
                    describe(pages, pair, mine[pair], theirs.get(pair), other_name, 3000)))
            shares[name] = (counts["real"], counts["not_real"], len(sample))
    with open(os.path.join(out, "unjudged.tsv"), "w") as listing:
        for name, pair in unjudged:
            listing.write("%s\t%s\t\t\n" % (pair_key(pair), name))

    real, not_real, sampled = shares["blast_only"]
    judged = real + not_real
    share = real / judged if judged else float("nan")
    estimate = len(both) + len(blast_only) * share
    found = len(both) / estimate if estimate else float("nan")
    # A looser reading of "finds the pair": stemma reports some passage on it
    # (at its default min_tokens) that overlaps BLAST's longest hit on both
    # pages, however short; BLAST-only pairs so found count at the same real
    # share as the rest of them.
    spans = read_stemma_spans(args.stemma, args.root)
    overlapped = [pair for pair in blast_only
                  if any(overlaps(s1, blast_all[pair].first) and overlaps(s2, blast_all[pair].second)
                         for s1, s2 in spans.get(pair, []))]
    found_any = (len(both) + len(overlapped) * share) / estimate if estimate else float("nan")
    s_real, s_not, s_sampled = shares["stemma_only"]
    q1, median, q3 = quartiles(ratios)
    blast_s, blast_kb, makedb_s, stemma_s, stemma_kb = args.times

    def f(x, digits=2):
        return "n/a" if x != x else ("%.*f" % (digits, x))

    print("| figure | value |")
    print("|---|---|")
    print("| input | %s |" % args.input)
    print("| pairs with a %d+ word passage: BLAST | %d |" % (args.min_words, len(blast)))
    print("| pairs with a %d+ word passage: stemma | %d |" % (args.min_words, len(stemma)))
    print("| both find | %d |" % len(both))
    print("| BLAST only | %d |" % len(blast_only))
    print("| stemma only | %d |" % len(stemma_only))
    print("| BLAST-only sample judged real | %d of %d judged (%d sampled) |" % (real, judged, sampled))
    print("| stemma-only sample judged real | %d of %d judged (%d sampled) |" % (s_real, s_real + s_not, s_sampled))
    print("| estimated real BLAST pairs (both + BLAST-only x real share) | %s |" % f(estimate, 0))
    print("| stemma's share of BLAST's real pairs, its own passage 40+ words | %s |" % f(found, 3))
    print("| BLAST-only pairs where stemma reports a shorter passage overlapping BLAST's | %d |"
          % len(overlapped))
    print("| stemma's share of BLAST's real pairs, any passage overlapping BLAST's | %s |"
          % f(found_any, 3))
    print("| span stemma / BLAST on pairs both find: median (quartiles) | %s (%s, %s) |"
          % (f(median), f(q1), f(q3)))
    print("| pairs both find where stemma's span < 2/3 of BLAST's | %d |"
          % sum(1 for r in ratios if r < 0.67))
    print("| BLAST wall s (makeblastdb + blastp, 2 threads) | %s + %s |" % (makedb_s, blast_s))
    print("| stemma scan wall s (2 threads, median of 3) | %s |" % stemma_s)
    print("| time ratio BLAST / stemma | %s |"
          % f((float(blast_s) + float(makedb_s)) / max(float(stemma_s), 0.01), 0))
    print("| peak memory MB: blastp / stemma | %s / %s |"
          % (f(float(blast_kb) / 1024, 0), f(float(stemma_kb) / 1024, 0)))
    if unjudged:
        print("\n%d sampled pairs have no verdict yet: see %s and %s"
              % (len(unjudged), os.path.join(out, "sample.txt"), os.path.join(out, "unjudged.tsv")),
              file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    enc = commands.add_parser("encode")
    enc.add_argument("root")
    enc.add_argument("list")
    enc.add_argument("out")
    red = commands.add_parser("reduce")
    red.add_argument("--root", required=True)
    red.add_argument("--work", required=True)
    red.add_argument("--blast", required=True)
    red.add_argument("--stemma", required=True)
    red.add_argument("--judgements", required=True)
    red.add_argument("--input", default="")
    red.add_argument("--times", nargs=5, required=True,
                     metavar=("BLAST_S", "BLAST_KB", "MAKEDB_S", "STEMMA_S", "STEMMA_KB"))
    red.add_argument("--min-words", type=int, default=40)
    red.add_argument("--sample", type=int, default=40)
    red.add_argument("--sample-stemma", type=int, default=20)
    red.add_argument("--seed", default="1916")
    args = parser.parse_args()
    {"encode": cmd_encode, "reduce": cmd_reduce}[args.command](args)


if __name__ == "__main__":
    main()
