// Corpus: a persistent, growing collection on disk that answers "where did
// this text come from?".
//
// A corpus is a directory (see docs/ARCHITECTURE.md and the format docs):
//   CORPUS            format version and the fingerprint settings, fixed at Create()
//   catalogue.sqlite  documents (metadata, zstd text), passages, runs
//   index/            immutable fingerprint segments and their MANIFEST
//   LOCK              held by the one writer
//   ACCESS_TOKEN      the secret writes over HTTP carry (mode 0600)
// Add() stores new documents and every passage they share with documents
// stored before them (the same passages whatever the increments); Trace()
// aligns a text that need not be stored against everything stored. A writer
// killed at any moment leaves exactly the documents of the completed adds.
// Readers (Trace, Stats, Export) work while a writer adds, each call on one
// consistent snapshot. A Corpus object is used by one thread at a time;
// open one per thread to trace in parallel.
#ifndef STEMMA_CORPUS_H_
#define STEMMA_CORPUS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/document.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/provenance.h"
#include "stemma/ranks.h"
#include "stemma/shards.h"
#include "stemma/status.h"
#include "stemma/watch.h"

namespace stemma {

// What a corpus fixes at creation. fingerprint.window is the winnowing window of the
// stored fingerprints; lookups use every n-gram, so the guarantee stays
// window + ngram - 1 tokens (see BENCHMARKS.md for the measured default).
struct CorpusOptions {
  FingerprintOptions fingerprint{5, 8};
  int max_document_frequency = 100;
};

// A stored passage: `a` is the earlier document, `b` the later one.
struct CorpusPassage {
  uint32_t a_document = 0;
  uint32_t b_document = 0;
  Passage passage;
  uint32_t family = 0;  // its reuse family (Family(id)); 0 where not known
};

struct AddStats {
  uint64_t documents_read = 0;
  uint64_t documents_added = 0;
  uint64_t duplicates = 0;  // already stored (same SHA-256), or repeated in the input
  uint64_t passages = 0;
  uint64_t bytes_added = 0;
  uint64_t family_members = 0;  // added documents that joined a family as a copy
  // Passages stored earlier (in this add or before) withdrawn because an
  // outlet's boilerplate they were made of was recognised (CorpusRules).
  uint64_t passages_withdrawn = 0;
};

struct AddCallbacks {
  // A document not added because its text is already stored as `existing`.
  std::function<void(const DocumentInput& document, uint32_t existing)> on_duplicate;
  // Documents read so far, after each batch.
  std::function<void(uint64_t documents_read)> on_progress;
};

// One passage of a traced text found in a stored document. In `passage`,
// `a` is the stored document and `b` the traced text.
struct TracedPassage {
  CorpusDocument source;
  Passage passage;
  // When `source` is a copy in a duplicate family, the family's first
  // document, through which it was found (source offsets are mapped through
  // the stored alignment of the two); 0 otherwise.
  uint32_t via = 0;
};

struct TraceResult {
  std::vector<TracedPassage> passages;  // sources oldest first (undated last), then by id
  uint64_t characters = 0;              // code points of the traced text
  uint64_t covered_characters = 0;      // of them, inside some passage
  double coverage() const {
    return characters == 0 ? 0.0 : static_cast<double>(covered_characters) / characters;
  }
};

struct CorpusStats {
  uint64_t documents = 0;
  uint64_t outlets = 0;
  std::optional<std::string> first_published;
  std::optional<std::string> last_published;
  uint64_t passages = 0;
  uint64_t runs = 0;
  uint64_t text_bytes = 0;
  uint64_t families = 0;  // duplicate families of more than one document
  uint64_t segments = 0;
  uint64_t index_entries = 0;
  uint64_t index_bytes = 0;
  CorpusOptions options;
};

// Which stored documents Documents() lists. Empty fields do not filter.
// `from`/`to` bound published_at as ISO 8601 text, `to` inclusive of every
// time within it ("2022-01" takes all of January); undated documents are
// outside any such bound. `contains` takes a document whose title, outlet,
// external id or URL holds it (case-insensitive ASCII substring), or whose
// text has all its words (whitespace-separated, each case- and
// diacritic-insensitive, taken literally: no query syntax). Without
// `contains` documents come in id order; with it, metadata matches first,
// then text matches by relevance (bm25), then by id.
struct DocumentQuery {
  std::string outlet;
  std::string from;
  std::string to;
  std::string contains;
  size_t limit = 50;
  size_t offset = 0;
};

struct DocumentPage {
  std::vector<CorpusDocument> documents;
  // snippets[i]: where the text of documents[i] has the words of `contains`;
  // nullopt when it matched by its metadata only (or without `contains`).
  std::vector<std::optional<TextSnippet>> snippets;
  uint64_t total = 0;  // documents matching, over all pages
};

// What `stemma check` found in a corpus. A problem names the file and what is
// wrong with it ("index/000003.seg: checksum mismatch in the data section");
// a note is harmless (a segment left by a run that never committed, which
// readers ignore).
struct CorpusCheck {
  std::vector<std::string> problems;
  std::vector<std::string> notes;
  uint64_t documents = 0;  // checked: text read back and matched to its SHA-256
  uint64_t passages = 0;   // checked: both documents exist, ranges inside their texts
  uint64_t segments = 0;   // checked: checksums, counts against the MANIFEST
  bool ok() const { return problems.empty(); }
};

class Corpus {
 public:
  // Makes DIR a new, empty corpus (DIR may exist if empty).
  static Status Create(const std::string& dir, const CorpusOptions& options);
  // Opens an existing corpus. NotFound if DIR is not one; Unsupported if it
  // was written by a newer stemma.
  static Result<std::unique_ptr<Corpus>> Open(const std::string& dir);
  // The same, where DIR may be a sharded corpus (stemma/shards.h) whose
  // shards at URLs are reached through `connector`. A sharded corpus answers
  // Trace, Stats, Text and Document as the whole corpus would; the other
  // calls need the whole corpus and are Unsupported.
  static Result<std::unique_ptr<Corpus>> Open(const std::string& dir,
                                              const ShardConnector& connector);
  // Reads all of DIR and verifies it, changing nothing: the settings file; the
  // catalogue (SQLite's integrity check, every text against its SHA-256, every
  // passage against its documents); every index segment (checksums, against the
  // MANIFEST and the catalogue). An error only when DIR cannot be read at all;
  // damage is reported in the result. `on_progress(done, total)` counts documents.
  static Result<CorpusCheck> Check(const std::string& dir,
                                   const std::function<void(uint64_t, uint64_t)>& on_progress = {});

  virtual ~Corpus() = default;

  // Stores the stream's documents as one run, holding the writer lock.
  // `command` is recorded with the run. threads: 0 = one per core.
  virtual Result<AddStats> Add(DocumentStream& input, const AddCallbacks& callbacks,
                               std::string_view command, int threads = 0) = 0;
  // Add() with its alignments spread over the ranks of a distributed run
  // (stemma/ranks.h; `mpirun stemma add --mpi`). Every rank calls it on the
  // same corpus directory (each opened by Open; a shared file system when
  // ranks are on several machines). Rank 0 passes the input, reads it, holds
  // the writer lock and stores; the other ranks pass nullptr and align their
  // share of each batch against the corpus as rank 0 last committed it. Each
  // batch is committed as a run of its own, which stores exactly what Add()
  // stores in one run. Rank 0 returns the whole add's stats, the others
  // empty stats. Reuse families and copy trees are regrouped once, at the
  // end, as one run would: until then readers see the batches' documents and
  // passages but not their families. An error on any rank leaves the runs
  // committed so far (the next add groups their passages); adding the same
  // input again skips what is stored and stores the rest.
  // `batch_documents`: documents a batch (0: the default, 2000); fewer hold
  // less on each rank and commit more runs.
  virtual Result<AddStats> AddAcrossRanks(DocumentStream* input, const AddCallbacks& callbacks,
                                          std::string_view command, int threads,
                                          RankExchange& exchange, size_t batch_documents = 0) = 0;
  // Every passage `text` shares with stored documents.
  virtual Result<TraceResult> Trace(std::string_view text, const AlignOptions& align = {}) = 0;
  // On a shard of a sharded corpus: the answer to a request of the sharded
  // corpus (what a server of the shard sends back). Unsupported elsewhere.
  virtual Result<std::string> AnswerShardRequest(std::string_view request) = 0;
  virtual Result<CorpusStats> Stats() = 0;
  // The original text of a stored document, and its metadata (NotFound for
  // an id not stored).
  virtual Result<std::string> Text(uint32_t document) = 0;
  virtual Result<CorpusDocument> Document(uint32_t document) = 0;
  virtual Result<DocumentPage> Documents(const DocumentQuery& query) = 0;
  // Every stored passage with `document` on either side, by the other document.
  virtual Result<std::vector<CorpusPassage>> PassagesOf(uint32_t document) = 0;
  // Every document (with its text) in id order, then every passage.
  virtual Status Export(
      const std::function<Status(const CorpusDocument&, std::string_view text)>& on_document,
      const std::function<Status(const CorpusPassage&)>& on_passage) = 0;
  // Merges all index segments into one (holding the writer lock).
  virtual Status Compact() = 0;

  // Provenance (stemma/provenance.h). Reuse families largest first (`limit`
  // 0: all); one family's tree of who copied whom; the story of each passage
  // of `text` (stored or not); which outlets reprint which (this builds every
  // family's tree; `on_progress` hears families done and in all).
  // Calls made after this give up with Status::DeadlineExceeded once
  // `deadline` has passed (provenance queries check it as they go; a trace
  // when it ends); nullopt: no deadline. The server sets one per request.
  virtual void SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) = 0;

  virtual Result<std::vector<FamilySummary>> Families(size_t limit) = 0;
  // Families [offset, offset + limit) of that order (`limit` 0: to the end),
  // with the number of families.
  virtual Result<FamilyPage> FamilyList(size_t offset, size_t limit) = 0;
  virtual Result<FamilyTree> Family(uint32_t id) = 0;
  virtual Result<Report> ReportOn(std::string_view text, std::string_view title) = 0;
  virtual Result<std::vector<OutletSummary>> Outlets(
      const std::function<void(uint64_t done, uint64_t total)>& on_progress) = 0;

  // Watches (stemma/watch.h). Adding or removing one takes the writer lock
  // (kBusy while another writer holds it); a name in use, an unknown document
  // or an empty text is InvalidArgument. Removing a watch removes its alerts.
  virtual Status AddWatch(const WatchSpec& spec) = 0;
  virtual Result<std::vector<Watch>> Watches() = 0;
  virtual Status RemoveWatch(const std::string& name) = 0;  // NotFound when none
  // Alerts with an id above `since`, oldest first, at most `limit`.
  virtual Result<std::vector<Alert>> Alerts(uint64_t since, size_t limit) = 0;
};

}  // namespace stemma

#endif  // STEMMA_CORPUS_H_
