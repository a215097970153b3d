#!/usr/bin/env python3
"""Held-out text-alignment benchmark for `stemma compare`: clustered edits and OCR noise.

WHAT IT MEASURES
  How well `stemma compare --json SRC SUSP` recovers passages planted, with damage, from a source
  text into an unrelated host text, by the PAN text-alignment measures (Potthast et al. 2010, "An
  Evaluation Framework for Plagiarism Detection"), character level, macro-averaged as PAN does:
    precision   mean over detections r of |chars of r inside cases r detects| / |r|
    recall      mean over cases s of |chars of s inside detections that detect s| / |s|
    granularity mean over detected cases of the number of detections that detect it
    plagdet     F1(precision, recall) / log2(1 + granularity)
  A case and a detection are each a pair of character ranges, one in the source and one in the
  suspicious (host) text; their sizes and overlaps add both sides. A detection detects a case iff it
  overlaps it in the source AND in the suspicious text. Detections that detect no case (including all
  detections on negative pairs) count 0 towards precision. With no detections at all precision is 0.
  Every passage stemma prints is one detection. Byte offsets are mapped to characters before scoring.
  This generator was written independently of tests/pan (held out): do not tune stemma to it.

THE CORPUS (deterministic from --seed, random.Random only)
  Sources: Helsinki-summit news articles (../shared/data/helsinki_articles.csv, "###" = paragraph)
  and Reuters-21578 stories of 150+ words (unpacked once into BUILD/cache/reuters). Hosts: windows of
  300-1500 words of Chronicling America 1916 front pages (BUILD/cache/chronam, unpacked by
  bench/unpack_chronam.sh), i.e. unrelated, OCR-damaged, line-wrapped text. Each positive pair plants
  1-2 passages of 30-300 words (mostly cut at sentence ends, some at arbitrary words; never a passage
  with a 6-word run repeated elsewhere in its source) at line boundaries of the host; all passages of
  a pair share one scenario. About 1 pair in 10 is negative (nothing planted).

EDIT MODELS (scenarios)
  verbatim          control: the passage as cut.
  random_p10/p05    word edits at a mean rate of 1 per 10 / 1 per 5 words, placed by a two-state
                    (Gilbert-Elliott) Markov chain over word positions: a calm state edits a word
                    with probability 0.02, a burst state (mean length 3 words) with 0.8; the chance of
                    entering a burst is solved so the mean rate is the target. So edits come in runs
                    of 2-4 adjacent words with calm stretches between. Each edit is one of substitute
                    (a real word of similar length from the corpus, attached punctuation and
                    capitalisation kept) 35%, delete 20%, insert (function word or corpus word) 20%,
                    change case 10%, change punctuation (drop / replace / add) 10%, swap with the
                    next word 5%.
  ocr_light/heavy   the passage is re-set as a newspaper column (30-42 characters a line) and damaged:
                    per-line quality varies (log-normal multiplier, mean 1, so damage clusters on bad
                    lines); each non-space character is substituted with probability 1% / 3% times the
                    line's multiplier, from a glyph-confusion table (e/c, h/b/li, n/u/ri, m/rn, l/1/i/I/|,
                    o/0/c, s/5, a/s/n, t/f/l, d/cl, ...; letters without a confusion become . , ' -);
                    letters are dropped (0.3x that rate) or doubled (0.15x); words of 4+ letters are
                    split by a stray space (1% / 3% of words), inter-word spaces are lost (1% / 3%), and a
                    long word crossing the column edge is hyphen-broken ("govern-\\nment") 60% of the
                    time, else wrapped whole.
  ocr_plus_edits    random_p10 word edits, then ocr_light damage.
  rewrite_sentence  a passage of 3+ sentences whose sentence nearest the middle (never the first or the
                    last) has half its words replaced by other corpus words.
  Ground truth: [begin, end) byte ranges of the passage as cut in the source and of its edited copy in
  the suspicious text (the copy's whole extent, whatever its first and last words became).

OUTPUT
  OUT/src_NNN.txt, OUT/susp_NNN.txt, OUT/det_NNN.jsonl (stemma's output), OUT/truth.jsonl (one line per
  pair: scenario, files, cases with byte ranges and the edits made). Prints a Markdown table per
  scenario and overall. --dump-failures N prints N cases with granularity > 1 or recall < 0.8: both
  sides' text with the detected parts in [[...]], and the detections touching the case.

RUN
  python3 bench/heldout_eval.py --self-test
  python3 bench/heldout_eval.py --build-dir build --seed 1 [--pairs 300] [--out build/heldout]
        [--jobs 2] [--dump-failures N] [--stemma PATH]      (or STEMMA=PATH; default
        BUILD/tools/stemma/stemma). --floors ocr_heavy=0.95,overall=0.97 and --max-granularity 1.05
        make it exit 1 when a figure falls short (the test suite runs it so). Python 3 standard
        library only. 300 pairs take well under a
        minute on 2 cores. Exits 0 with a message when ../shared/data is absent.
"""

import argparse
import concurrent.futures
import csv
import html
import json
import math
import os
import random
import re
import subprocess
import sys
import time

# ---------------------------------------------------------------------------------------------
# PAN character-level measures
# ---------------------------------------------------------------------------------------------
# A case or a detection: (pair, (src_begin, src_end), (susp_begin, susp_end)), character offsets,
# half-open.


def _ov(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _clip(a, b):
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if hi > lo else None


def _union_len(ranges):
    total, cur = 0, None
    for lo, hi in sorted(r for r in ranges if r):
        if cur is None or lo > cur[1]:
            if cur:
                total += cur[1] - cur[0]
            cur = [lo, hi]
        else:
            cur[1] = max(cur[1], hi)
    if cur:
        total += cur[1] - cur[0]
    return total


def detects(case, det):
    return case[0] == det[0] and _ov(case[1], det[1]) > 0 and _ov(case[2], det[2]) > 0


def _size(x):
    return (x[1][1] - x[1][0]) + (x[2][1] - x[2][0])


def pan_measures(cases, dets):
    """Returns dict(precision, recall, granularity, plagdet, per_case=[(recall, n_dets)])."""
    by_pair_c, by_pair_d = {}, {}
    for c in cases:
        by_pair_c.setdefault(c[0], []).append(c)
    for d in dets:
        by_pair_d.setdefault(d[0], []).append(d)
    per_case, gran_sum, n_detected = [], 0, 0
    for c in cases:
        ds = [d for d in by_pair_d.get(c[0], []) if detects(c, d)]
        covered = _union_len([_clip(c[1], d[1]) for d in ds]) + _union_len([_clip(c[2], d[2]) for d in ds])
        rec = covered / _size(c) if _size(c) else 0.0
        per_case.append((rec, len(ds)))
        if ds:
            n_detected += 1
            gran_sum += len(ds)
    prec_sum = 0.0
    for d in dets:
        cs = [c for c in by_pair_c.get(d[0], []) if detects(c, d)]
        covered = _union_len([_clip(c[1], d[1]) for c in cs]) + _union_len([_clip(c[2], d[2]) for c in cs])
        prec_sum += covered / _size(d) if _size(d) else 0.0
    precision = prec_sum / len(dets) if dets else 0.0
    recall = sum(r for r, _ in per_case) / len(cases) if cases else 0.0
    gran = gran_sum / n_detected if n_detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return dict(precision=precision, recall=recall, granularity=gran,
                plagdet=f1 / math.log2(1 + gran), per_case=per_case)


def byte_to_char_mapper(data):
    """Maps a byte offset of UTF-8 `data` to a character offset."""
    if data.isascii():
        return lambda b: b
    prefix, n = [], 0
    for i in range(len(data) + 1):
        prefix.append(n)
        if i < len(data) and (data[i] & 0xC0) != 0x80:
            n += 1
    # prefix[b] = number of characters starting before byte b
    return lambda b: prefix[max(0, min(b, len(data)))]


def self_test():
    checks = 0

    def close(x, y, what):
        nonlocal checks
        assert abs(x - y) < 1e-9, f"{what}: {x} != {y}"
        checks += 1

    case = ("p", (100, 200), (1000, 1100))
    m = pan_measures([case], [case])
    for k in ("precision", "recall", "granularity", "plagdet"):
        close(m[k], 1.0, "perfect " + k)
    halves = [("p", (100, 150), (1000, 1050)), ("p", (150, 200), (1050, 1100))]
    m = pan_measures([case], halves)
    close(m["precision"], 1, "halves P"); close(m["recall"], 1, "halves R")
    close(m["granularity"], 2, "halves G"); close(m["plagdet"], 1 / math.log2(3), "halves plagdet")
    m = pan_measures([case], [("p", (100, 150), (1000, 1050))])
    close(m["recall"], 0.5, "half R"); close(m["precision"], 1, "half P")
    close(m["plagdet"], 2 / 3, "half plagdet")
    m = pan_measures([case], [("p", (50, 250), (950, 1150))])
    close(m["precision"], 0.5, "double-width P"); close(m["recall"], 1, "double-width R")
    m = pan_measures([case], [case, ("q", (0, 10), (0, 10))])
    close(m["precision"], 0.5, "false positive P"); close(m["granularity"], 1, "false positive G")
    m = pan_measures([case], [("p", (100, 200), (2000, 2100))])  # source overlaps, susp does not
    close(m["recall"], 0, "one-sided R"); close(m["precision"], 0, "one-sided P")
    two = [("p", (0, 100), (0, 100)), ("p", (100, 200), (100, 200))]
    m = pan_measures(two, [("p", (0, 200), (0, 200))])
    close(m["precision"], 1, "one det two cases P"); close(m["granularity"], 1, "one det two cases G")
    m = pan_measures([case, ("r", (0, 100), (0, 100))], [case])  # macro recall over cases
    close(m["recall"], 0.5, "missed case R"); close(m["granularity"], 1, "missed case G")
    m = pan_measures([case], [("p", (100, 160), (1000, 1060)), ("p", (140, 200), (1040, 1100))])
    close(m["recall"], 1, "overlapping dets R (union)"); close(m["granularity"], 2, "overlapping G")
    m = pan_measures([case], [])
    close(m["precision"], 0, "no dets P"); close(m["plagdet"], 0, "no dets plagdet")
    f = byte_to_char_mapper("aé—b".encode())
    close(f(0), 0, "b2c 0"); close(f(1), 1, "b2c 1"); close(f(3), 2, "b2c 3"); close(f(6), 3, "b2c 6")
    close(f(7), 4, "b2c end")

    # Generator checks on synthetic text (no data needed).
    rng = random.Random(7)
    marks = []
    for _ in range(200):
        marks += bursty_marks(100, 0.1, rng)
    rate = sum(marks) / len(marks)
    assert 0.085 < rate < 0.115, f"burst rate {rate}"; checks += 1
    runs = _runs(marks)
    assert sum(r for r in runs if r >= 2) / sum(runs) > 0.4, "bursts are not clustered"; checks += 1
    pool = WordPool(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"])
    text = "The quick brown fox jumps over the lazy dog. It was, said Mr. Smith, quite late.\n\nNext."
    for scen in SCENARIOS:
        if scen == "negative":
            continue
        out, info = apply_scenario(scen, text * 3, random.Random(3), pool)
        assert out and not out[0].isspace() and not out[-1].isspace(), scen; checks += 1
    big = ("Several government officials announced the settlement yesterday morning. " * 60).strip()
    dmg, info = ocr_damage(big, random.Random(5), OCR_LEVELS["ocr_heavy"])
    r = info["char_subs"] / info["chars"]
    assert 0.02 < r < 0.045, f"ocr heavy sub rate {r}"; checks += 1
    assert "-\n" in dmg, "no hyphen breaks"; checks += 1
    print(f"self-test: {checks} checks passed")


# ---------------------------------------------------------------------------------------------
# Sources and hosts
# ---------------------------------------------------------------------------------------------

WORD_RE = re.compile(r"\S+")
SENT_END_RE = re.compile(r"[.!?][\"'”’)\]]*$")
ABBREV = {"mr.", "mrs.", "ms.", "dr.", "st.", "u.s.", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.",
          "dec.", "gen.", "gov.", "sen.", "rep.", "jr.", "inc.", "co.", "corp.", "no.", "vs.", "u.k."}


def load_helsinki(path):
    csv.field_size_limit(1 << 30)
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            t = row["text"].replace("\r", "")
            t = re.sub(r"\s*###\s*", "\n\n", t).strip()
            t = re.sub(r"[ \t]+", " ", t)
            if len(t.split()) >= 120:
                out.append(("helsinki:" + row["id"], t))
    return out


def load_reuters(build_dir, shared):
    cache = os.path.join(build_dir, "cache", "reuters")
    if not os.path.exists(os.path.join(cache, ".complete")):
        os.makedirs(cache, exist_ok=True)
        subprocess.run(["tar", "--zstd", "-xf", os.path.join(shared, "reuters21578.tar.zst"), "-C", cache],
                       check=True)
        open(os.path.join(cache, ".complete"), "w").close()
    out = []
    for i in range(22):
        p = os.path.join(cache, "data", f"{i}.sgm")
        if not os.path.exists(p):
            continue
        raw = open(p, encoding="latin-1").read()
        for n, m in enumerate(re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S)):
            body = html.unescape(m.group(1)).replace("\x03", "")
            body = re.sub(r"\s*reuter\s*$", "", body.strip(), flags=re.I)
            paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n {3,}", body)]
            t = "\n\n".join(p for p in paras if p)
            if len(t.split()) >= 150:
                out.append((f"reuters:{i}:{n}", t))
    return out


def chronam_pages(build_dir, root):
    cache = os.path.join(build_dir, "cache", "chronam")
    if not os.path.exists(os.path.join(cache, ".complete")):
        subprocess.run([os.path.join(root, "bench", "unpack_chronam.sh"), build_dir], check=True,
                       stdout=subprocess.DEVNULL)
    pages = []
    for day in sorted(os.listdir(cache)):
        d = os.path.join(cache, day)
        if os.path.isdir(d):
            pages += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".txt")]
    return pages


def host_window(pages, rng):
    """Lines of a window of 300-1500 words of a random front page."""
    while True:
        path = pages[rng.randrange(len(pages))]
        lines = [l.rstrip() for l in open(path, encoding="utf-8", errors="replace").read().splitlines()]
        lines = [l for l in lines if l.strip()]
        want = rng.randint(300, 1500)
        counts = [len(l.split()) for l in lines]
        if sum(counts) < 300:
            continue
        start = rng.randrange(len(lines))
        while start > 0 and sum(counts[start:]) < want:
            start -= 1
        end, n = start, 0
        while end < len(lines) and n < want:
            n += counts[end]
            end += 1
        if len(lines[start:end]) >= 30:
            return os.path.relpath(path, os.path.dirname(os.path.dirname(path))), lines[start:end]


class WordPool:
    def __init__(self, words):
        self.by_len = {}
        for w in sorted(set(words)):
            self.by_len.setdefault(len(w), []).append(w)
        self.lens = sorted(self.by_len)

    def similar(self, rng, length, avoid=""):
        for _ in range(20):
            L = max(self.lens[0], min(self.lens[-1], length + rng.randint(-3, 3)))
            if L in self.by_len:
                w = rng.choice(self.by_len[L])
                if w.lower() != avoid.lower():
                    return w
        return "report"


FUNCTION_WORDS = ["the", "a", "also", "then", "that", "very", "now", "its", "of", "in", "and", "but",
                  "still", "even", "only", "just", "which", "there", "all", "so"]


# ---------------------------------------------------------------------------------------------
# Word edits (bursty)
# ---------------------------------------------------------------------------------------------

def bursty_marks(n, rate, rng, burst_len=3.0, p_burst=0.8, p_calm=0.02):
    b = 1.0 / burst_len
    pi_b = (rate - p_calm) / (p_burst - p_calm)
    a = b * pi_b / (1 - pi_b)
    state = rng.random() < pi_b
    marks = []
    for _ in range(n):
        marks.append(rng.random() < (p_burst if state else p_calm))
        state = (rng.random() >= b) if state else (rng.random() < a)
    return marks


def _runs(marks):
    runs, cur = [], 0
    for m in marks + [False]:
        if m:
            cur += 1
        elif cur:
            runs.append(cur)
            cur = 0
    return runs


def split_word(w):
    """(leading punctuation, core, trailing punctuation)."""
    m = re.match(r"^([^\w]*)(.*?)([^\w]*)$", w, re.S)
    return m.group(1), m.group(2), m.group(3)


def tokens_of(text):
    """[(word, separator after)]"""
    toks = []
    for m in WORD_RE.finditer(text):
        if toks:
            toks[-1][1] = text[prev_end:m.start()]
        toks.append([m.group(), ""])
        prev_end = m.end()
    return toks


def join_tokens(toks):
    return "".join(w + s for w, s in toks).strip()


def sub_word(w, rng, pool):
    lead, core, trail = split_word(w)
    if not core:
        return pool.similar(rng, 5)
    new = pool.similar(rng, len(core), avoid=core)
    if core[:1].isupper():
        new = new[:1].upper() + new[1:]
    return lead + new + trail


def word_edits(text, rate, rng, pool):
    toks = tokens_of(text)
    marks = bursty_marks(len(toks), rate, rng)
    out, ops, i = [], [], 0
    while i < len(toks):
        w, sep = toks[i]
        if not marks[i]:
            out.append([w, sep])
            i += 1
            continue
        r = rng.random()
        if r < 0.35:
            out.append([sub_word(w, rng, pool), sep]); ops.append("sub")
        elif r < 0.55:
            ops.append("del")
            if "\n" in sep and out:
                out[-1][1] = sep  # keep the paragraph break
        elif r < 0.75:
            new = rng.choice(FUNCTION_WORDS) if rng.random() < 0.5 else pool.similar(rng, rng.randint(3, 9))
            out.append([new, " "]); out.append([w, sep]); ops.append("ins")
        elif r < 0.85:
            if w[:1].islower():
                nw = w.upper() if rng.random() < 0.15 else w[:1].upper() + w[1:]
            else:
                nw = w.lower()
            out.append([nw if nw != w else w.swapcase(), sep]); ops.append("case")
        elif r < 0.95:
            lead, core, trail = split_word(w)
            if trail:
                trail = "" if rng.random() < 0.5 else rng.choice([",", ";", ".", ":", " -", "!"])
            else:
                trail = rng.choice([",", ",", ";", ".", ":"])
            if lead and rng.random() < 0.5:
                lead = ""
            nw = lead + core + trail
            out.append([nw if nw.strip() else w + ",", sep]); ops.append("punct")
        else:
            if i + 1 < len(toks):
                w2, sep2 = toks[i + 1]
                out.append([w2, sep]); out.append([w, sep2]); ops += ["swap", "swap"]
                i += 2
                continue
            out.append([sub_word(w, rng, pool), sep]); ops.append("sub")
        i += 1
    if not out:
        out = [toks[0]]
    res = join_tokens(out)
    return res, dict(words=len(toks), edits=len(ops), ops=ops, marked=sum(marks),
                     clustered=sum(r for r in _runs(marks) if r >= 2))


# ---------------------------------------------------------------------------------------------
# OCR damage
# ---------------------------------------------------------------------------------------------

# Glyph confusions: what a worn or badly inked letter is read as. Multi-letter keys are tried first.
CONFUSE = {
    "rn": ["m"], "m": ["rn", "in", "n"], "cl": ["d"], "d": ["cl", "a"], "li": ["h"], "h": ["li", "b", "k"],
    "ri": ["n"], "vv": ["w"], "w": ["vv", "v"],
    "e": ["c", "o", "a", "é"], "c": ["e", "o", "("], "o": ["0", "c", "a", "e"], "a": ["s", "n", "o", "e"],
    "n": ["u", "a", "ii"], "u": ["n", "a", "ii"], "b": ["h", "l>", "6"], "l": ["1", "i", "I", "|", "t"],
    "i": ["l", "1", "!", "j"], "I": ["l", "1", "|"], "1": ["l", "I", "i"], "0": ["o", "O"],
    "O": ["0", "Q", "C"], "s": ["5", "a", "e"], "S": ["5", "8"], "5": ["S", "s"], "t": ["f", "l", "i"],
    "f": ["t", "l"], "r": ["t", "i", "v"], "y": ["v", "j"], "g": ["q", "y", "8"], "p": ["o", "n"],
    "k": ["h", "lc"], "B": ["8", "R"], "E": ["F", "B"], "T": ["I", "J"], "H": ["II", "M"], "C": ["G", "("],
    ",": [".", ";"], ".": [",", ""], ";": [":", ","], "'": [",", "`"], '"': ["''", "'"],
}
FILLERS = [".", ",", "'", "-", "~", "*"]

OCR_LEVELS = {
    "ocr_light": dict(sub=0.01, split=0.01, join=0.01, hyph=0.6, sigma=0.7),
    "ocr_heavy": dict(sub=0.03, split=0.03, join=0.03, hyph=0.6, sigma=0.7),
}


def set_column(words, width, hyph_p, rng, para_starts):
    """Re-sets words as lines of at most ~width characters; long words at the edge hyphen-broken."""
    lines, cur = [], ""
    for k, w in enumerate(words):
        if k in para_starts and cur:
            lines.append(cur)
            cur = ""
        if not cur:
            cur = w
            continue
        if len(cur) + 1 + len(w) <= width:
            cur += " " + w
            continue
        room = width - len(cur) - 2  # space and hyphen
        letters = re.match(r"^[A-Za-z]+", w)
        if letters and len(letters.group()) >= 6 and room >= 2 and rng.random() < hyph_p:
            cut = rng.randint(2, min(room, len(letters.group()) - 2)) if room >= 2 else 0
            if cut >= 2:
                lines.append(cur + " " + w[:cut] + "-")
                cur = w[cut:]
                continue
        lines.append(cur)
        cur = w
    if cur:
        lines.append(cur)
    return lines


def ocr_damage(text, rng, level):
    info = dict(chars=0, char_subs=0, drops=0, doubles=0, splits=0, joins=0, hyphens=0)
    words, para_starts = [], set()
    for pi, para in enumerate(re.split(r"\n\s*\n", text)):
        ws = para.split()
        if not ws:
            continue
        if words:
            para_starts.add(len(words))
        words += ws
    # Stray spaces inside words, lost spaces between words.
    out_words = []
    new_para = set()
    for k, w in enumerate(words):
        if k in para_starts:
            new_para.add(len(out_words))
        letters = sum(ch.isalpha() for ch in w)
        if letters >= 4 and rng.random() < level["split"]:
            cut = rng.randint(1, len(w) - 1)
            out_words += [w[:cut], w[cut:]]
            info["splits"] += 1
            continue
        if out_words and k not in para_starts and rng.random() < level["join"]:
            out_words[-1] += w
            info["joins"] += 1
            continue
        out_words.append(w)
    width = rng.randint(30, 42)
    lines = set_column(out_words, width, level["hyph"], rng, new_para)
    info["hyphens"] = sum(l.endswith("-") and not l.endswith(" -") for l in lines)
    s = level["sigma"]
    damaged = []
    for line in lines:
        q = math.exp(rng.gauss(-s * s / 2, s))
        p = min(0.5, level["sub"] * q)
        res, i = [], 0
        while i < len(line):
            ch = line[i]
            if ch == " " or (ch == "-" and i == len(line) - 1):
                res.append(ch); i += 1
                continue
            info["chars"] += 1
            r = rng.random()
            if r < p:
                two = line[i:i + 2]
                if len(two) == 2 and two in CONFUSE and rng.random() < 0.6:
                    res.append(rng.choice(CONFUSE[two])); i += 2
                elif ch in CONFUSE:
                    res.append(rng.choice(CONFUSE[ch])); i += 1
                elif ch.lower() in CONFUSE:
                    res.append(rng.choice(CONFUSE[ch.lower()])); i += 1
                else:
                    res.append(rng.choice(FILLERS)); i += 1
                info["char_subs"] += 1
            elif r < p * 1.3 and ch.isalpha():
                info["drops"] += 1; i += 1
            elif r < p * 1.45 and ch.isalpha():
                res.append(ch + ch); info["doubles"] += 1; i += 1
            else:
                res.append(ch); i += 1
        damaged.append("".join(res).strip() or line)
    return "\n".join(damaged), info


# ---------------------------------------------------------------------------------------------
# Scenarios and the corpus
# ---------------------------------------------------------------------------------------------

SCENARIOS = ["verbatim", "random_p10", "random_p05", "ocr_light", "ocr_heavy", "ocr_plus_edits",
             "rewrite_sentence", "negative"]


def sentences_of(toks):
    """Word indices where sentences start."""
    starts = [0]
    for i, (w, sep) in enumerate(toks[:-1]):
        if "\n" in sep or (SENT_END_RE.search(w) and w.lower() not in ABBREV
                            and not re.match(r"^[A-Z]\.$", w)):
            starts.append(i + 1)
    return starts


def rewrite_sentence(text, rng, pool):
    toks = tokens_of(text)
    starts = sentences_of(toks)
    if len(starts) < 3:
        return None, None
    bounds = [(s, e) for s, e in list(zip(starts, starts[1:] + [len(toks)]))[1:-1]
              if e - s >= 5 and s >= 8 and len(toks) - e >= 8]
    if not bounds:
        return None, None
    mid = len(toks) / 2
    s, e = min(bounds, key=lambda b: abs((b[0] + b[1]) / 2 - mid))
    idx = list(range(s, e))
    chosen = rng.sample(idx, len(idx) // 2)
    for i in chosen:
        toks[i][0] = sub_word(toks[i][0], rng, pool)
    return join_tokens(toks), dict(words=len(toks), edits=len(chosen), sentence_words=e - s)


def apply_scenario(scen, text, rng, pool):
    if scen == "verbatim":
        return text, dict(words=len(text.split()), edits=0)
    if scen == "random_p10":
        return word_edits(text, 0.1, rng, pool)
    if scen == "random_p05":
        return word_edits(text, 0.2, rng, pool)
    if scen in OCR_LEVELS:
        return ocr_damage(text, rng, OCR_LEVELS[scen])
    if scen == "ocr_plus_edits":
        t, info = word_edits(text, 0.1, rng, pool)
        t2, info2 = ocr_damage(t, rng, OCR_LEVELS["ocr_light"])
        info.update(info2)
        return t2, info
    if scen == "rewrite_sentence":
        out, info = rewrite_sentence(text, rng, pool)
        return (out, info) if out else (text, dict(words=len(text.split()), edits=0))
    raise ValueError(scen)


def cut_passage(src, rng, min_words, max_words, need_sentences=0):
    """(char begin, char end) of a passage of src, or None. Rejects passages with a 6-token run
    that occurs elsewhere in the source."""
    spans = [(m.start(), m.end()) for m in WORD_RE.finditer(src)]
    words = [src[a:b].lower() for a, b in spans]
    n = len(words)
    if n < min_words + 10:
        return None
    L = rng.randint(min_words, min(max_words, n - 5))
    starts = sentences_of([[src[a:b], src[b:spans[k + 1][0]] if k + 1 < n else ""]
                           for k, (a, b) in enumerate(spans)])
    ends = set(s - 1 for s in starts[1:]) | {n - 1}
    if rng.random() < 0.75 or need_sentences:
        cands = [s for s in starts if s + min_words <= n]
        if not cands:
            return None
        i = rng.choice(cands)
        js = [j for j in ends if min_words - 1 <= j - i <= max_words - 1]
        if not js:
            return None
        j = min(js, key=lambda j: abs(j - i + 1 - L))
        if need_sentences and sum(1 for s in starts if i < s <= j) < need_sentences - 1:
            return None
    else:
        i = rng.randrange(0, n - L + 1)
        j = i + L - 1
    # Uniqueness on tokens normalised as an aligner would see them (letters and digits, lower case):
    # no 6-token run of the passage may occur anywhere else in the source.
    norm = [(m.start(), m.group().lower()) for m in re.finditer(r"[^\W_]+", src)]
    grams = {}
    for k in range(len(norm) - 5):
        g = tuple(w for _, w in norm[k:k + 6])
        grams[g] = grams.get(g, 0) + 1
    b, e = spans[i][0], spans[j][1]
    for k in range(len(norm) - 5):
        if b <= norm[k][0] and norm[k + 5][0] < e and grams[tuple(w for _, w in norm[k:k + 6])] > 1:
            return None
    return spans[i][0], spans[j][1], i, j


def build_corpus(args, root, shared, out):
    rng = random.Random(args.seed)
    sources = load_helsinki(os.path.join(shared, "helsinki_articles.csv"))
    reuters = load_reuters(args.build_dir, shared)
    pages = chronam_pages(args.build_dir, root)
    vocab = []
    for _, t in sources[:200] + reuters[:600]:
        vocab += [w for w in re.findall(r"[A-Za-z]+", t) if len(w) >= 2]
    pool = WordPool(w.lower() for w in vocab)
    for f in os.listdir(out):
        if re.match(r"^(src|susp|det)_\d+\.(txt|jsonl)$", f):
            os.remove(os.path.join(out, f))
    n_neg = max(1, args.pairs // 10)
    plan = ["negative"] * n_neg
    pos = [s for s in SCENARIOS if s != "negative"]
    plan += [pos[k % len(pos)] for k in range(args.pairs - n_neg)]
    rng.shuffle(plan)
    truth = []
    for k, scen in enumerate(plan):
        sid, src = (rng.choice(sources) if rng.random() < 0.6 else rng.choice(reuters))
        host_id, lines = host_window(pages, rng)
        n_cases = 0 if scen == "negative" else (1 if rng.random() < 0.6 else 2)
        cuts = []
        tries = 0
        while len(cuts) < n_cases and tries < 200:
            tries += 1
            if tries % 20 == 0:
                sid, src = rng.choice(sources) if rng.random() < 0.6 else rng.choice(reuters)
                cuts = []
            lo = 60 if scen == "rewrite_sentence" else 30
            c = cut_passage(src, rng, lo, 300, 3 if scen == "rewrite_sentence" else 0)
            if (c and scen == "rewrite_sentence"
                    and rewrite_sentence(src[c[0]:c[1]], random.Random(0), pool)[0] is None):
                continue  # no sentence with context on both sides
            if c and all(c[3] + 30 < o[2] or o[3] + 30 < c[2] for o in cuts):
                cuts.append(c)
        cases = []
        # Insertion points: distinct line boundaries, well apart.
        slots = sorted(rng.sample(range(1, len(lines)), len(cuts))) if cuts else []
        if len(slots) == 2 and slots[1] - slots[0] < 10:
            slots = [max(1, len(lines) // 3), max(2, 2 * len(lines) // 3)]
        order = list(range(len(cuts)))
        rng.shuffle(order)  # the copy may take the passages in another order
        pieces, prev, placed = [], 0, []
        for slot, ci in zip(slots, order):
            b, e = cuts[ci][0], cuts[ci][1]
            edited, info = apply_scenario(scen, src[b:e], rng, pool)
            pieces.append("\n".join(lines[prev:slot]) + "\n")
            before = sum(len(p) for p in pieces)
            pieces.append(edited + "\n")
            placed.append((ci, before, before + len(edited), info))
            prev = slot
        pieces.append("\n".join(lines[prev:]) + "\n")
        susp = "".join(pieces)
        name = f"{k:03d}"
        sb = lambda t, i: len(t[:i].encode("utf-8"))
        for ci, b2, e2, info in sorted(placed):
            b, e = cuts[ci][0], cuts[ci][1]
            cases.append(dict(src=[sb(src, b), sb(src, e)], susp=[sb(susp, b2), sb(susp, e2)],
                              info={k2: v for k2, v in info.items() if k2 != "ops"},
                              ops=info.get("ops", [])))
        with open(os.path.join(out, f"src_{name}.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(src + "\n")
        with open(os.path.join(out, f"susp_{name}.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(susp)
        sb_, ub_ = (src + "\n").encode("utf-8"), susp.encode("utf-8")
        for (ci, b2, e2, info), c in zip(sorted(placed), cases):
            assert sb_[c["src"][0]:c["src"][1]].decode("utf-8") == src[cuts[ci][0]:cuts[ci][1]]
            assert ub_[c["susp"][0]:c["susp"][1]].decode("utf-8") == susp[b2:e2]
        truth.append(dict(pair=name, scenario=scen, src=f"src_{name}.txt", susp=f"susp_{name}.txt",
                          source=sid, host=host_id, cases=cases))
    with open(os.path.join(out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t) + "\n")
    return truth


# ---------------------------------------------------------------------------------------------
# Running stemma and scoring
# ---------------------------------------------------------------------------------------------

def run_pairs(stemma, out, truth, jobs, extra=()):
    def one(t):
        a, b = os.path.join(out, t["src"]), os.path.join(out, t["susp"])
        p = subprocess.run([stemma, "compare", "--json", *extra, a, b], capture_output=True, text=True,
                           timeout=120)
        with open(os.path.join(out, f"det_{t['pair']}.jsonl"), "w", encoding="utf-8") as f:
            f.write(p.stdout)
        if p.returncode != 0:
            return t["pair"], None, p.stderr.strip()
        return t["pair"], [json.loads(l) for l in p.stdout.splitlines() if l.strip()], None

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        return list(ex.map(one, truth))


def fmt(x):
    return f"{x:.3f}"


def score_and_print(out, truth, results, dump_n):
    det_by_pair = {pair: dets for pair, dets, _ in results}
    errors = [(pair, err) for pair, dets, err in results if err is not None]
    all_cases, all_dets, meta = {}, {}, {}
    for t in truth:
        s2c = byte_to_char_mapper(open(os.path.join(out, t["src"]), "rb").read())
        b2c = byte_to_char_mapper(open(os.path.join(out, t["susp"]), "rb").read())
        sc = t["scenario"]
        for ci, c in enumerate(t["cases"]):
            case = (t["pair"], (s2c(c["src"][0]), s2c(c["src"][1])), (b2c(c["susp"][0]), b2c(c["susp"][1])))
            all_cases.setdefault(sc, []).append(case)
            meta[case] = (t, ci)
        for d in det_by_pair.get(t["pair"]) or []:
            all_dets.setdefault(sc, []).append(
                (t["pair"], (s2c(d["a"]["begin"]), s2c(d["a"]["end"])),
                 (b2c(d["b"]["begin"]), b2c(d["b"]["end"]))))
    rows, flat_c, flat_d = [], [], []
    print("| scenario | pairs | cases | detections | precision | recall | granularity | plagdet | missed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    failures = {}
    measured = {}
    for sc in SCENARIOS:
        cases, dets = all_cases.get(sc, []), all_dets.get(sc, [])
        flat_c += cases
        flat_d += dets
        npairs = sum(1 for t in truth if t["scenario"] == sc)
        if sc == "negative":
            print(f"| negative | {npairs} | 0 | {len(dets)} | - | - | - | - | - |")
            continue
        m = pan_measures(cases, dets)
        measured[sc] = m
        missed = sum(1 for r, n in m["per_case"] if n == 0)
        print(f"| {sc} | {npairs} | {len(cases)} | {len(dets)} | {fmt(m['precision'])} | {fmt(m['recall'])} "
              f"| {fmt(m['granularity'])} | {fmt(m['plagdet'])} | {missed} |")
        for case, (r, n) in zip(cases, m["per_case"]):
            if n > 1 or r < 0.8:
                failures.setdefault(sc, []).append((case, r, n))
        failures.get(sc, []).sort(key=lambda f: (f[1] / math.log2(1 + max(1, f[2])), f[0]))  # worst first
    m = pan_measures(flat_c, flat_d)
    measured["overall"] = m
    missed = sum(1 for r, n in m["per_case"] if n == 0)
    print(f"| **overall** | {len(truth)} | {len(flat_c)} | {len(flat_d)} | {fmt(m['precision'])} | "
          f"{fmt(m['recall'])} | {fmt(m['granularity'])} | {fmt(m['plagdet'])} | {missed} |")
    if dump_n:
        # Round-robin over scenarios so every kind of failure shows.
        order, queues = [], [failures[s] for s in SCENARIOS if s in failures]
        while queues and len(order) < dump_n:
            for q in queues:
                if q and len(order) < dump_n:
                    order.append(q.pop(0))
            queues = [q for q in queues if q]
        print(f"\n## {len(order)} failure(s) (granularity > 1 or recall < 0.8)")
        for case, r, n in order:
            dump_case(out, case, r, n, meta[case], det_by_pair.get(case[0]) or [])
    return errors, measured


def check_floors(measured, floors, max_granularity):
    """The violated floors, as readable lines ([] when all hold)."""
    broken = []
    for item in floors.split(",") if floors else []:
        name, _, value = item.partition("=")
        if name not in measured:
            broken.append(f"{name}: no such scenario was measured")
        elif measured[name]["plagdet"] < float(value):
            broken.append(f"{name}: plagdet {measured[name]['plagdet']:.4f} < {value}")
    if max_granularity is not None:
        for name, m in measured.items():
            if m["granularity"] > max_granularity:
                broken.append(f"{name}: granularity {m['granularity']:.4f} > {max_granularity}")
    return broken


def dump_case(out, case, r, n, meta, raw_dets):
    t, ci = meta
    c = t["cases"][ci]
    src = open(os.path.join(out, t["src"]), "rb").read()
    susp = open(os.path.join(out, t["susp"]), "rb").read()
    touching = [d for d in raw_dets if _ov((d["a"]["begin"], d["a"]["end"]), c["src"]) > 0
                or _ov((d["b"]["begin"], d["b"]["end"]), c["susp"]) > 0]
    det_ranges = [((d["a"]["begin"], d["a"]["end"]), (d["b"]["begin"], d["b"]["end"])) for d in touching
                  if _ov((d["a"]["begin"], d["a"]["end"]), c["src"]) > 0
                  and _ov((d["b"]["begin"], d["b"]["end"]), c["susp"]) > 0]
    info = ", ".join(f"{k}={v}" for k, v in c["info"].items())
    print(f"\n### pair {t['pair']} case {ci} - {t['scenario']}: recall {r:.2f}, {n} detection(s) [{info}]")
    print(f"source {t['source']} bytes {c['src']}, host {t['host']} bytes {c['susp']}")
    dec = lambda b: b.decode("utf-8", "replace")
    for label, data, side, k in (("source", src, c["src"], 0), ("suspicious", susp, c["susp"], 1)):
        covered = [_clip(side, d[k]) for d in det_ranges]
        covered = [(a - side[0], b - side[0]) for a, b in (x for x in covered if x)]
        seg = data[side[0]:side[1]]
        parts, pos = [], 0
        for a, b in sorted(covered):
            a = max(a, pos)
            if b <= a:
                continue
            parts.append(dec(seg[pos:a])); parts.append("[[" + dec(seg[a:b]) + "]]"); pos = b
        parts.append(dec(seg[pos:]))
        print(f"--- {label}:\n" + "".join(parts))
    print("--- detections touching the case:")
    for d in touching:
        print(f"  a[{d['a']['begin']},{d['a']['end']}) b[{d['b']['begin']},{d['b']['end']}) "
              f"tokens {d['a']['tokens']}/{d['b']['tokens']} matched {d['matched_tokens']} "
              f"identity {d['identity']:.2f}")
    if not touching:
        print("  (none)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=300)
    ap.add_argument("--out", default=None, help="default BUILD/heldout")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--stemma", default=None)
    ap.add_argument("--compare-args", default="", help="more options for stemma compare (e.g. --letters)")
    ap.add_argument("--dump-failures", type=int, default=0, metavar="N")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--no-run", action="store_true", help="only write the corpus")
    ap.add_argument("--floors", default="", metavar="SCENARIO=PLAGDET,...",
                    help="exit 1 when a scenario's (or 'overall') plagdet is below its floor")
    ap.add_argument("--max-granularity", type=float, default=None,
                    help="exit 1 when any scenario's granularity is above this")
    args = ap.parse_args()
    if args.self_test:
        self_test()
        return 0
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.path.normpath(os.path.join(root, "..", "shared", "data"))
    if not os.path.isfile(os.path.join(shared, "helsinki_articles.csv")):
        print(f"heldout_eval: {shared} not found (../shared is absent); skipping")
        return 0
    stemma = (args.stemma or os.environ.get("STEMMA")
              or os.path.join(args.build_dir, "tools", "stemma", "stemma"))
    if not args.no_run and not os.access(stemma, os.X_OK):
        print(f"heldout_eval: no stemma binary at {stemma} (build it, or set STEMMA)", file=sys.stderr)
        return 2
    out = args.out or os.path.join(args.build_dir, "heldout")
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    truth = build_corpus(args, root, shared, out)
    t1 = time.time()
    counts = {}
    for t in truth:
        counts.setdefault(t["scenario"], [0, 0])
        counts[t["scenario"]][0] += 1
        counts[t["scenario"]][1] += len(t["cases"])
    # Realised damage, so the table can be read against what was planted.
    stats = {}
    for t in truth:
        for c in t["cases"]:
            s = stats.setdefault(t["scenario"], dict(words=0, edits=0, marked=0, clustered=0, chars=0,
                                                     char_subs=0,
                                                     splits=0, joins=0, hyphens=0))
            for k in s:
                s[k] += c["info"].get(k, 0)
    print(f"# stemma held-out eval: seed {args.seed}, {len(truth)} pairs, "
          f"{sum(len(t['cases']) for t in truth)} cases, corpus in {out} ({t1 - t0:.1f}s)\n")
    for sc in SCENARIOS:
        if sc in stats and sc != "verbatim":
            s = stats[sc]
            bits = []
            if s["marked"]:
                bits.append(f"{s['edits'] / max(1, s['words']):.3f} word edits/word, "
                            f"{s['clustered'] / max(1, s['marked']):.0%} of edited positions in runs of 2+")
            elif s["edits"]:
                bits.append(f"{s['edits']} words replaced, {s['edits'] / max(1, s['words']):.3f} per word")
            if s["chars"]:
                bits.append(f"{s['char_subs'] / s['chars']:.3%} chars substituted, {s['splits']} splits, "
                            f"{s['joins']} joins, {s['hyphens']} hyphen breaks")
            print(f"- {sc}: " + "; ".join(bits))
    print()
    if args.no_run:
        return 0
    results = run_pairs(stemma, out, truth, args.jobs, args.compare_args.split())
    t2 = time.time()
    errors, measured = score_and_print(out, truth, results, args.dump_failures)
    print(f"\nstemma: {stemma}; {len(truth)} compares in {t2 - t1:.1f}s with {args.jobs} jobs")
    for pair, err in errors:
        print(f"heldout_eval: stemma failed on pair {pair}: {err}", file=sys.stderr)
    broken = check_floors(measured, args.floors, args.max_granularity)
    for line in broken:
        print(f"heldout_eval: floor not met: {line}", file=sys.stderr)
    return 1 if errors or broken else 0


if __name__ == "__main__":
    sys.exit(main())
