#!/usr/bin/env python3
"""Tests of scripts/demo_summary.py on a hand-made corpus and JSON Lines file.

Run: python3 tests/demo_summary_test.py
"""

import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "scripts", "demo_summary.py")

spec = importlib.util.spec_from_file_location("demo_summary", SCRIPT)
demo_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(demo_summary)

# Two wire stories and some local news. The war story is carried by three
# papers (four pages: paper AAA on two days); the weather story by two papers;
# a local item is shared only by two editions of paper DDD.
WAR = "BERLIN, Jan. 4.  The  German\n army advanced\tseven miles today, the war office announced."
WEATHER = "WASHINGTON, Jan. 4. Cold weather will continue over the middle west, the bureau says."
LOCAL = "The county fair committee met on Monday evening at the court house."
FILLER = "Local and personal items. " * 3

TITLES = (
    "lccn\tname\tplace_of_publication\tplace\n"
    "sn1000001\tThe Aardvark gazette.\tAlpha, Ariz.\tArizona--Alpha--Alpha\n"
    "sn1000002\tBeaver herald : a paper for the people.\tBeta, Neb.\tNebraska--Beta--Beta\n"
    "sn1000003\tThe Coconino sun [microform].\tFlagstaff, Ariz.\tArizona--Coconino--Flagstaff\n"
    "sn1000004\tDelta news.\t\tTexas--Delta--Delta\n"
    "sn9999999\tNot in the sample.\tNowhere\tNowhere\n"
)


class Fixture:
    """Writes the pages and remembers each story's byte range in each page."""

    def __init__(self, root):
        self.root = root
        self.corpus = os.path.join(root, "chronam-1916")
        self.ranges = {}

    def page(self, day, name, parts):
        folder = os.path.join(self.corpus, day)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        data = b""
        for label, text in parts:
            raw = text.encode("utf-8")
            if label:
                self.ranges[(path, label)] = (len(data), len(data) + len(raw))
            data += raw
        with open(path, "wb") as f:
            f.write(data)
        return path

    def side(self, path, label, trim_begin=0, trim_end=0):
        begin, end = self.ranges[(path, label)]
        return {"doc": path, "begin": begin + trim_begin, "end": end - trim_end, "tokens": 10}


def record(a, b, tokens=10):
    return {
        "a": a,
        "b": b,
        "matched_tokens": tokens,
        "identity": 1.0,
        "score": float(tokens),
        "edits": [{"op": "equal", "a": [a["begin"], a["end"]], "b": [b["begin"], b["end"]]}],
    }


class DemoSummaryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = self.tmp.name
        fx = self.fx = Fixture(root)
        self.a1 = fx.page("19160104", "sn1000001-ed-1_seq-1.txt", [(None, FILLER), ("war", WAR), (None, FILLER)])
        self.a2 = fx.page("19160105", "sn1000001-ed-1_seq-1.txt", [("war", WAR), (None, "\n"), ("weather", WEATHER)])
        self.b = fx.page("19160104", "sn1000002-ed-1_seq-1.txt", [(None, FILLER), ("weather", WEATHER), (None, FILLER), ("war", WAR)])
        self.c = fx.page("19160105", "sn1000003-ed-2_seq-1.txt", [("war", WAR), (None, FILLER)])
        self.d1 = fx.page("19160104", "sn1000004-ed-1_seq-1.txt", [(None, FILLER), ("local", LOCAL)])
        self.d2 = fx.page("19160104", "sn1000004-ed-2_seq-1.txt", [("local", LOCAL), (None, FILLER)])
        # A page that shares nothing still counts as scanned; other files do not.
        fx.page("19160105", "sn1000002-ed-1_seq-1.txt", [(None, FILLER)])
        with open(os.path.join(fx.corpus, "19160105", "README"), "w") as f:
            f.write("not a page")

        self.titles = os.path.join(root, "titles.tsv")
        with open(self.titles, "w", encoding="utf-8") as f:
            f.write(TITLES)

        s = fx.side
        self.records = [
            # War story: a chain a1-b, b-c, c-a2, with slightly different
            # ranges on the same page (they overlap by far more than half).
            record(s(self.a1, "war"), s(self.b, "war", trim_end=5), tokens=14),
            record(s(self.b, "war", trim_begin=3), s(self.c, "war"), tokens=13),
            record(s(self.c, "war", trim_end=8), s(self.a2, "war", trim_end=8), tokens=12),
            # Weather story: a2-b. On a2 it sits right after the war story; the
            # ranges touch but do not overlap, so the clusters stay apart.
            record(s(self.a2, "weather"), s(self.b, "weather"), tokens=15),
            # Two editions of one paper.
            record(s(self.d1, "local"), s(self.d2, "local"), tokens=40),
        ]
        self.jsonl = os.path.join(root, "passages.jsonl")
        self.write_jsonl(self.records)

    def tearDown(self):
        self.tmp.cleanup()

    def write_jsonl(self, records, extra_lines=()):
        with open(self.jsonl, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
            for line in extra_lines:
                f.write(line + "\n")

    def run_script(self, *extra):
        res = subprocess.run(
            [sys.executable, SCRIPT, self.jsonl, self.fx.corpus, "--titles", self.titles, *extra],
            capture_output=True,
            text=True,
            env=dict(os.environ, COLUMNS="80"),
        )
        self.assertEqual(res.returncode, 0, res.stderr)
        return res.stdout, res.stderr

    # ------------------------------------------------------------ clustering

    def test_clusters_grouped_and_ranked_by_papers(self):
        passages, skipped = demo_summary.read_passages(self.jsonl)
        self.assertEqual(skipped, 0)
        clusters = demo_summary.build_clusters(passages)
        self.assertEqual(len(clusters), 3)
        war, weather, local = clusters
        self.assertEqual(war["papers"], {"sn1000001", "sn1000002", "sn1000003"})
        self.assertEqual(war["docs"], {self.a1, self.a2, self.b, self.c})
        self.assertEqual(war["passages"], 3)
        self.assertEqual(weather["papers"], {"sn1000001", "sn1000002"})
        self.assertEqual(weather["docs"], {self.a2, self.b})
        # More tokens and passages than the weather story, but one paper only.
        self.assertEqual(local["papers"], {"sn1000004"})
        self.assertEqual(local["docs"], {self.d1, self.d2})

    def test_overlap_of_half_or_less_does_not_merge(self):
        # Two passages on page b: [0, 100) and [50, 200). Overlap 50 is exactly
        # half of the shorter (100): separate nodes, so separate clusters.
        passages = [
            {"a": ("x/1/p1-ed-1.txt", 0, 100), "b": ("x/1/p2-ed-1.txt", 0, 100), "tokens": 5},
            {"a": ("x/1/p2-ed-1.txt", 50, 200), "b": ("x/1/p3-ed-1.txt", 0, 150), "tokens": 5},
        ]
        self.assertEqual(len(demo_summary.build_clusters([dict(p) for p in passages])), 2)
        # One byte more of overlap (51 > 50) joins them.
        passages[1]["a"] = ("x/1/p2-ed-1.txt", 49, 200)
        clusters = demo_summary.build_clusters([dict(p) for p in passages])
        self.assertEqual(len(clusters), 1)
        self.assertEqual(clusters[0]["papers"], {"p1", "p2", "p3"})

    def test_ties_broken_by_pages_then_tokens(self):
        passages = [
            {"a": ("d/1/s1-ed-1.txt", 0, 10), "b": ("d/1/s2-ed-1.txt", 0, 10), "tokens": 5},
            {"a": ("d/1/t1-ed-1.txt", 0, 10), "b": ("d/1/t2-ed-1.txt", 0, 10), "tokens": 9},
            {"a": ("d/1/u1-ed-1.txt", 0, 10), "b": ("d/1/u2-ed-1.txt", 0, 10), "tokens": 1},
            {"a": ("d/1/u2-ed-1.txt", 0, 10), "b": ("d/2/u2-ed-1.txt", 0, 10), "tokens": 1},
        ]
        clusters = demo_summary.build_clusters(passages)
        self.assertEqual([sorted(c["papers"]) for c in clusters], [["u1", "u2"], ["t1", "t2"], ["s1", "s2"]])

    # ------------------------------------------------------------ output

    def test_output(self):
        out, err = self.run_script()
        self.assertEqual(err, "")
        self.assertIn("Pages scanned:                       7", out)
        self.assertIn("Pairs of pages sharing text:         5", out)
        self.assertIn("Passages found:                      5", out)
        lines = out.splitlines()
        heads = [l for l in lines if l[:3].strip().rstrip(".").isdigit()]
        self.assertEqual(
            heads,
            [" 1. 3 papers in 2 states, 4 pages, Jan 4-5", " 2. 2 papers in 2 states, Jan 4-5", " 3. 1 paper, 2 pages, Jan 4"],
        )
        # The snippet is the text at the byte range, whitespace collapsed.
        self.assertIn('"BERLIN, Jan. 4. The German army advanced seven miles today, the war', out)
        # Papers: cleaned names, place, dates from the folder names.
        self.assertIn("The Aardvark gazette (Alpha, Ariz.) Jan 4, 5", out)
        self.assertIn("Beaver herald (Beta, Neb.) Jan 4", out)
        self.assertIn("The Coconino sun (Flagstaff, Ariz.) Jan 5", out)
        self.assertIn("Delta news (Delta, Texas) Jan 4", out)
        self.assertNotIn("Not in the sample", out)
        self.assertLessEqual(max(len(l) for l in lines), 80)

    def test_top_limits_clusters(self):
        out, _ = self.run_script("--top", "1")
        self.assertIn(" 1. 3 papers in 2 states", out)
        self.assertNotIn(" 2. ", out)

    def test_empty_jsonl(self):
        self.write_jsonl([])
        out, _ = self.run_script()
        self.assertIn("Passages found:                      0", out)
        self.assertIn("no shared passages found", out)

    def test_malformed_lines_skipped(self):
        self.write_jsonl(self.records[:1], extra_lines=["", "{not json", '{"a": 1}'])
        out, err = self.run_script()
        self.assertIn("skipped 2 malformed line(s)", err)
        self.assertIn("Passages found:                      1", out)
        self.assertIn(" 1. 2 papers in 2 states", out)

    def test_missing_text_and_titles(self):
        # Docs that no longer exist, and no titles file: still a summary.
        rec = record(
            {"doc": "gone/19160104/sn5-ed-1_seq-1.txt", "begin": 0, "end": 9, "tokens": 2},
            {"doc": "gone/19160104/sn6-ed-1_seq-1.txt", "begin": 0, "end": 9, "tokens": 2},
        )
        self.write_jsonl([rec])
        res = subprocess.run(
            [sys.executable, SCRIPT, self.jsonl, self.fx.corpus],
            capture_output=True, text=True,
        )
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("text not found", res.stdout)
        self.assertIn("sn5 Jan 4; sn6 Jan 4", res.stdout)

    def test_many_papers_fit_three_lines(self):
        buf = io.StringIO()
        labels = [f"Paper number {i} (Some Town, State.) Jan {i}" for i in range(30)]
        demo_summary.print_papers(labels, "     ", 80, buf)
        lines = buf.getvalue().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertTrue(all(len(l) <= 80 for l in lines), lines)
        shown = sum(l.count("Paper number") for l in lines)
        self.assertTrue(lines[-1].endswith(f"… and {30 - shown} more"), lines[-1])


if __name__ == "__main__":
    unittest.main()
