// What the parts of the catalogue share (catalogue.h): the columns of a
// document row and of a passage row, read the same way everywhere. Private
// to src/store:
//   catalogue.cc           opening, runs, documents and their texts
//   catalogue_schema.cc    the schema versions and their migrations
//   catalogue_passages.cc  passages, reuse families and copy edges
//   catalogue_search.cc    documents by filter and by the words of their texts
#ifndef STEMMA_STORE_CATALOGUE_INTERNAL_H_
#define STEMMA_STORE_CATALOGUE_INTERNAL_H_

#include "store/catalogue.h"
#include "store/sqlite_statement.h"

namespace stemma::store {

inline constexpr const char* kDocumentColumns =
    "id, external_id, url, outlet, title, published_at, language, byte_length, sha256, metadata, "
    "run_id, family, boilerplate";

DocumentRecord ReadDocument(const Statement& row);

inline constexpr const char* kPassageColumns =
    "SELECT a_document, b_document, a_begin, a_end, a_first_token, a_tokens, b_begin, b_end, "
    "b_first_token, b_tokens, matched_tokens, score, identity, edits, run_id, id, "
    "IFNULL(family, 0) FROM passages ";

// The first column of every row `query` gives, as ids.
Result<std::vector<uint32_t>> ReadIds(Statement& query);

}  // namespace stemma::store

#endif  // STEMMA_STORE_CATALOGUE_INTERNAL_H_
