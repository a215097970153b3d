#include "readable_passage.h"

#include <fmt/format.h>

#include <string>

#include "stemma/text.h"

namespace stemma::cli {
namespace {

// Equal runs longer than this many bytes are shown as their head and tail.
constexpr size_t kMaxEqualBytes = 240;
constexpr size_t kMaxSnippetBytes = 320;

// Runs of whitespace (newlines included) become one space.
std::string Collapse(std::string_view text) {
  std::string out;
  bool in_space = false;
  for (char byte : text) {
    const bool space = byte == ' ' || byte == '\n' || byte == '\r' || byte == '\t';
    if (space && !in_space) out += ' ';
    if (!space) out += byte;
    in_space = space;
  }
  return out;
}

// The head and tail of `text` around " … ", cut on UTF-8 character boundaries.
std::string Abbreviate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t head = max_bytes / 2;
  while (head > 0 && IsUtf8Continuation(text[head])) --head;
  size_t tail = text.size() - max_bytes / 2;
  while (tail < text.size() && IsUtf8Continuation(text[tail])) ++tail;
  return text.substr(0, head) + " … " + text.substr(tail);
}

std::string_view Slice(std::string_view text, const ByteRange& range) {
  return text.substr(range.begin, range.end - range.begin);
}

std::string Marked(std::string_view text, std::string_view open, std::string_view close,
                   const char* color, bool use_color) {
  if (!use_color) return fmt::format("{}{}{}", open, Collapse(text), close);
  return fmt::format("{}{}{}{}{}\033[0m", color, open, Collapse(text), close, "");
}

std::string MergedView(const Passage& passage, const ReadableContext& context) {
  std::string view;
  for (const Edit& edit : passage.edits) {
    if (!view.empty()) view += ' ';
    const std::string_view a = Slice(context.a_text, edit.a);
    const std::string_view b = Slice(context.b_text, edit.b);
    switch (edit.op) {
      case EditOp::kEqual:
        view += Abbreviate(Collapse(b), kMaxEqualBytes);
        break;
      case EditOp::kDelete:
        view += Marked(a, "[-", "-]", "\033[31m", context.color);
        break;
      case EditOp::kInsert:
        view += Marked(b, "{+", "+}", "\033[32m", context.color);
        break;
      case EditOp::kSubstitute:
        view += Marked(a, "[-", "-]", "\033[31m", context.color);
        view += Marked(b, "{+", "+}", "\033[32m", context.color);
        break;
    }
  }
  return view;
}

}  // namespace

void PrintReadablePassage(std::ostream& out, const Passage& passage, size_t number, size_t total,
                          const ReadableContext& context) {
  size_t changes = 0;
  for (const Edit& edit : passage.edits) changes += edit.op != EditOp::kEqual;
  out << fmt::format("Passage {} of {}: {} matched tokens, identity {:.3f}, score {:.1f}\n", number,
                     total, passage.matched_tokens, passage.identity, passage.score);
  out << fmt::format("  A  {}  bytes [{}, {})  {} tokens\n", context.a_name, passage.a.bytes.begin,
                     passage.a.bytes.end, passage.a.tokens);
  out << fmt::format("  B  {}  bytes [{}, {})  {} tokens\n", context.b_name, passage.b.bytes.begin,
                     passage.b.bytes.end, passage.b.tokens);
  out << "  A: " << Abbreviate(Collapse(Slice(context.a_text, passage.a.bytes)), kMaxSnippetBytes)
      << "\n";
  out << "  B: " << Abbreviate(Collapse(Slice(context.b_text, passage.b.bytes)), kMaxSnippetBytes)
      << "\n";
  if (changes == 0) {
    out << "  verbatim: no word changed\n\n";
    return;
  }
  out << fmt::format("  {} change{} from A to B:\n", changes, changes == 1 ? "" : "s");
  out << "  " << MergedView(passage, context) << "\n\n";
}

}  // namespace stemma::cli
