// Reading diatheke output.
//
// The parser works line by line: a line that opens with "Book C:V:" starts a
// verse, a line "(module)" ends the output, and any other line continues the
// current verse (diatheke wraps poetry). Each verse's raw lines are then
// cleaned in three linear passes (tags, entities, whitespace), so parsing a
// book costs O(bytes of output).
#include "bible/bible_text.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <regex>
#include <string>
#include <system_error>
#include <utility>

#include "text/utf8.h"

namespace stemma::bible {
namespace {

constexpr std::string_view kParagraphMark = "¶";
constexpr int kCommandNotFound = 127;  // the shell's exit code for a missing program

struct VerseHeader {
  std::string reference;
  std::string_view rest;  // what follows "Book C:V:" on the line
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<VerseHeader> ParseVerseHeader(std::string_view line) {
  static const std::regex kHeader(R"(^([^:\s][^:]*?) (\d+):(\d+):)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(line.begin(), line.end(), match, kHeader)) return std::nullopt;
  std::string reference = match[1].str() + " " + match[2].str() + ":" + match[3].str();
  return VerseHeader{std::move(reference), line.substr(match.length(0))};
}

// "(engKJV2006eb)": the line diatheke ends its output with.
bool IsModuleLine(std::string_view line) {
  static const std::regex kModule(R"(^\(\w+\)$)");
  line = Trim(line);
  return std::regex_match(line.begin(), line.end(), kModule);
}

std::string StripTags(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_tag = false;
  for (char c : text) {
    if (c == '<') in_tag = true;
    if (!in_tag) out += c;
    if (c == '>') in_tag = false;
  }
  return out;
}

// The code point of a numeric reference's body ("#233", "#xE9"), if valid.
std::optional<uint32_t> NumericEntity(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return std::nullopt;
  const bool hex = body[1] == 'x' || body[1] == 'X';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  uint32_t value = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return value;
}

// The text an entity's body (between '&' and ';') stands for, if known.
std::optional<std::string> DecodeEntity(std::string_view body) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kNamed = {
      {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}}};
  for (const auto& [name, text] : kNamed) {
    if (body == name) return std::string(text);
  }
  const std::optional<uint32_t> code_point = NumericEntity(body);
  if (!code_point) return std::nullopt;
  std::string out;
  utf8::AppendUtf8(*code_point, &out);
  return out;
}

// Unknown or malformed entities are kept as written.
std::string DecodeEntities(std::string_view text) {
  constexpr size_t kLongestEntity = 10;
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const size_t semicolon = text[pos] == '&' ? text.find(';', pos) : std::string_view::npos;
    if (semicolon != std::string_view::npos && semicolon - pos <= kLongestEntity) {
      if (auto decoded = DecodeEntity(text.substr(pos + 1, semicolon - pos - 1))) {
        out += *decoded;
        pos = semicolon;
        continue;
      }
    }
    out += text[pos];
  }
  return out;
}

// Removes "¶", turns every whitespace run into one space, trims both ends.
std::string CollapseSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text.substr(pos, kParagraphMark.size()) == kParagraphMark) {
      pos += kParagraphMark.size() - 1;
      pending_space = true;
    } else if (IsSpace(text[pos])) {
      pending_space = true;
    } else {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += text[pos];
    }
  }
  return out;
}

std::string ShellQuote(std::string_view word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Runs diatheke with `arguments` through the shell and returns its standard output.
Result<std::string> RunDiathekeCommand(const std::string& arguments) {
  const std::string command = "diatheke " + arguments + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return Status::IoError("cannot run: " + command);
  std::string output;
  std::array<char, 1 << 16> buffer;
  size_t read = 0;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), read);
  const int wait_status = pclose(pipe);
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == kCommandNotFound) {
    return Status::NotFound("diatheke is not installed (Debian package diatheke)");
  }
  if (wait_status != 0) return Status::IoError("command failed: " + command);
  return output;
}

// Whether `module_list` (diatheke -k modulelist) has a line "module : description".
bool ListsModule(std::string_view module_list, std::string_view module) {
  while (!module_list.empty()) {
    const size_t line_end = std::min(module_list.find('\n'), module_list.size());
    const std::string_view line = module_list.substr(0, line_end);
    if (line.starts_with(module) && line.substr(module.size()).starts_with(" : ")) return true;
    module_list.remove_prefix(std::min(line_end + 1, module_list.size()));
  }
  return false;
}

}  // namespace

std::string CleanVerseText(std::string_view raw) {
  return CollapseSpace(DecodeEntities(StripTags(raw)));
}

Result<std::vector<Verse>> ParseDiatheke(std::string_view output) {
  std::vector<Verse> verses;  // text still raw until the end
  size_t line_begin = 0;
  while (line_begin < output.size()) {
    size_t line_end = output.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = output.size();
    const std::string_view line = output.substr(line_begin, line_end - line_begin);
    line_begin = line_end + 1;
    if (IsModuleLine(line)) break;
    if (auto header = ParseVerseHeader(line)) {
      verses.push_back({std::move(header->reference), std::string(header->rest)});
    } else if (!verses.empty()) {
      verses.back().text.append("\n").append(line);
    } else if (!Trim(line).empty()) {
      return Status::Corruption("diatheke output has text before its first verse: " +
                                std::string(line));
    }
  }
  for (Verse& verse : verses) verse.text = CleanVerseText(verse.text);
  return verses;
}

BibleDocument JoinVerses(const std::vector<Verse>& verses) {
  BibleDocument document;
  for (const Verse& verse : verses) {
    if (!document.text.empty() || !document.verses.empty()) document.text += '\n';
    const auto begin = static_cast<uint32_t>(document.text.size());
    document.text += verse.text;
    document.verses.push_back(
        {verse.reference, ByteRange{begin, static_cast<uint32_t>(document.text.size())}});
  }
  return document;
}

Status CheckDiatheke(std::string_view module) {
  STEMMA_ASSIGN_OR_RETURN(const std::string module_list,
                          RunDiathekeCommand("-b system -k modulelist"));
  if (ListsModule(module_list, module)) return Status::Ok();
  return Status::NotFound("SWORD module " + std::string(module) +
                          " is not installed (see: diatheke -b system -k modulelist)");
}

Result<std::string> RunDiatheke(std::string_view module, std::string_view book) {
  return RunDiathekeCommand("-b " + ShellQuote(module) + " -f plain -k " + ShellQuote(book));
}

Result<BibleDocument> LoadBook(std::string_view module, std::string_view book) {
  STEMMA_ASSIGN_OR_RETURN(const std::string output, RunDiatheke(module, book));
  STEMMA_ASSIGN_OR_RETURN(const std::vector<Verse> verses, ParseDiatheke(output));
  if (verses.empty()) {
    return Status::NotFound("no verses of " + std::string(book) + " in " + std::string(module));
  }
  return JoinVerses(verses);
}

}  // namespace stemma::bible
