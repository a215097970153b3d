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

// An outlet that ends every ninth article with the same footer: once it has
// enough of them, the outlet boilerplate rule withdraws the footer's passages.
inline void AddCourierFooter(std::vector<DocumentInput>* articles) {
  const std::string footer =
      " ### Copyright of the Evening Courier, all rights reserved; no part of this article may be "
      "reproduced without the written consent of the Courier's syndication desk in Lakeport.";
  for (size_t index = 0; index < articles->size(); index += 9) {
    (*articles)[index].outlet = "Evening Courier";
    (*articles)[index].text += footer;
  }
}

// Word-for-word copies of every 40th of the first `end` articles, from an
// outlet of their own: they join duplicate families.
inline std::vector<DocumentInput> MirrorCopies(const std::vector<DocumentInput>& articles,
                                               size_t end) {
  std::vector<DocumentInput> copies;
  for (size_t index = 3; index < end; index += 40) {
    DocumentInput copy = articles[index];
    copy.outlet = "Mirror Daily";
    copy.external_id += "-mirror";
    copies.push_back(copy);
  }
  return copies;
}

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_TEST_ARTICLES_H_
