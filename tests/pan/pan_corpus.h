// A PAN text-alignment style corpus of edited reuse, generated from real text.
//
// Sources are Reuters-21578 news stories (1987); hosts ("suspicious"
// documents) are Chronicling America front pages (1916), so a host shares no
// real passage with a source. Each planted pair copies 1-3 passages of 40-250
// words, cut at sentence boundaries, from its source into its host between two
// sentences, each passage edited by one obfuscation kind (round-robin over the
// kinds); negative pairs plant nothing. The ground truth of a case is its byte
// range in the source and in the suspicious text, first to last character of
// what was planted (PAN's convention: an inserted foreign sentence lies inside
// its case). A moved paragraph is two cases, one per half.
//
// So that the ground truth holds all the text a pair really shares, a passage
// never contains a run of 5 tokens that occurs twice in its source (Reuters
// stories often repeat a figure's sentence), an inserted foreign sentence
// shares no such run with the source, and two passages of one pair lie at
// least 100 host words apart. Edits never touch a passage's first word or its
// last two, so a case's ends are real copied words.
//
// Generation is deterministic: one splitmix64 stream and our own uniform
// integers (not std:: distributions, whose output differs between standard
// libraries), files read in sorted order; the same data and seed give the
// same corpus on every machine. GenerateCorpus() unpacks the archives once
// into the cache folder (atomically, so parallel test processes may share
// it) and is otherwise a pure function, safe to call from many threads.
#ifndef STEMMA_TESTS_PAN_PAN_CORPUS_H_
#define STEMMA_TESTS_PAN_PAN_CORPUS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/status.h"

namespace stemma::pan {

enum class Obfuscation : uint8_t {
  kNone,              // verbatim
  kSubstitute,        // a word replaced every 6-15 words
  kInsert,            // a word inserted every 6-15 words
  kDelete,            // a word deleted every 6-15 words
  kMixed,             // the three above interleaved, one edit every 6-15 words
  kInsertedSentence,  // one foreign sentence of 12-30 words in the middle
  kDroppedClause,     // a clause between commas, or a 5-12 word span, removed
  kMovedParagraph,    // the two halves swapped: two cases
  kPunctuationCase,   // word case, commas and full stops, curly quotes changed
  // Edits real copies carry (noise.h): the corpus of these is generated
  // separately, so that the table of the kinds above stays comparable.
  kRandomEdits10,  // edits at random positions, one per 10 words on average
  kRandomEdits5,   // the same, one per 5 words
  kOcrNoise,       // 1-3% of letters misread, words split, joined, hyphen-broken
};

// The kinds of the standard corpus, in the order above (the default).
const std::vector<Obfuscation>& AllObfuscations();

// The kinds of clustered and OCR damage: kRandomEdits10, kRandomEdits5, kOcrNoise.
const std::vector<Obfuscation>& NoisyObfuscations();

// "none", "substitute", ..., "punctuation_case".
std::string_view ObfuscationName(Obfuscation kind);

// One planted case: [begin, end) byte ranges in the source and suspicious text.
struct Case {
  Obfuscation kind = Obfuscation::kNone;
  uint32_t src_begin = 0;
  uint32_t src_end = 0;
  uint32_t susp_begin = 0;
  uint32_t susp_end = 0;
};

struct DocumentPair {
  std::string source_name;  // e.g. "reuters/3.sgm#17" (file, story index in it)
  std::string host_name;    // e.g. "chronam/19160105/sn83045487-ed-2_seq-1.txt@412"
  std::string source_text;
  std::string suspicious_text;  // the host with the passages planted
  std::string host_text;        // the host before planting (for tests)
  std::vector<Case> cases;      // in suspicious-text order; empty for a negative pair
};

struct CorpusOptions {
  std::string data_dir;   // holds reuters21578.tar.zst and chronam-1916-q1.tar.zst
  std::string cache_dir;  // the archives are unpacked under it, once
  uint64_t seed = 20160105;
  int planted_pairs = 300;
  int negative_pairs = 75;
  // The obfuscations, taken round-robin over the planted passages; empty
  // means AllObfuscations().
  std::vector<Obfuscation> kinds;
};

// True when both archives are in `data_dir`.
bool CorpusDataPresent(const std::string& data_dir);

// Planted pairs first, then negative pairs. IoError when an archive cannot be
// read or unpacked; Corruption when it holds too little usable text.
Result<std::vector<DocumentPair>> GenerateCorpus(const CorpusOptions& options);

}  // namespace stemma::pan

#endif  // STEMMA_TESTS_PAN_PAN_CORPUS_H_
