// TextSearch: the words of stored document texts, through SQLite FTS5.
//
// Design. The table document_text is a contentless FTS5 index (content='')
// of each document's text, keyed by the document id as rowid, tokenised by
// unicode61 with remove_diacritics 2 (so "cafe" finds "Café" and "WAR"
// finds "war"). Contentless because the text is already stored, compressed,
// in documents.text: the index adds the word lists only. The price is that
// FTS5's highlight() and snippet() cannot read the text back, so excerpts
// are made here: the SQL function stemma_hits(document_text) returns, from
// the index's position lists, the token positions of every phrase of the
// query in a matching row; the stored text is then tokenised again, with
// the same FTS5 tokenizer, only as far as the excerpt, which turns those
// token positions into byte ranges of the original text. The tokenizer is
// the index's own, so the token numbering agrees by construction, whatever
// case folding or diacritics the text has.
//
// A user's words never reach FTS5 as query syntax: each whitespace-separated
// word becomes one quoted phrase (its `"` doubled), the phrases are ANDed,
// and a word the tokenizer finds no token in (punctuation) is dropped.
//
// Threads. A TextSearch belongs to one connection and one thread at a time
// (the unicode61 tokenizer keeps a folding buffer per instance).
#ifndef STEMMA_STORE_TEXT_SEARCH_H_
#define STEMMA_STORE_TEXT_SEARCH_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/document.h"
#include "stemma/passage.h"
#include "stemma/status.h"

namespace stemma::store {

// The FTS5 table over document texts (migration 3 of the catalogue).
inline constexpr const char* kTextIndexTable = "document_text";

// One instance of a query phrase in a text: its tokens [first_token, end_token).
struct TokenHit {
  uint32_t phrase = 0;
  uint32_t first_token = 0;
  uint32_t end_token = 0;
};

// The hits of a stemma_hits() blob (little-endian uint32 triples).
std::vector<TokenHit> DecodeHits(std::string_view blob);

class TextSearch {
 public:
  // Finds the FTS5 tokenizer of connection `db` and registers stemma_hits()
  // on it. Unsupported if this SQLite has no FTS5. Must be destroyed before
  // the connection is closed.
  static Result<std::unique_ptr<TextSearch>> Attach(sqlite3* db, const std::string& path);
  ~TextSearch();
  TextSearch(const TextSearch&) = delete;
  TextSearch& operator=(const TextSearch&) = delete;

  // The FTS5 MATCH expression for a user's words, "" if none has a token.
  std::string MatchExpression(std::string_view words) const;

  // The excerpt of `text` around its best cluster of `hits` (the window of
  // kSnippetTokens tokens with the most distinct phrases, the earliest of
  // equals), with every hit inside it as a byte range.
  TextSnippet Snippet(std::string_view text, const std::vector<TokenHit>& hits) const;

  // The byte ranges of the first `limit` tokens of `text`.
  std::vector<ByteRange> TokenBytes(std::string_view text, uint32_t limit) const;

 private:
  TextSearch(fts5_tokenizer tokenizer, Fts5Tokenizer* instance)
      : tokenizer_(tokenizer), instance_(instance) {}
  uint32_t CountQueryTokens(std::string_view word) const;

  fts5_tokenizer tokenizer_;
  Fts5Tokenizer* instance_ = nullptr;
};

// The excerpt's length, and how much of it comes before its first hit.
inline constexpr uint32_t kSnippetTokens = 40;
inline constexpr uint32_t kSnippetLeadTokens = 8;

}  // namespace stemma::store

#endif  // STEMMA_STORE_TEXT_SEARCH_H_
