#include "provenance_text.h"

#include <fmt/format.h>

#include "stemma/text.h"

namespace stemma::cli {
namespace {

constexpr size_t kQuotedBytes = 120;

// The text on one line, cut at a character boundary.
std::string Quoted(const std::string& text) {
  std::string line;
  for (char byte : text) line.push_back(byte == '\n' || byte == '\r' || byte == '\t' ? ' ' : byte);
  if (line.size() > kQuotedBytes) {
    size_t end = kQuotedBytes;
    while (end > 0 && IsUtf8Continuation(line[end])) --end;
    line = line.substr(0, end) + "...";
  }
  return "\"" + line + "\"";
}

}  // namespace

std::string DocumentName(const CorpusDocument& document) {
  std::string name = fmt::format("#{}", document.id);
  if (!document.outlet.empty()) name += " " + document.outlet;
  name += " " + document.published_at.value_or("(undated)");
  if (!document.external_id.empty()) name += " (" + document.external_id + ")";
  return name;
}

std::string DescribeChange(const Change& change) {
  switch (change.kind) {
    case ChangeKind::kAttributionDropped:
      return "attribution dropped: " + Quoted(change.parent.text);
    case ChangeKind::kAttributionAdded:
      return "attribution added: " + Quoted(change.child.text);
    case ChangeKind::kAttributionChanged:
      return fmt::format("attribution changed: {} -> {}", Quoted(change.parent.text),
                         Quoted(change.child.text));
    case ChangeKind::kSubstitution:
      return fmt::format("substitution: {} -> {}", Quoted(change.parent.text),
                         Quoted(change.child.text));
    case ChangeKind::kSentenceInserted:
      return "sentence inserted: " + Quoted(change.child.text);
    case ChangeKind::kSentenceDeleted:
      return "sentence deleted: " + Quoted(change.parent.text);
    case ChangeKind::kHeadlineChanged:
      return fmt::format("headline changed: {} -> {}", Quoted(change.parent.text),
                         Quoted(change.child.text));
  }
  return "change";
}

}  // namespace stemma::cli
