#!/usr/bin/env python3
"""Keeps the shape of the source tree (docs/ARCHITECTURE.md, "Layers").

1. Layers. Each folder of src/ is a pipeline stage with a rank; a file may
   include the public headers (include/stemma/), its own stage's headers and
   those of stages of a lower rank, never a stage of the same or a higher
   rank. The edges (tools/stemma: the command and the server; python/src)
   include only include/stemma/ and their own files. The build enforces the
   edges too (src/ is not on their include path); this names the file and line.
2. Size. No source file outside tests over 500 lines, no function over 60,
   except those listed in SIZE_CEILINGS with the size they had when the rule
   came (issue 17): a listed one may shrink, never grow, and no new one may
   join. Function lengths are counted from a definition's first line at
   column 0 to its closing brace at column 0 (clang-format puts them there).

Run from anywhere; exits 1 and prints every breach.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Pipeline order: a stage may include stages of a lower rank only.
RANKS = {
    "common": 0,
    "text": 1,
    "fingerprint": 2,
    "align": 2,
    "ingest": 2,
    "index": 3,
    "provenance": 3,
    "store": 4,
    "engine": 5,
    "json": 6,
}
EDGES = ["tools/stemma", "python/src"]

MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
# Breaches when the rule came, as ceilings: "path" or "path:function" -> lines.
SIZE_CEILINGS = {
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_EXTENSIONS = (".cc", ".h")


def sources(folder):
    for directory, _, files in os.walk(os.path.join(ROOT, folder)):
        for name in sorted(files):
            if name.endswith(SOURCE_EXTENSIONS):
                yield os.path.join(directory, name)


def includes(path):
    with open(path, encoding="utf-8") as source:
        for number, line in enumerate(source, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def check_stage(stage, breaches):
    rank = RANKS[stage]
    for path in sources(os.path.join("src", stage)):
        relative = os.path.relpath(path, ROOT)
        for number, header in includes(path):
            top = header.split("/")[0]
            if top == "stemma" or top == stage:
                continue
            if top in RANKS:
                if RANKS[top] >= rank:
                    breaches.append(f"{relative}:{number}: stage '{stage}' (rank {rank}) includes "
                                    f"'{header}' of stage '{top}' (rank {RANKS[top]})")
                continue
            if not os.path.exists(os.path.join(os.path.dirname(path), header)):
                breaches.append(f"{relative}:{number}: '{header}' is no stage's header")


def check_edge(edge, breaches):
    for path in sources(edge):
        relative = os.path.relpath(path, ROOT)
        for number, header in includes(path):
            if header.startswith("stemma/"):
                continue
            own = [os.path.join(os.path.dirname(path), header), os.path.join(ROOT, edge, header)]
            if header.split("/")[0] in RANKS or not any(os.path.exists(p) for p in own):
                breaches.append(f"{relative}:{number}: the edge {edge} includes '{header}', "
                                "an internal header (use include/stemma/, growing it if needed)")


DEFINITION_START = re.compile(r"^[A-Za-z_][^;{}]*\($|^[A-Za-z_][^;{}]*\)[^;]*\{$|^[A-Za-z_][^;]*\($")
NOT_A_FUNCTION = re.compile(r"^(namespace|class|struct|enum|union|extern|using|template|#|//|typedef)")


def long_functions(path):
    """(name, lines) of every function defined at column 0 over the limit."""
    with open(path, encoding="utf-8") as source:
        lines = source.read().split("\n")
    found = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line and not line[0].isspace() and not NOT_A_FUNCTION.match(line) and "(" in line:
            # The signature may run over several lines; the body opens with a
            # line ending in '{' and closes with '}' at column 0.
            start = index
            end_of_signature = index
            while end_of_signature < len(lines) and not lines[end_of_signature].rstrip().endswith("{"):
                if lines[end_of_signature].rstrip().endswith(";"):
                    break
                end_of_signature += 1
            if end_of_signature < len(lines) and lines[end_of_signature].rstrip().endswith("{"):
                close = end_of_signature
                if not lines[close].rstrip().endswith("}"):
                    close += 1
                    while close < len(lines) and not lines[close].startswith("}"):
                        close += 1
                length = close - start + 1
                name = re.search(r"([A-Za-z_][A-Za-z_0-9:<>~]*)\s*\(", line)
                if length > MAX_FUNCTION_LINES:
                    found.append((name.group(1) if name else line.strip(), length))
                index = close + 1
                continue
        index += 1
    return found


def check_sizes(breaches):
    seen = set()
    for folder in ["src", "tools", "python/src", "include"]:
        for path in sources(folder):
            relative = os.path.relpath(path, ROOT)
            if "_test" in os.path.basename(path):
                continue
            with open(path, encoding="utf-8") as source:
                count = sum(1 for _ in source)
            limit = SIZE_CEILINGS.get(relative, MAX_FILE_LINES)
            if count > MAX_FILE_LINES:
                seen.add(relative)
            if count > limit:
                breaches.append(f"{relative}: {count} lines (at most {limit})")
            for name, length in long_functions(path):
                key = f"{relative}:{name}"
                limit = SIZE_CEILINGS.get(key, MAX_FUNCTION_LINES)
                seen.add(key)
                if length > limit:
                    breaches.append(f"{key}: {length} lines (at most {limit})")
    for key in SIZE_CEILINGS:
        if key not in seen:
            breaches.append(f"SIZE_CEILINGS names {key}, which is within the limits or gone: "
                            "remove it from the list")


def main():
    breaches = []
    for stage in RANKS:
        check_stage(stage, breaches)
    for edge in EDGES:
        check_edge(edge, breaches)
    check_sizes(breaches)
    if "--list" in sys.argv:
        for breach in breaches:
            print(breach)
        return 0
    for breach in breaches:
        print(breach, file=sys.stderr)
    print(f"{len(breaches)} breaches" if breaches else "layers and sizes kept")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
