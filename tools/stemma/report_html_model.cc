// The report page's model and escaping (report_html_model.h).
#include "report_html_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stemma/text.h"

namespace stemma::cli::report_html {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// C0 and C1 controls other than tab, line feed and carriage return are parse
// errors in HTML (and NUL is dropped by browsers).
bool IsControl(std::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x20) return lead != '\t' && lead != '\n' && lead != '\r';
  if (lead == 0x7F) return true;
  return lead == 0xC2 && static_cast<unsigned char>(text[pos + 1]) < 0xA0;
}

void AppendAscii(std::string* out, char byte) {
  constexpr std::string_view kSpecial = "&<>\"'";
  constexpr std::string_view kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
  const size_t special = kSpecial.find(byte);
  if (special == std::string_view::npos) {
    *out += byte;
  } else {
    out->append(kEntities[special]);
  }
}

// Clamped to the text, then widened to whole characters (a range edge inside
// a character takes in the whole character).
Span Clamp(std::string_view text, const ByteRange& range) {
  Span span;
  span.begin = std::min<size_t>(range.begin, text.size());
  span.end = std::clamp<size_t>(range.end, span.begin, text.size());
  if (span.begin == span.end) return span;
  for (int step = 0; step < 3 && span.begin > 0 && IsUtf8Continuation(text[span.begin]); ++step) {
    --span.begin;
  }
  for (int step = 0; step < 3 && span.end < text.size() && IsUtf8Continuation(text[span.end]);
       ++step) {
    ++span.end;
  }
  return span;
}

uint64_t CountCharacters(std::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char byte) { return !IsUtf8Continuation(byte); });
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char byte) {
           return lower == std::tolower(static_cast<unsigned char>(byte));
         });
}

bool SameDocument(const CorpusDocument& a, const CorpusDocument& b) {
  return a.id == b.id && a.outlet == b.outlet && a.external_id == b.external_id;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

// Without the line break and the spaces before it (CR of CRLF included).
std::vector<Span> Lines(std::string_view text) {
  std::vector<Span> lines;
  for (size_t begin = 0; begin < text.size();) {
    const size_t end = std::min(text.find('\n', begin), text.size());
    size_t content_end = end;
    while (content_end > begin && IsBlank(text.substr(content_end - 1, 1))) --content_end;
    lines.push_back({begin, content_end});
    begin = end + 1;
  }
  return lines;
}

// Texts with blank lines between paragraphs (and maybe lines wrapped inside
// them) are split at blank lines; texts without put a paragraph on each line.
std::vector<Span> Paragraphs(std::string_view text) {
  const std::vector<Span> lines = Lines(text);
  const auto blank = [&](const Span& line) { return IsBlank(Slice(text, line)); };
  const auto first = std::find_if_not(lines.begin(), lines.end(), blank);
  const auto last = std::find_if_not(lines.rbegin(), lines.rend(), blank).base();
  const bool by_blank_lines = first < last && std::any_of(first, last, blank);
  std::vector<Span> paragraphs;
  bool open = false;
  for (const Span& line : lines) {
    if (blank(line)) {
      open = false;
    } else if (open && by_blank_lines) {
      paragraphs.back().end = line.end;
    } else {
      paragraphs.push_back(line);
      open = true;
    }
  }
  return paragraphs;
}

// After the last paragraph text the passage covers (blank lines show nothing
// to put a number after).
size_t NumberPosition(const Span& range, const std::vector<Span>& paragraphs) {
  for (auto paragraph = paragraphs.rbegin(); paragraph != paragraphs.rend(); ++paragraph) {
    if (paragraph->begin < range.end && paragraph->end > range.begin) {
      return std::min(range.end, paragraph->end);
    }
  }
  return kNowhere;
}

std::vector<PassageView> SortedPassages(std::string_view text, const Report& report,
                                        const std::vector<Span>& paragraphs) {
  std::vector<PassageView> passages;
  for (const ReportPassage& passage : report.passages) {
    const Span range = Clamp(text, passage.query);
    passages.push_back({&passage, range, NumberPosition(range, paragraphs), 0});
  }
  std::stable_sort(passages.begin(), passages.end(),
                   [](const PassageView& a, const PassageView& b) {
                     return a.range.begin != b.range.begin ? a.range.begin < b.range.begin
                                                           : a.range.end < b.range.end;
                   });
  return passages;
}

// Characters of `text` inside the union of `spans` (sorted by begin).
uint64_t CoveredCharacters(std::string_view text, const std::vector<Span>& spans) {
  uint64_t characters = 0;
  size_t covered_to = 0;
  for (const Span& span : spans) {
    const size_t begin = std::max(span.begin, covered_to);
    if (span.end <= begin) continue;
    characters += CountCharacters(text.substr(begin, span.end - begin));
    covered_to = span.end;
  }
  return characters;
}

std::vector<SourceRow> GroupBySource(std::string_view text, std::vector<PassageView>* passages) {
  std::vector<SourceRow> sources;
  for (size_t index = 0; index < passages->size(); ++index) {
    const CorpusDocument& document = (*passages)[index].passage->earliest_source;
    auto row = std::find_if(sources.begin(), sources.end(), [&](const SourceRow& source) {
      return SameDocument(*source.document, document);
    });
    if (row == sources.end()) row = sources.insert(sources.end(), SourceRow{&document, {}, 0});
    row->passages.push_back(index);
  }
  for (SourceRow& source : sources) {
    std::vector<Span> spans;
    for (size_t index : source.passages) spans.push_back((*passages)[index].range);
    source.characters = CoveredCharacters(text, spans);
  }
  std::stable_sort(sources.begin(), sources.end(), [](const SourceRow& a, const SourceRow& b) {
    return a.characters > b.characters;
  });
  for (size_t rank = 0; rank < sources.size(); ++rank) {
    for (size_t index : sources[rank].passages) (*passages)[index].source = rank;
  }
  return sources;
}

size_t DistinctOutlets(const std::vector<SourceRow>& sources) {
  std::vector<std::string> outlets;
  for (const SourceRow& source : sources) outlets.push_back(OutletName(*source.document));
  std::sort(outlets.begin(), outlets.end());
  return std::unique(outlets.begin(), outlets.end()) - outlets.begin();
}

size_t ChainPosition(const ReportPassage& passage, uint32_t document) {
  for (size_t position = 0; position < passage.chain.size(); ++position) {
    if (passage.chain[position].id == document) return position;
  }
  return passage.chain.size();
}

}  // namespace

std::string_view Slice(std::string_view text, Span span) {
  return text.substr(span.begin, span.end - span.begin);
}

void AppendText(std::string* out, std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = Utf8CharLength(text, pos);
    if (length == 0 || IsControl(text, pos)) {
      out->append(kReplacement);
    } else if (length == 1) {
      AppendAscii(out, text[pos]);
    } else {
      out->append(text.substr(pos, length));
    }
    pos += std::max<size_t>(length, 1);
  }
}

std::string Html(std::string_view text) {
  std::string out;
  AppendText(&out, text);
  return out;
}

std::string Excerpt(std::string_view text, size_t max_bytes) {
  std::string collapsed;
  for (char byte : text) {
    const bool space = byte == ' ' || byte == '\n' || byte == '\r' || byte == '\t';
    if (!space) collapsed += byte;
    if (space && !collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
  }
  if (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  if (collapsed.size() <= max_bytes) return collapsed;
  size_t head = max_bytes / 2;
  while (head > 0 && IsUtf8Continuation(collapsed[head])) --head;
  size_t tail = collapsed.size() - max_bytes / 2;
  while (tail < collapsed.size() && IsUtf8Continuation(collapsed[tail])) ++tail;
  return collapsed.substr(0, head) + " … " + collapsed.substr(tail);
}

bool IsHttpUrl(std::string_view url) {
  const bool http =
      StartsWithIgnoringCase(url, "http://") || StartsWithIgnoringCase(url, "https://");
  return http && url.size() > 8 && std::none_of(url.begin(), url.end(), [](char byte) {
           const auto value = static_cast<unsigned char>(byte);
           return value <= 0x20 || value == 0x7F;
         });
}

std::string ReadableDate(const std::optional<std::string>& date) {
  if (!date || date->empty()) return "undated";
  const std::string& value = *date;
  if (value.size() < 16 || value[10] != 'T') return value;
  std::string readable = value.substr(0, 10) + " " + value.substr(11, 5);
  const size_t zone = value.find_first_of("Z+-", 16);
  if (zone != std::string::npos) readable += value[zone] == 'Z' ? " UTC" : " " + value.substr(zone);
  return readable;
}

std::string OutletName(const CorpusDocument& document) {
  if (!document.outlet.empty()) return document.outlet;
  if (!document.title.empty()) return document.title;
  return fmt::format("document {}", document.id);
}

std::string DocumentLabel(const CorpusDocument& document) {
  return fmt::format("{} ({})", OutletName(document), ReadableDate(document.published_at));
}

std::string Plural(size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0 || part == 0) return "0%";
  if (part >= whole) return "100%";
  const uint64_t percent = part * 100 / whole;
  return percent == 0 ? "under 1%" : fmt::format("{}%", percent);
}

size_t DroppedAttributions(const ReportPassage& passage) {
  return std::count_if(passage.changes.begin(), passage.changes.end(), [](const Change& change) {
    return change.kind == ChangeKind::kAttributionDropped;
  });
}

// ---------------------------------------------------------------------------
// The model: what the page shows, computed before any markup is written.

PageModel BuildModel(std::string_view text, const Report& report) {
  PageModel model;
  model.paragraphs = Paragraphs(text);
  model.passages = SortedPassages(text, report, model.paragraphs);
  model.sources = GroupBySource(text, &model.passages);
  model.outlets = DistinctOutlets(model.sources);
  model.text_characters = CountCharacters(text);
  model.article_characters = model.text_characters;
  std::vector<Span> spans;
  for (const PassageView& view : model.passages) spans.push_back(view.range);
  model.covered_characters = CoveredCharacters(text, spans);
  // The engine's own figures, when it gave them, are the ones its other outputs print.
  if (report.characters > 0) {
    model.article_characters = report.characters;
    model.covered_characters = std::min(report.covered_characters, report.characters);
  }
  for (const ReportPassage& passage : report.passages) {
    model.attributions_dropped += DroppedAttributions(passage);
  }
  return model;
}

std::vector<Step> Steps(const ReportPassage& passage) {
  std::vector<Step> steps;
  for (const Change& change : passage.changes) {
    auto step = std::find_if(steps.begin(), steps.end(), [&](const Step& candidate) {
      return candidate.parent == change.parent.document && candidate.child == change.child.document;
    });
    if (step == steps.end()) {
      step = steps.insert(steps.end(), Step{change.parent.document, change.child.document, {}});
    }
    step->changes.push_back(&change);
  }
  std::stable_sort(steps.begin(), steps.end(), [&](const Step& a, const Step& b) {
    return ChainPosition(passage, a.parent) < ChainPosition(passage, b.parent);
  });
  return steps;
}

// ---------------------------------------------------------------------------
// The markup.

}  // namespace stemma::cli::report_html
