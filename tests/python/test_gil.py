"""Long calls release the GIL: a Python thread keeps running while another is inside one.

What a user of threads needs is that a long engine call does not stop
their other Python threads, and that holds on a busy machine too: the test
counts what a pure-Python thread does while the main thread is inside one
trace. How much two threads gain over one depends on the cores the machine
has free at that moment, so it is measured in bench/python_threads.py,
not asserted here (a timed test of it failed when the suite ran beside a
build).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import stemma

QUERIES = 8


def _queries(helsinki: list[dict]) -> list[str]:
    texts = [record["text"] for record in helsinki]
    return [" ".join(texts[(i * 40) % len(texts):][:40]) for i in range(QUERIES)]


def test_python_runs_while_a_trace_runs(helsinki_corpus: Path, helsinki: list[dict]) -> None:
    # A pure-Python thread keeps counting while the main thread is inside one long call.
    corpus = stemma.Corpus(helsinki_corpus)
    query = " ".join(_queries(helsinki))  # about 1.6 MB: one call of a second or so
    counts: list[int] = []
    stop = threading.Event()

    def count() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            if n % 1000 == 0:
                counts.append(n)

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.05)
    before = len(counts)
    start = time.perf_counter()
    corpus.trace(query)
    elapsed = time.perf_counter() - start
    during = len(counts) - before
    stop.set()
    counter.join()
    # Holding the GIL for the whole call, the counter could not run at all during it.
    assert during >= 100, f"{during} thousand counts in {elapsed:.3f} s"
