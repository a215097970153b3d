// The public face of src/ingest (stemma/input.h): what the command, the
// server and Python call, forwarded to the readers.
#include "stemma/input.h"

#include "ingest/document_reader.h"
#include "ingest/input_documents.h"
#include "ingest/web_documents.h"

namespace stemma {

std::unique_ptr<InputStream> OpenInputs(const std::vector<std::string>& paths, InputOptions options,
                                        std::function<void(const std::string& problem)> on_problem,
                                        std::function<void(const std::string& note)> on_note) {
  return std::make_unique<ingest::InputDocuments>(paths, std::move(options), std::move(on_problem),
                                                  std::move(on_note));
}

Status ParseDocumentJson(std::string_view json, bool text_required, const std::string& where,
                         DocumentInput* document) {
  return ingest::ParseDocumentJson(json, text_required, where, document);
}

bool IsIsoDate(std::string_view text) { return ingest::IsIsoDate(text); }

Result<ExtractedPage> ExtractWebPage(const std::string& path, std::string_view page_url) {
  STEMMA_ASSIGN_OR_RETURN(const std::string html, ingest::ReadMaybeGzipped(path));
  // The charset as a browser would find it (BOM, <meta>, detection): the
  // same text `stemma add` stores for this page.
  return ingest::ExtractHtml(html, "", page_url).page;
}

}  // namespace stemma
