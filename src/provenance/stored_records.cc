#include "provenance/stored_records.h"

#include <utility>

namespace stemma::provenance {

CorpusDocument ToCorpusDocument(const DocumentRecord& record) {
  CorpusDocument document;
  document.id = record.id;
  document.external_id = record.external_id;
  document.url = record.url;
  document.outlet = record.outlet;
  document.title = record.title;
  document.published_at = record.published_at;
  document.language = record.language;
  document.byte_length = record.byte_length;
  document.sha256 = record.sha256;
  document.metadata_json = record.metadata_json;
  document.family = record.family;
  document.boilerplate = record.boilerplate;
  return document;
}

uint32_t MapOffset(uint32_t offset, const Passage& link) {
  if (offset <= link.a.bytes.begin) return link.b.bytes.begin;
  if (offset >= link.a.bytes.end) return link.b.bytes.end;
  for (const Edit& edit : link.edits) {
    if (offset < edit.a.begin || offset > edit.a.end) continue;
    if (edit.a.size() == 0) return edit.b.begin;
    const uint64_t into = static_cast<uint64_t>(offset - edit.a.begin) * edit.b.size();
    return edit.b.begin + static_cast<uint32_t>(into / edit.a.size());
  }
  return link.b.bytes.begin;
}

}  // namespace stemma::provenance
