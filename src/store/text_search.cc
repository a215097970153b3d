#include "store/text_search.h"

#include <algorithm>
#include <limits>

namespace stemma::store {
namespace {

void PutUint32(uint32_t value, std::string* out) {
  for (int index = 0; index < 4; ++index) out->push_back(static_cast<char>(value >> (8 * index)));
}

uint32_t GetUint32(const char* bytes) {
  uint32_t value = 0;
  for (int index = 0; index < 4; ++index) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[index])) << (8 * index);
  }
  return value;
}

// stemma_hits(document_text): every phrase instance of the current row as
// (phrase, first token, end token), from the index's position lists (which
// a contentless table keeps, with the default detail=full).
void HitsFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context,
                  int /*argc*/, sqlite3_value** /*argv*/) {
  int count = 0;
  int result_code = api->xInstCount(fts, &count);
  std::string blob;
  for (int index = 0; result_code == SQLITE_OK && index < count; ++index) {
    int phrase = 0;
    int column = 0;
    int offset = 0;
    result_code = api->xInst(fts, index, &phrase, &column, &offset);
    PutUint32(static_cast<uint32_t>(phrase), &blob);
    PutUint32(static_cast<uint32_t>(offset), &blob);
    PutUint32(static_cast<uint32_t>(offset + api->xPhraseSize(fts, phrase)), &blob);
  }
  if (result_code != SQLITE_OK) {
    sqlite3_result_error_code(context, result_code);
    return;
  }
  sqlite3_result_blob(context, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
}

Result<fts5_api*> Fts5Api(sqlite3* db, const std::string& path) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  if (api == nullptr) {
    return Status::Unsupported(path + ": this SQLite has no FTS5 (needed for text search)");
  }
  return api;
}

// Collects the byte ranges of tokens, up to a limit.
struct TokenCollector {
  uint32_t limit = 0;
  std::vector<ByteRange> tokens;

  static int Add(void* context, int flags, const char* /*token*/, int /*size*/, int begin,
                 int end) {
    auto* self = static_cast<TokenCollector*>(context);
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;  // a synonym, not a new position
    if (self->tokens.size() >= self->limit) return SQLITE_DONE;
    self->tokens.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    return SQLITE_OK;
  }
};

// Sorted, with overlapping ranges merged.
std::vector<ByteRange> Merged(std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& x, const ByteRange& y) { return x.begin < y.begin; });
  std::vector<ByteRange> merged;
  for (const ByteRange& range : ranges) {
    if (!merged.empty() && range.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, range.end);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

// The distinct phrases among hits [first, end).
size_t DistinctPhrases(const std::vector<TokenHit>& hits, size_t first, size_t end) {
  std::vector<uint32_t> phrases;
  for (size_t index = first; index < end; ++index) phrases.push_back(hits[index].phrase);
  std::sort(phrases.begin(), phrases.end());
  return std::unique(phrases.begin(), phrases.end()) - phrases.begin();
}

// The hit that opens the excerpt: the earliest whose window (the tokens of
// the excerpt after its lead) holds the most distinct phrases. `hits` is in
// token order.
size_t BestFirstHit(const std::vector<TokenHit>& hits) {
  constexpr uint32_t kWindow = kSnippetTokens - kSnippetLeadTokens;
  size_t best = 0;
  size_t best_phrases = 0;
  size_t end = 0;
  for (size_t first = 0; first < hits.size(); ++first) {
    end = std::max(end, first);
    while (end < hits.size() && hits[end].end_token <= hits[first].first_token + kWindow) ++end;
    const size_t phrases = DistinctPhrases(hits, first, end);
    if (phrases > best_phrases) {
      best = first;
      best_phrases = phrases;
    }
  }
  return best;
}

}  // namespace

std::vector<TokenHit> DecodeHits(std::string_view blob) {
  std::vector<TokenHit> hits;
  for (size_t at = 0; at + 12 <= blob.size(); at += 12) {
    hits.push_back({GetUint32(blob.data() + at), GetUint32(blob.data() + at + 4),
                    GetUint32(blob.data() + at + 8)});
  }
  std::sort(hits.begin(), hits.end(), [](const TokenHit& x, const TokenHit& y) {
    return x.first_token != y.first_token ? x.first_token < y.first_token : x.phrase < y.phrase;
  });
  return hits;
}

Result<std::unique_ptr<TextSearch>> TextSearch::Attach(sqlite3* db, const std::string& path) {
  STEMMA_ASSIGN_OR_RETURN(fts5_api * api, Fts5Api(db, path));
  void* user_data = nullptr;
  fts5_tokenizer tokenizer{};
  if (api->xFindTokenizer(api, "unicode61", &user_data, &tokenizer) != SQLITE_OK) {
    return Status::Unsupported(path + ": FTS5 has no unicode61 tokenizer");
  }
  // The options of the index (see the catalogue's migration 3).
  const char* options[] = {"remove_diacritics", "2"};
  Fts5Tokenizer* instance = nullptr;
  if (tokenizer.xCreate(user_data, options, 2, &instance) != SQLITE_OK) {
    return Status::Unsupported(path + ": cannot make the unicode61 tokenizer");
  }
  std::unique_ptr<TextSearch> search(new TextSearch(tokenizer, instance));
  if (api->xCreateFunction(api, "stemma_hits", nullptr, HitsFunction, nullptr) != SQLITE_OK) {
    return Status::Unsupported(path + ": cannot register stemma_hits()");
  }
  return search;
}

TextSearch::~TextSearch() { tokenizer_.xDelete(instance_); }

uint32_t TextSearch::CountQueryTokens(std::string_view word) const {
  TokenCollector collector{std::numeric_limits<uint32_t>::max(), {}};
  tokenizer_.xTokenize(instance_, &collector, FTS5_TOKENIZE_QUERY, word.data(),
                       static_cast<int>(word.size()), TokenCollector::Add);
  return static_cast<uint32_t>(collector.tokens.size());
}

std::string TextSearch::MatchExpression(std::string_view words) const {
  std::string expression;
  // NUL separates words too: FTS5 reads a query only up to one (found by fuzz_api).
  constexpr std::string_view kSpace(" \t\r\n\f\v\0", 7);
  size_t begin = words.find_first_not_of(kSpace);
  while (begin != std::string_view::npos) {
    const size_t end = std::min(words.find_first_of(kSpace, begin), words.size());
    const std::string_view word = words.substr(begin, end - begin);
    begin = words.find_first_not_of(kSpace, end);
    if (CountQueryTokens(word) == 0) continue;
    if (!expression.empty()) expression += ' ';
    expression += '"';
    for (char c : word) expression += c == '"' ? std::string("\"\"") : std::string(1, c);
    expression += '"';
  }
  return expression;
}

std::vector<ByteRange> TextSearch::TokenBytes(std::string_view text, uint32_t limit) const {
  TokenCollector collector{limit, {}};
  // SQLITE_DONE from the collector only ends the tokenising early.
  tokenizer_.xTokenize(instance_, &collector, FTS5_TOKENIZE_DOCUMENT, text.data(),
                       static_cast<int>(text.size()), TokenCollector::Add);
  return std::move(collector.tokens);
}

TextSnippet TextSearch::Snippet(std::string_view text, const std::vector<TokenHit>& hits) const {
  TextSnippet snippet;
  if (hits.empty()) return snippet;
  const uint32_t first_hit = hits[BestFirstHit(hits)].first_token;
  const uint32_t first = first_hit > kSnippetLeadTokens ? first_hit - kSnippetLeadTokens : 0;
  const std::vector<ByteRange> tokens = TokenBytes(text, first + kSnippetTokens);
  if (first >= tokens.size()) return snippet;  // the index and the text disagree
  const uint32_t end = static_cast<uint32_t>(tokens.size());
  snippet.excerpt = {tokens[first].begin, tokens[end - 1].end};
  snippet.text = std::string(text.substr(snippet.excerpt.begin, snippet.excerpt.size()));
  std::vector<ByteRange> highlights;
  for (const TokenHit& hit : hits) {
    if (hit.first_token < first || hit.end_token > end || hit.end_token <= hit.first_token) {
      continue;
    }
    highlights.push_back({tokens[hit.first_token].begin, tokens[hit.end_token - 1].end});
  }
  snippet.highlights = Merged(std::move(highlights));
  return snippet;
}

}  // namespace stemma::store
