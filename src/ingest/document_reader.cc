// JSON Lines records and .txt files with sidecars, parsed with simdjson.
//
// Known fields must have the documented types (strings; "id" may also be a
// number; optional fields may be null); anything else is kept verbatim,
// minified, in metadata_json, so that nothing a collection carries is lost.
// A record with a wrong type or an unparseable date is refused with a reason
// rather than stored half-right.
#include "ingest/document_reader.h"

#include <simdjson.h>

#include <cctype>
#include <filesystem>

#include "common/dates.h"
#include "stemma/files.h"

namespace stemma::ingest {
namespace {

struct FieldTarget {
  std::string_view name;
  std::string DocumentInput::*member;
};
constexpr FieldTarget kStringFields[] = {{"url", &DocumentInput::url},
                                         {"outlet", &DocumentInput::outlet},
                                         {"title", &DocumentInput::title},
                                         {"language", &DocumentInput::language},
                                         {"text", &DocumentInput::text}};

Status FieldError(const std::string& where, std::string_view field, std::string_view rule) {
  return Status::InvalidArgument(where + ": \"" + std::string(field) + "\" " + std::string(rule));
}

// Stores one known field; false if `key` is not a known field.
Result<bool> StoreKnownField(std::string_view key, simdjson::dom::element value,
                             const std::string& where, DocumentInput* document) {
  const bool is_null = value.is_null();
  if (key == "id") {
    if (value.is_string()) {
      document->external_id = std::string(value.get_string().value());
    } else if (value.is_int64() || value.is_uint64()) {
      document->external_id = simdjson::minify(value);
    } else if (!is_null) {
      return FieldError(where, key, "must be a string or an integer");
    }
    return true;
  }
  if (key == "published_at") {
    if (is_null) return true;
    if (!value.is_string()) return FieldError(where, key, "must be a string or null");
    const std::string_view date = value.get_string().value();
    if (!IsIsoDate(date)) {
      return FieldError(where, key, "is not an ISO 8601 date: '" + std::string(date) + "'");
    }
    document->published_at = std::string(date);
    return true;
  }
  for (const FieldTarget& field : kStringFields) {
    if (key != field.name) continue;
    if (is_null && key != "text") return true;
    if (!value.is_string()) return FieldError(where, key, "must be a string");
    document->*field.member = std::string(value.get_string().value());
    return true;
  }
  return false;
}

// A key as JSON: simdjson hands it over unescaped (and valid UTF-8).
void AppendQuotedKey(std::string_view key, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : key) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace

bool IsIsoDate(std::string_view text) { return ParseIsoTime(text).has_value(); }

Status ParseDocumentJson(std::string_view json, bool text_required, const std::string& where,
                         DocumentInput* document) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto error = parser.parse(simdjson::padded_string(json)).get(root); error) {
    return Status::InvalidArgument(where + ": malformed JSON: " + simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument(where + ": not a JSON object");
  }
  std::string metadata;
  bool has_text = false;
  for (const auto field : object) {
    const Result<bool> known = StoreKnownField(field.key, field.value, where, document);
    if (!known.ok()) return known.status();
    has_text |= field.key == "text";
    if (*known) continue;
    metadata += metadata.empty() ? "{" : ",";
    AppendQuotedKey(field.key, &metadata);
    metadata += ":" + simdjson::minify(field.value);
  }
  document->metadata_json = metadata.empty() ? "{}" : metadata + "}";
  if (text_required && !has_text) return Status::InvalidArgument(where + ": no \"text\" field");
  // A record with nothing to align is refused here, for every reader (files and
  // HTTP uploads alike); found by fuzz_json_record.
  if (text_required && document->text.empty())
    return Status::InvalidArgument(where + ": empty text");
  return Status::Ok();
}

Result<DocumentInput> ReadTextDocument(const std::string& path) {
  DocumentInput document;
  STEMMA_ASSIGN_OR_RETURN(document.text, ReadTextFile(path));
  document.origin = path;
  document.metadata_json = "{}";
  const std::string sidecar = std::filesystem::path(path).replace_extension(".json").string();
  std::error_code error;
  if (!std::filesystem::exists(sidecar, error)) return document;
  STEMMA_ASSIGN_OR_RETURN(const std::string json, ReadTextFile(sidecar));
  std::string text = std::move(document.text);
  STEMMA_RETURN_IF_ERROR(ParseDocumentJson(json, false, sidecar, &document));
  document.text = std::move(text);  // the .txt holds the text, whatever the sidecar says
  return document;
}

Result<JsonLinesReader> JsonLinesReader::Open(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return Status::IoError(path + ": cannot open");
  return JsonLinesReader(path, std::move(stream));
}

Result<bool> JsonLinesReader::Next(DocumentInput* document) {
  std::string line;
  while (std::getline(stream_, line)) {
    ++line_number_;
    if (line_number_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    *document = DocumentInput();
    document->origin = path_ + ":" + std::to_string(line_number_);
    STEMMA_RETURN_IF_ERROR(ParseDocumentJson(line, true, document->origin, document));
    return true;
  }
  if (stream_.bad())
    return Status::IoError(path_ + ": read failed after line " + std::to_string(line_number_));
  return false;
}

}  // namespace stemma::ingest
