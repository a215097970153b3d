// Aligning newly added documents with everything that came before them.
//
// Design. A corpus grows by increments, and its stored passages must not
// depend on how the documents were split into increments: adding a
// collection in three runs must store exactly what adding it in one run
// stores. So every decision about a new document d looks only at documents
// that came before d (smaller ids, which never change once given):
//   - candidates are the earlier documents that share a fingerprint with d;
//   - a fingerprint is boilerplate for d when more than max_document_frequency
//     earlier documents have it (text that had already appeared that often
//     when d arrived); it seeds nothing, and seeds of d within w - 1 n-grams
//     of it are masked, as in scan;
//   - each pair (earlier, d) is aligned once, earlier document as `a`.
// Seeds are looked up with NewDocument::lookups (every n-gram, for a corpus),
// and the masking radius is options.fingerprint.window - 1, the window of the
// stored fingerprints.
// Earlier documents are the stored ones (seen through StoredDocuments) and
// the new ones with smaller ids. Cost: one index lookup per fingerprint of
// each new document, plus the alignments; new documents are processed in
// parallel and the result is in (b, a) order whatever the threads.
#ifndef STEMMA_ENGINE_INCREMENTAL_ALIGNER_H_
#define STEMMA_ENGINE_INCREMENTAL_ALIGNER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "fingerprint/winnow.h"
#include "index/posting.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/status.h"
#include "stemma/text.h"

namespace stemma::engine {

// One occurrence of a fingerprint in a stored document: its id and the
// position of the n-gram's first token.
using Occurrence = index::Posting;

// Tokens [first, first + tokens.size()) of a stored document, with whether
// they reach its start and its end, and the document's text (which the
// tokens' byte ranges index) for weak matching; an empty text means exact
// matching only.
struct TokenWindow {
  std::vector<Token> tokens;
  uint32_t first = 0;
  bool at_start = true;
  bool at_end = true;
  std::string_view text;
  std::shared_ptr<const void> text_owner;  // keeps `text` alive
};

// What the aligner needs from the stored part of a corpus. Implementations
// must be safe to call from several threads at once.
class StoredDocuments {
 public:
  virtual ~StoredDocuments() = default;
  // Appends every stored occurrence of `hash`.
  virtual void Find(uint64_t hash, std::vector<Occurrence>* out) const = 0;
  // The part of a hash that Find() compares (an index may store fewer than
  // 64 bits); the batch is matched on the same bits, so that a document
  // finds the same seeds whether an earlier one is stored or in its batch.
  virtual uint64_t StoredBits(uint64_t hash) const { return hash; }
  // For families: a stored document's family and its fingerprint and token
  // counts (0 fingerprints: never a family's first document).
  virtual uint32_t Family(uint32_t document) const { return document; }
  virtual uint32_t FingerprintCount(uint32_t document) const {
    (void)document;
    return 0;
  }
  virtual uint32_t TokenCount(uint32_t document) const {
    (void)document;
    return 0;
  }
  // A stored document's outlet (see NewDocument::outlet); 0 if unknown.
  virtual uint32_t Outlet(uint32_t document) const {
    (void)document;
    return 0;
  }
  // Called before the stored documents of `documents` (ids, sorted) are
  // read, so that an implementation that fetches texts from far away can
  // fetch them together. The default does nothing.
  virtual Status Prefetch(std::span<const uint32_t> documents) const {
    (void)documents;
    return Status::Ok();
  }
  // All the tokens of a stored document (and its text).
  virtual Result<TokenWindow> Tokens(uint32_t document) const = 0;
  // At least tokens [first, last] of a stored document (clipped to it), and
  // possibly more. Most candidate pairs share a few seeds close together,
  // so the aligner asks for a window around them first; it asks for the
  // whole text only when the alignment reached an edge of the window. The
  // default gives the whole text.
  virtual Result<TokenWindow> TokensAround(uint32_t document, uint32_t first, uint32_t last) const {
    (void)first;
    (void)last;
    return Tokens(document);
  }
};

struct NewDocument {
  uint32_t id = 0;  // above every stored id; increasing along the batch
  std::vector<Token> tokens;
  // The text the tokens index, kept alive by the caller (empty: exact
  // matching only).
  std::string_view text;
  // What the document is found by, once stored: its winnowed fingerprints.
  std::vector<fingerprint::Fingerprint> fingerprints;
  // What it looks up among earlier documents. Empty means its fingerprints
  // (as Scan() does); a corpus looks up every n-gram instead (see below).
  std::vector<fingerprint::Fingerprint> lookups;
  // An earlier document with exactly the same text (stored or in the batch),
  // or 0: set by the caller, which knows texts by their SHA-256.
  uint32_t copy_of = 0;
  // Out (with families on): the family's first document, or its own id.
  uint32_t family = 0;
  // Who published it (any number naming an outlet; 0: unknown), for the
  // outlet boilerplate rule.
  uint32_t outlet = 0;
  // Out (with corpus rules): the byte ranges of its text that are boilerplate
  // (n-grams masked as seeds), merged and in order. The text keeps them.
  std::vector<ByteRange> boilerplate;
  // Out (with corpus rules): the hashes (stored bits) of the n-grams it found
  // to be its outlet's boilerplate, sorted. The caller withdraws passages
  // between the outlet's earlier documents made of them (see CorpusRules).
  std::vector<uint64_t> outlet_boilerplate;
};

// The rules a corpus adds to Scan()'s.
//
// Duplicate families. The same wire story printed by fifty sites would make
// 1,225 pairs to align, and fifty copies of every fingerprint would turn it
// into boilerplate. So a new document that is a near-exact copy of a whole
// earlier document joins that document's family: it is aligned with the
// family's first document only, and the caller does not index it, so later
// documents find the family through its first document alone. A copy is
// near-exact when at least `min_containment` of the earlier document's
// fingerprints are among the new one's and their token counts differ by less
// than `max_length_difference`.
//
// Outlet boilerplate. Footers, newsletter prompts and credit lines that
// survive extraction recur across one outlet's documents but rarely in
// max_document_frequency documents of the whole corpus. An n-gram of a new
// document already stored as a fingerprint of `outlet_boilerplate_documents`
// earlier documents of the same outlet is boilerplate for it: masked as a
// seed like corpus-wide boilerplate, and its bytes marked. A passage whose
// new side is mostly (`max_boilerplate_share`) marked bytes is not reported.
// The first documents of an outlet pair on such text before its recurrence
// is seen: the caller withdraws those passages once it is (a passage between
// two documents of the outlet whose later side is mostly n-grams recognised
// as the outlet's boilerplate so far), so that the end result does not depend
// on the increments either.
//
// Like everything here, both rules look only at earlier documents, so
// increments do not change what they decide.
struct CorpusRules {
  bool families = true;
  double min_containment = 0.9;
  double max_length_difference = 0.1;
  int outlet_boilerplate_documents = 2;
  double max_boilerplate_share = 0.5;
};

// Every n-gram of `tokens` as a lookup (noise n-grams left out). Looking up
// every n-gram against winnowed stored fingerprints keeps the detection
// guarantee of winnowing (a shared run of window + ngram - 1 tokens holds a
// stored fingerprint, and the new document looks that n-gram up) while the
// new document finds seeds at every stored fingerprint of a shared run, not
// only where both sides happened to pick the same n-gram.
std::vector<fingerprint::Fingerprint> AllNgrams(std::span<const Token> tokens, int ngram);

struct FoundPassage {
  uint32_t a_document = 0;  // the earlier document
  uint32_t b_document = 0;  // the new document
  Passage passage;
};

// Every passage between a new document and an earlier one, ordered by
// (b_document, a_document, position in a).
Result<std::vector<FoundPassage>> AlignNewDocuments(const StoredDocuments& stored,
                                                    std::span<const NewDocument> batch,
                                                    const ScanOptions& options);

// The documents of a batch one rank of a distributed add aligns (the i-th
// when i mod ranks = rank); every rank still decides every family.
struct BatchShare {
  uint32_t rank = 0;
  uint32_t ranks = 1;
  bool Aligns(size_t index) const { return index % ranks == rank; }
};

// The same with a corpus's rules (CorpusRules): decides families first and
// sets each document's `family` (a document that joins a family is aligned
// with its first document only, and is not a candidate for later ones, as it
// is not indexed once stored); applies the outlet boilerplate rule and sets
// each document's `boilerplate`. With `share`, only the documents it names
// are aligned (and have their boilerplate set); families are decided for all.
Result<std::vector<FoundPassage>> AlignNewDocuments(const StoredDocuments& stored,
                                                    std::span<NewDocument> batch,
                                                    const ScanOptions& options,
                                                    const CorpusRules& rules,
                                                    BatchShare share = {});

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_INCREMENTAL_ALIGNER_H_
