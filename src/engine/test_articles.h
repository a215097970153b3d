// The Helsinki articles (../shared/data: wire copy reprinted by 75 outlets)
// as documents, for the engine's tests on real material.
#ifndef STEMMA_ENGINE_TEST_ARTICLES_H_
#define STEMMA_ENGINE_TEST_ARTICLES_H_

#include <string>
#include <vector>

#include "ingest/csv_reader.h"
#include "stemma/document.h"

namespace stemma::engine {

inline const std::string kHelsinkiArticles =
    std::string(STEMMA_SHARED_DIR) + "/data/helsinki_articles.csv";

// Empty when the file is absent (tests skip then).
inline std::vector<DocumentInput> ReadHelsinkiArticles() {
  std::vector<DocumentInput> documents;
  auto reader = ingest::CsvReader::Open(kHelsinkiArticles);
  if (!reader.ok()) return documents;
  std::vector<std::string> fields;
  if (!*reader->Next(&fields)) return documents;  // header: id, publisher, scrape_time, text
  while (*reader->Next(&fields)) {
    DocumentInput document;
    document.external_id = fields.at(0);
    document.outlet = fields.at(1);
    document.published_at = fields.at(2).substr(0, 10);
    document.text = fields.at(3);
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_TEST_ARTICLES_H_
