#!/usr/bin/env python3
"""Two Python threads tracing at once against one after the other.

Usage: PYTHONPATH=build/python python3 bench/python_threads.py CORPUS HELSINKI_CSV

Measures what releasing the GIL buys on this machine now: QUERIES long
queries (forty Helsinki articles end to end, about 200 kB each) traced by
one thread, then shared by two threads each with its own Corpus, with
stemma.set_threads(1) so that each trace runs on its caller's thread alone.
A reference workload that surely runs in parallel (hashlib on large buffers,
which releases the GIL) is timed the same way, so that a round in which the
machine had no second core free can be told apart. Prints each round.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import threading
import time

import stemma

QUERIES = 8
ROUNDS = 5


def _trace_all(corpus: stemma.Corpus, queries: list[str]) -> int:
    return sum(len(corpus.trace(query)) for query in queries)


def _timed(serial_work, parallel_work) -> tuple[float, float]:
    """Wall times of the work done by one thread, then split between two."""
    start = time.perf_counter()
    serial_work()
    serial = time.perf_counter() - start
    threads = [threading.Thread(target=parallel_work, args=(i,)) for i in range(2)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return serial, time.perf_counter() - start


def compare_threads(corpora: list[stemma.Corpus], queries: list[str]) -> None:
    expected = _trace_all(corpora[0], queries)  # also warms the caches
    assert expected > 0
    blocks = [os.urandom(1 << 20) * 24 for _ in range(2)]  # hashlib releases the GIL

    def hash_serial() -> None:
        for block in blocks:
            hashlib.sha256(block).digest()

    def hash_part(index: int) -> None:
        hashlib.sha256(blocks[index]).digest()

    found = [0, 0]

    def trace_part(index: int) -> None:
        found[index] = _trace_all(corpora[index], queries[index::2])

    rounds = []  # (reference ratio, trace ratio, trace serial, trace parallel)
    for _ in range(ROUNDS):
        reference_serial, reference_parallel = _timed(hash_serial, hash_part)
        trace_serial, trace_parallel = _timed(lambda: _trace_all(corpora[0], queries), trace_part)
        assert sum(found) == expected
        rounds.append((reference_parallel / reference_serial, trace_parallel / trace_serial,
                       trace_serial, trace_parallel))
    # Only rounds in which the machine gave this process two cores say anything.
    fair = [r for r in rounds if r[0] <= 0.75]
    message = "rounds (reference ratio, trace ratio, one thread s, two threads s): " + ", ".join(
        f"({r[0]:.2f}, {r[1]:.2f}, {r[2]:.3f}, {r[3]:.3f})" for r in rounds)
    print(message)
    if fair:
        print(f"best trace ratio among rounds with two cores free: {min(r[1] for r in fair):.2f}")
    else:
        print("no round had a second core free for this process")




def main() -> None:
    corpus_dir, articles = sys.argv[1], sys.argv[2]
    csv.field_size_limit(1 << 30)
    with open(articles, encoding="utf-8", newline="") as source:
        texts = [row["text"] for row in csv.DictReader(source)]
    queries = [" ".join(texts[(i * 40) % len(texts):][:40]) for i in range(QUERIES)]
    corpora = [stemma.Corpus(corpus_dir), stemma.Corpus(corpus_dir)]
    stemma.set_threads(1)
    compare_threads(corpora, queries)


if __name__ == "__main__":
    main()
