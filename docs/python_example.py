# %% [markdown]
# # stemma from Python: where did this text come from?
#
# A notebook-style walk (cells marked `# %%`; runs as a script too):
#
#     PYTHONPATH=build/python /usr/bin/python3 docs/python_example.py [../shared]
#
# It needs the shared folder: two seed articles and the Helsinki news articles.

# %%
import csv
import sys
import tempfile
from pathlib import Path

import stemma

shared = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared")
seed_a = (shared / "seeds/000_eae5aba72e740d9d.txt").read_text(encoding="utf-8")
seed_b = (shared / "seeds/003_f205e2133bbe4ba5.txt").read_text(encoding="utf-8")

# %% [markdown]
# ## Two texts: every passage they share
# Offsets are byte offsets into the UTF-8 text.

# %%
for passage in stemma.compare(seed_a, seed_b, min_tokens=8):
    print(passage.a.begin, passage.a.end, passage.b.begin, passage.b.end,
          passage.matched_tokens, round(passage.identity, 3))
    print("  ", seed_a.encode()[passage.a.begin:passage.a.end].decode()[:100], "...")

# %% [markdown]
# ## A corpus: the Helsinki articles, stored from Python records

# %%
with open(shared / "data/helsinki_articles.csv", encoding="utf-8", newline="") as file:
    rows = list(csv.DictReader(file))
directory = Path(tempfile.mkdtemp()) / "helsinki"
corpus = stemma.Corpus.create(directory)
added = corpus.add(
    {"id": row["id"], "outlet": row["publisher"], "published_at": row["scrape_time"],
     "text": row["text"]}
    for row in rows
)
print(added.documents_added, "documents,", added.passages, "passages,", added.duplicates, "duplicates")

# %% [markdown]
# ## Trace an article: which stored documents carry its passages

# %%
article = rows[0]["text"]
traced = corpus.trace(article)
print(f"{len(traced)} passages cover {traced.coverage:.0%} of the article")
for found in traced[:5]:
    print(found.source.id, found.source.outlet, found.source.published_at,
          found.query.begin, found.query.end, round(found.passage.identity, 3))

# %% [markdown]
# ## As pandas DataFrames (if pandas is installed)

# %%
try:
    frame = stemma.to_dataframe(traced)
    print(frame[["source_outlet", "query_begin", "query_end", "matched_tokens"]].head())
    families = stemma.to_dataframe(corpus.families(limit=10))
    print(families[["id", "size", "median_span_bytes", "first_published", "snippet"]])
except ImportError as error:
    print(error)

# %% [markdown]
# ## Provenance: who copied whom, and the report of one article

# %%
largest = corpus.families(limit=1)[0]
tree = corpus.family(largest.id)
for node in tree.nodes[:5]:
    print(node.document.id, node.document.outlet, "<-", node.parent, round(node.confidence, 2),
          "; ".join(node.evidence))
report = corpus.report(article)
for passage in report[:8]:
    print(passage.query, "earliest:", passage.earliest_source.outlet,
          "chain:", list(passage.chain), [c.kind for c in passage.changes][:3])

# %% [markdown]
# Errors are exceptions with the engine's message:

# %%
try:
    stemma.Corpus(directory / "no-such-corpus")
except stemma.NotFoundError as error:
    print("NotFoundError:", error)
