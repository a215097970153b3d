// The model of the report page (report_html.cc): what the page shows, computed
// before any markup is written, and the escaping every untrusted byte goes
// through: what the page writer uses of it.
#ifndef STEMMA_TOOLS_REPORT_HTML_MODEL_H_
#define STEMMA_TOOLS_REPORT_HTML_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/provenance.h"

namespace stemma::cli::report_html {

constexpr size_t kNowhere = static_cast<size_t>(-1);
constexpr size_t kColours = 8;  // .s0 to .s7 in kStyle; sources beyond reuse them
constexpr size_t kMaxExcerptBytes = 600;
constexpr size_t kMaxChangeBytes = 400;

// A byte range of the article, in size_t so that widening never overflows.
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

struct PassageView {
  const ReportPassage* passage = nullptr;
  Span range;                   // clamped to the text, whole characters
  size_t number_at = kNowhere;  // where its number goes in the text (nowhere: no text to mark)
  size_t source = 0;            // index into PageModel::sources
};

struct SourceRow {
  const CorpusDocument* document = nullptr;
  std::vector<size_t> passages;  // indexes into PageModel::passages, in the order of the article
  uint64_t characters = 0;       // of the article inside its passages
};

struct PageModel {
  std::vector<PassageView> passages;  // in the order of the article: number = index + 1
  std::vector<SourceRow> sources;     // largest share of the article first
  std::vector<Span> paragraphs;
  uint64_t text_characters = 0;     // counted here, for the shares of the sources
  uint64_t article_characters = 0;  // as the engine counts them, for the summary
  uint64_t covered_characters = 0;
  size_t outlets = 0;
  size_t attributions_dropped = 0;
};

// Changes between one document of a chain and the next.
struct Step {
  uint32_t parent = 0;
  uint32_t child = 0;
  std::vector<const Change*> changes;
};

std::string_view Slice(std::string_view text, Span span);
// Untrusted text, safe in element content and in double-quoted attributes.
void AppendText(std::string* out, std::string_view text);
std::string Html(std::string_view text);
// Whitespace runs (newlines included) become one space; the head and tail of
// a long text are kept around " … ", cut between characters.
std::string Excerpt(std::string_view text, size_t max_bytes);
// Only these become links: other schemes (javascript:, data:) never do, and
// neither does anything a browser would first have to clean up.
bool IsHttpUrl(std::string_view url);
// "2024-03-05T14:02:00+01:00" reads "2024-03-05 14:02 +01:00"; other values as they are.
std::string ReadableDate(const std::optional<std::string>& date);
std::string OutletName(const CorpusDocument& document);
std::string DocumentLabel(const CorpusDocument& document);
std::string Plural(size_t count, std::string_view one, std::string_view many);
// Rounded down, so that a partial share never reads 100%.
std::string Percent(uint64_t part, uint64_t whole);
size_t DroppedAttributions(const ReportPassage& passage);
PageModel BuildModel(std::string_view text, const Report& report);
// Grouped by (parent, child) and ordered along the chain.
std::vector<Step> Steps(const ReportPassage& passage);

}  // namespace stemma::cli::report_html

#endif  // STEMMA_TOOLS_REPORT_HTML_MODEL_H_
