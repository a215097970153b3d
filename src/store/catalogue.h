// Catalogue: the SQLite database of a corpus: its documents (metadata and
// zstd-compressed original text), the passages found between them, and the
// runs (one `stemma add` each) that stored them. The tables and their
// columns are in docs/catalogue_format.md.
//
// Design. The database runs in WAL mode with synchronous=FULL and foreign
// keys on, so readers keep a consistent snapshot while one writer appends,
// and a committed run survives a crash or power cut. A run is exactly one
// transaction (BeginRun = BEGIN IMMEDIATE ... CommitRun = COMMIT): a writer
// killed at any moment leaves the documents of the runs before it, all of
// them, and nothing of its own. Run ids are SQLite rowids and may be reused
// after a rolled-back run; the fingerprint index relies on that being safe
// (see docs/index_format.md). The schema is versioned with PRAGMA
// user_version; an older file is migrated by a writer, a newer one refused.
//
// Threads. A Catalogue is one connection. Text() may be called from many
// threads at once (it serialises its own statement); everything else
// belongs to one thread at a time.
#ifndef STEMMA_STORE_CATALOGUE_H_
#define STEMMA_STORE_CATALOGUE_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provenance/family_catalogue.h"
#include "provenance/reuse_families.h"
#include "stemma/document.h"
#include "stemma/passage.h"
#include "stemma/status.h"
#include "stemma/watch.h"
#include "store/sqlite_statement.h"
#include "store/text_search.h"

namespace stemma::store {

// The schema this build writes and reads. Version 1: runs, documents,
// passages, outlet_boilerplate. Version 2: passages.family. Version 3:
// document_text, the FTS5 index of document texts (store/text_search.h).
// Version 4: copy_edges and copy_edges_state. Version 5: watches and alerts.
inline constexpr int kSchemaVersion = 5;

// The rows provenance reads are its own types (provenance/family_catalogue.h).
using provenance::CopyEdgeRecord;
using provenance::DocumentRecord;
using provenance::kTokenCheckpointStride;
using provenance::PassageRecord;
using provenance::ShaMatch;
using provenance::StoredText;
using provenance::TokenCheckpoints;

// What the writer knows of a document besides its input: its token
// checkpoints, how many fingerprints it has, its family (0: its own).
struct DocumentFacts {
  TokenCheckpoints checkpoints;
  uint32_t fingerprints = 0;
  uint32_t family = 0;
  std::vector<ByteRange> boilerplate;  // marked boilerplate bytes of its text
};

// A passage between two documents of one outlet, as the outlet boilerplate
// rule re-examines it.
struct OutletPassage {
  int64_t id = 0;  // its row
  uint32_t b_document = 0;
  uint32_t b_first_token = 0;
  uint32_t b_tokens = 0;
  ByteRange b_bytes;
};

// The figures of a document the aligner needs for families.
struct DocumentStats {
  uint32_t id = 0;
  uint32_t family = 0;
  uint32_t tokens = 0;
  uint32_t fingerprints = 0;
  std::string outlet;
};

// A filter over documents (see stemma::DocumentQuery); empty fields do not
// filter. `contains`: a substring of the title, outlet, external id or URL,
// or words all in the text.
struct DocumentFilter {
  std::string outlet;
  std::string from;
  std::string to;
  std::string contains;
};

// A document FindDocuments() found, with where its text has the words of
// DocumentFilter::contains (nullopt: only its metadata matched).
struct FoundDocument {
  DocumentRecord record;
  std::optional<TextSnippet> snippet;
};
struct SearchCandidate;  // catalogue.cc

struct FoundPage {
  std::vector<FoundDocument> documents;
  uint64_t total = 0;  // documents matching, over all pages
};

struct CatalogueStats {
  uint64_t documents = 0;
  uint64_t outlets = 0;  // distinct non-empty outlets
  std::optional<std::string> first_published;
  std::optional<std::string> last_published;
  uint64_t passages = 0;
  uint64_t runs = 0;
  uint64_t text_bytes = 0;  // original bytes of all documents
  uint64_t families = 0;    // families with more than one document
};

class Catalogue : public provenance::FamilyCatalogue {
 public:
  enum class Mode { kReadOnly, kReadWrite };

  // Creates a new catalogue file at `path` (which must not exist) with the
  // current schema.
  static Status Create(const std::string& path);
  // Opens an existing catalogue. Unsupported if it was written by a newer
  // schema; a writer migrates an older one, a reader refuses it.
  static Result<std::unique_ptr<Catalogue>> Open(const std::string& path, Mode mode);

  Catalogue(const Catalogue&) = delete;
  Catalogue& operator=(const Catalogue&) = delete;
  ~Catalogue() override;

  // Whether the file at `path` has an older schema than this build's (a
  // writer must open it once to migrate it).
  static Result<bool> IsOlder(const std::string& path);

  // Runs `work` in one write transaction (outside runs): committed if it
  // succeeds, rolled back if not.
  Status Transaction(const std::function<Status()>& work);

  // A read snapshot: every read between BeginRead() and EndRead() sees the
  // same committed state, whatever a writer commits meanwhile. EndRead()'s
  // error (its COMMIT failed; the snapshot is rolled back instead) means the
  // reads may not have seen one state: their answer must not be given.
  Status BeginRead();
  Status EndRead();

  // The id of the last committed run (0 when none); within a run, that run.
  Result<uint64_t> LastRun() override;
  // One more than the largest document id stored (1 for an empty corpus).
  Result<uint32_t> NextDocumentId();

  // Writing. A run is one transaction; nothing of it is visible, or kept
  // after a crash, before CommitRun().
  Result<uint64_t> BeginRun(std::string_view command);
  // The stored documents with this SHA-256, in id order.
  Result<std::vector<ShaMatch>> FindBySha256(const std::string& sha256) override;
  Status InsertDocument(uint32_t id, const DocumentInput& document, const std::string& sha256,
                        uint64_t run, const DocumentFacts& facts);
  Status InsertPassage(const PassageRecord& passage);
  Status CommitRun(uint64_t run, uint64_t documents_added, uint64_t duplicates, uint64_t passages);
  void AbortRun();  // rolls back; safe to call when no run is open

  // Watches and their alerts (stemma/watch.h; catalogue_watches.cc). An
  // alert is written in the run's transaction, with its documents.
  Status InsertWatch(const WatchSpec& spec, uint64_t created_run);
  Result<std::vector<Watch>> Watches();
  Result<bool> DeleteWatch(const std::string& name);  // and its alerts; false when none
  Status InsertAlert(const std::string& watch, uint32_t document, uint64_t run,
                     const std::vector<AlertPassage>& passages);
  struct AlertRecord {
    uint64_t id = 0;
    std::string watch;
    uint32_t document = 0;
    std::vector<AlertPassage> passages;
  };
  Result<std::vector<AlertRecord>> AlertsAfter(uint64_t since, size_t limit);

  // The original text of a document, and with its token checkpoints. Thread-safe.
  Result<std::string> Text(uint32_t id);
  Result<StoredText> TextWithCheckpoints(uint32_t id);
  Result<DocumentRecord> Document(uint32_t id);
  Result<CatalogueStats> Stats();
  // SQLite's own check of the file (PRAGMA integrity_check): what it found wrong, empty if
  // nothing. Reads every page: as slow as reading the whole file.
  Result<std::vector<std::string>> IntegrityProblems();
  // Every document's family figures, in id order.
  Result<std::vector<DocumentStats>> AllDocumentStats();
  // The documents of a family other than its first, in id order.
  Result<std::vector<uint32_t>> FamilyMembers(uint32_t family);
  // The n-gram hashes recognised as an outlet's boilerplate (table
  // outlet_boilerplate); Add returns whether any was new.
  Result<bool> AddOutletBoilerplate(const std::string& outlet, const std::vector<uint64_t>& hashes);
  Result<std::vector<uint64_t>> OutletBoilerplate(const std::string& outlet);
  // Passages whose two documents are both of `outlet`; and removing one.
  Result<std::vector<OutletPassage>> PassagesWithinOutlet(const std::string& outlet);
  // Removes a passage; returns its documents and the reuse family it was in.
  Result<provenance::FamilyEdge> DeletePassage(int64_t id);
  // Reuse families (provenance/reuse_families.h): passages as family edges.
  Result<std::vector<provenance::FamilyEdge>> UngroupedEdges() override;
  Result<std::vector<provenance::FamilyEdge>> EdgesOfDocument(uint32_t document) override;
  Result<std::vector<provenance::FamilyEdge>> EdgesOfFamily(int64_t family) override;
  Result<std::vector<provenance::FamilyEdge>> AllEdges() override;  // grouped ones, by family
  Status SetEdgeFamily(int64_t passage, int64_t family) override;
  Status RenameFamily(int64_t from, int64_t to) override;
  Status UngroupFamily(int64_t family) override;  // its passages back to NULL
  Result<int64_t> LargestFamily() override;       // the largest family number in use (0: none)
  // Every family number in use from `from` on, ascending.
  Result<std::vector<uint32_t>> AllFamilies(uint32_t from = 0) override;
  // The families with a passage at one of `documents`, ascending.
  Result<std::vector<uint32_t>> FamiliesTouching(const std::vector<uint32_t>& documents) override;
  // Copy edges: the run they are current with (nullopt: never stored), and
  // replacing those of `families` (nullopt: all), the edges of families no
  // longer in use dropped, as current with `run`.
  Result<std::optional<uint64_t>> CopyEdgesRun() override;
  Status ReplaceCopyEdges(const std::optional<std::vector<uint32_t>>& families,
                          const std::vector<CopyEdgeRecord>& edges, uint64_t run) override;
  Result<std::vector<CopyEdgeRecord>> AllCopyEdges() override;  // by family, then child
  // Documents matching `filter`, `limit` of them from `offset`, and how many
  // match. Without `contains` in id order; with it, those whose metadata
  // holds it first, then by the bm25 rank of their text, then by id.
  Result<FoundPage> FindDocuments(const DocumentFilter& filter, uint64_t limit, uint64_t offset);
  // Every passage with `document` on either side, by its other document.
  Result<std::vector<PassageRecord>> PassagesOf(uint32_t document);
  // Every passage whose earlier document is `a`, by later document.
  Result<std::vector<PassageRecord>> PassagesFrom(uint32_t a) override;
  // The longest stored passage between a and b (a the earlier), if any.
  Result<std::optional<PassageRecord>> PassageBetween(uint32_t a, uint32_t b) override;
  // Every document in id order, every passage in (b, a, a.begin) order.
  Status ForEachDocument(const std::function<Status(const DocumentRecord&)>& visit) override;
  Status ForEachPassage(const std::function<Status(const PassageRecord&)>& visit) override;

  const std::string& path() const { return path_; }

 private:
  Catalogue(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Configure(Mode mode);
  Status CheckSchema(Mode mode);
  Result<Statement*> Cached(std::unique_ptr<Statement>* slot, std::string_view sql);
  Result<PassageRecord> ReadPassage(const Statement& query);
  Result<std::vector<provenance::FamilyEdge>> ReadEdges(std::string_view where, int64_t value);
  // The text index (version 3): filling it from the stored texts, adding one.
  Status BackfillTextIndex();
  Status IndexText(uint32_t id, std::string_view text);
  Result<FoundPage> FindFiltered(const DocumentFilter& filter, uint64_t limit, uint64_t offset);
  Result<std::vector<SearchCandidate>> Candidates(const DocumentFilter& filter,
                                                  const std::string& match);
  Result<TextSnippet> SnippetOf(uint32_t id, const std::string& match);

  sqlite3* db_ = nullptr;
  std::string path_;
  std::mutex text_mutex_;  // guards text_statement_
  std::unique_ptr<Statement> text_statement_;
  std::unique_ptr<Statement> insert_document_;
  std::unique_ptr<Statement> insert_passage_;
  std::unique_ptr<Statement> insert_alert_;
  std::unique_ptr<Statement> find_sha_;
  std::unique_ptr<Statement> set_family_;
  std::unique_ptr<Statement> passages_from_;
  std::unique_ptr<Statement> document_;
  std::unique_ptr<Statement> insert_text_;
  std::unique_ptr<Statement> text_hits_;
  std::unique_ptr<TextSearch> text_search_;
};

// Edit scripts are stored as little-endian uint32 septets per edit:
// op, a.begin, a.end, b.begin, b.end, a_tokens, b_tokens.
std::string EncodeEdits(const std::vector<Edit>& edits);
Result<std::vector<Edit>> DecodeEdits(std::string_view blob);

}  // namespace stemma::store

#endif  // STEMMA_STORE_CATALOGUE_H_
