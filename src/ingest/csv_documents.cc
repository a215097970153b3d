#include "ingest/csv_documents.h"

#include <nlohmann/json.hpp>

#include "ingest/document_reader.h"

namespace stemma::ingest {
namespace {

int ColumnOf(const std::vector<std::string>& header, const std::string& name) {
  for (size_t index = 0; index < header.size(); ++index) {
    if (header[index] == name) return static_cast<int>(index);
  }
  return -1;
}

std::string Field(const std::vector<std::string>& fields, int column) {
  return column >= 0 && static_cast<size_t>(column) < fields.size() ? fields[column]
                                                                    : std::string();
}

}  // namespace

std::optional<std::string> NormaliseDate(std::string_view text) {
  std::string date(text);
  while (!date.empty() && (date.back() == ' ' || date.back() == '\t')) date.pop_back();
  if (date.size() > 10 && date[10] == ' ') date[10] = 'T';
  if (IsIsoDate(date)) return date;
  return std::nullopt;
}

Result<CsvDocuments> CsvDocuments::Open(const std::string& path, const CsvMapping& mapping) {
  STEMMA_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(path));
  CsvDocuments documents(path, std::move(reader));
  STEMMA_ASSIGN_OR_RETURN(bool has_header, documents.reader_.Next(&documents.header_));
  if (!has_header) return Status::InvalidArgument(path + ": empty CSV file");
  if (!documents.header_.empty() && documents.header_[0].rfind("\xEF\xBB\xBF", 0) == 0) {
    documents.header_[0].erase(0, 3);  // BOM
  }
  const auto& header = documents.header_;
  documents.text_ = ColumnOf(header, mapping.text);
  if (documents.text_ < 0) {
    std::string columns;
    for (const auto& name : header) columns += (columns.empty() ? "" : ", ") + name;
    return Status::InvalidArgument(path + ": no column \"" + mapping.text +
                                   "\" for the text (columns: " + columns +
                                   "); name it with --csv-text");
  }
  documents.id_ = ColumnOf(header, mapping.id);
  documents.url_ = ColumnOf(header, mapping.url);
  documents.outlet_ = ColumnOf(header, mapping.outlet);
  documents.title_ = ColumnOf(header, mapping.title);
  documents.date_ = ColumnOf(header, mapping.published_at);
  documents.language_ = ColumnOf(header, mapping.language);
  return documents;
}

Result<bool> CsvDocuments::Next(DocumentInput* document) {
  std::vector<std::string> fields;
  STEMMA_ASSIGN_OR_RETURN(bool has_record, reader_.Next(&fields));
  if (!has_record) return false;
  *document = DocumentInput();
  document->origin = path_ + ":" + std::to_string(reader_.record_line());
  document->text = Field(fields, text_);
  if (document->text.empty()) return Status::InvalidArgument(document->origin + ": empty text");
  document->external_id = Field(fields, id_);
  document->url = Field(fields, url_);
  document->outlet = Field(fields, outlet_);
  document->title = Field(fields, title_);
  document->language = Field(fields, language_);
  nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
  const std::string date = Field(fields, date_);
  if (!date.empty()) {
    document->published_at = NormaliseDate(date);
    if (!document->published_at.has_value()) metadata["published_at_raw"] = date;
  }
  const int mapped[] = {text_, id_, url_, outlet_, title_, date_, language_};
  for (size_t column = 0; column < header_.size() && column < fields.size(); ++column) {
    if (std::find(std::begin(mapped), std::end(mapped), static_cast<int>(column)) !=
        std::end(mapped)) {
      continue;
    }
    metadata[header_[column]] = fields[column];
  }
  document->metadata_json =
      metadata.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return true;
}

}  // namespace stemma::ingest
