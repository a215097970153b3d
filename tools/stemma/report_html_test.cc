#include "report_html.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::cli {
namespace {

// ---------------------------------------------------------------------------
// The page read back with gumbo (a browser's HTML5 parser).

class ParsedPage {
 public:
  explicit ParsedPage(const std::string& html)
      : output_(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size())) {}
  ~ParsedPage() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }
  ParsedPage(const ParsedPage&) = delete;
  ParsedPage& operator=(const ParsedPage&) = delete;

  unsigned errors() const { return output_->errors.length; }

  // Every element, in document order.
  std::vector<const GumboNode*> Elements() const {
    std::vector<const GumboNode*> elements;
    std::vector<const GumboNode*> stack = {output_->root};
    while (!stack.empty()) {
      const GumboNode* node = stack.back();
      stack.pop_back();
      if (node->type != GUMBO_NODE_ELEMENT) continue;
      elements.push_back(node);
      const GumboVector& children = node->v.element.children;
      for (unsigned index = children.length; index > 0; --index) {
        stack.push_back(static_cast<const GumboNode*>(children.data[index - 1]));
      }
    }
    return elements;
  }

  std::vector<const GumboNode*> ByTag(GumboTag tag) const {
    std::vector<const GumboNode*> found;
    for (const GumboNode* node : Elements()) {
      if (node->v.element.tag == tag) found.push_back(node);
    }
    return found;
  }

  const GumboNode* ById(std::string_view id) const {
    for (const GumboNode* node : Elements()) {
      if (Attribute(node, "id") == id) return node;
    }
    return nullptr;
  }

  static std::string Attribute(const GumboNode* node, const char* name) {
    const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
    return attribute == nullptr ? "" : attribute->value;
  }

  // The text of a node and its descendants, entities decoded.
  static std::string Text(const GumboNode* node) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
      return node->v.text.text;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return "";
    std::string text;
    const GumboVector& children = node->v.element.children;
    for (unsigned index = 0; index < children.length; ++index) {
      text += Text(static_cast<const GumboNode*>(children.data[index]));
    }
    return text;
  }

 private:
  GumboOutput* output_;
};

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const size_t length = lead < 0x80                    ? 1
                          : lead >= 0xC2 && lead <= 0xDF ? 2
                          : lead >= 0xE0 && lead <= 0xEF ? 3
                          : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                         : 0;
    if (length == 0 || pos + length > text.size()) return false;
    const auto second = static_cast<unsigned char>(text[pos + length - 1 > pos ? pos + 1 : pos]);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return false;  // overlong, surrogate or past U+10FFFF
    }
    for (size_t offset = 1; offset < length; ++offset) {
      if ((static_cast<unsigned char>(text[pos + offset]) & 0xC0) != 0x80) return false;
    }
    pos += length;
  }
  return true;
}

size_t Count(std::string_view text, std::string_view needle) {
  size_t count = 0;
  for (size_t pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

// ---------------------------------------------------------------------------
// Invented documents and reports.

CorpusDocument Document(uint32_t id, std::string outlet, std::string date) {
  CorpusDocument document;
  document.id = id;
  document.outlet = std::move(outlet);
  document.published_at = std::move(date);
  return document;
}

ReportPassage Passage(uint32_t begin, uint32_t end, const CorpusDocument& source) {
  ReportPassage passage;
  passage.query = {begin, end};
  passage.earliest_source = source;
  passage.source = {begin + 100, end + 100};
  passage.chain = {source};
  return passage;
}

Change Dropped(uint32_t parent, uint32_t child, std::string text) {
  Change change;
  change.kind = ChangeKind::kAttributionDropped;
  change.parent = {parent, {10, 20}, std::move(text)};
  change.child = {child, {5, 5}, ""};
  return change;
}

Change Substitution(uint32_t parent, uint32_t child, std::string before, std::string after) {
  Change change;
  change.kind = ChangeKind::kSubstitution;
  change.parent = {parent, {0, 4}, std::move(before)};
  change.child = {child, {0, 4}, std::move(after)};
  return change;
}

std::string Render(std::string_view text, const Report& report) {
  return RenderReportHtml({"An invented article", text, &report, "stemma report corpus/ a.txt"});
}

// The texts of the article's <mark> elements, in order.
std::vector<std::string> MarkTexts(const ParsedPage& parsed) {
  std::vector<std::string> texts;
  for (const GumboNode* mark : parsed.ByTag(GUMBO_TAG_MARK)) texts.push_back(parsed.Text(mark));
  return texts;
}

constexpr std::string_view kThreeSentences =
    "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu.";

TEST(ReportHtml, MarksEachPassageAtItsExactBytes) {
  const CorpusDocument north = Document(1, "North Wire", "2031-02-01");
  const CorpusDocument south = Document(2, "South Post", "2031-02-02");
  Report report;
  report.passages = {Passage(48, 69, south), Passage(0, 23, north)};  // out of order
  const std::string html = Render(kThreeSentences, report);
  const ParsedPage parsed(html);
  EXPECT_EQ(MarkTexts(parsed),
            (std::vector<std::string>{"Alpha beta gamma delta.", "Iota kappa lambda mu."}));
  // Numbered in the order of the article, whatever the order of the report.
  EXPECT_NE(parsed.Text(parsed.ById("passage-1")).find("North Wire"), std::string::npos);
  EXPECT_NE(parsed.Text(parsed.ById("passage-2")).find("South Post"), std::string::npos);
  EXPECT_EQ(ParsedPage::Attribute(parsed.ById("ref-2"), "href"), "#passage-2");
  EXPECT_NE(html.find("title=\"Passage 2: first published by South Post (2031-02-02)\""),
            std::string::npos);
}

TEST(ReportHtml, CutsOverlappingPassagesIntoRuns) {
  const CorpusDocument north = Document(1, "North Wire", "2031-02-01");
  const CorpusDocument south = Document(2, "South Post", "2031-02-02");
  Report report;
  report.passages = {Passage(6, 29, north), Passage(24, 46, south), Passage(11, 16, south)};
  const ParsedPage parsed(Render(kThreeSentences, report));
  EXPECT_EQ(MarkTexts(parsed),
            (std::vector<std::string>{"beta ", "gamma", " delta. ", "Epsil", "on zeta eta theta"}));
  std::vector<bool> overlaps;
  for (const GumboNode* mark : parsed.ByTag(GUMBO_TAG_MARK)) {
    overlaps.push_back(ParsedPage::Attribute(mark, "class").ends_with(" overlap"));
  }
  EXPECT_EQ(overlaps, (std::vector<bool>{false, true, false, true, false}));
  EXPECT_EQ(parsed.ByTag(GUMBO_TAG_SUP).size(), 3u);
  EXPECT_EQ(parsed.errors(), 0u);
}

TEST(ReportHtml, EscapesUntrustedTextsAndMetadata) {
  CorpusDocument source = Document(1, "<img src=x onerror=alert(1)>", "2031-02-01\"><b>");
  source.title = "Quotes \" and ' and & too";
  Report report;
  report.passages = {Passage(0, 10, source)};
  report.passages[0].changes = {Substitution(1, 0, "</li><script>x()</script>", "<b>bold</b>")};
  const std::string text = "Some text <script>alert(1)</script> & more";
  const std::string html = RenderReportHtml({"<title>", text, &report, "stemma <i>"});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("Quotes &quot; and &#39; and &amp; too"), std::string::npos);
  const ParsedPage parsed(html);
  EXPECT_EQ(parsed.errors(), 0u);
  for (const GumboNode* element : parsed.Elements()) {
    const GumboTag tag = element->v.element.tag;
    EXPECT_TRUE(tag != GUMBO_TAG_SCRIPT && tag != GUMBO_TAG_IMG && tag != GUMBO_TAG_B &&
                tag != GUMBO_TAG_I);
    const GumboVector& attributes = element->v.element.attributes;
    for (unsigned index = 0; index < attributes.length; ++index) {
      const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[index]);
      EXPECT_NE(std::string_view(attribute->name).substr(0, 2), "on") << attribute->name;
    }
  }
  EXPECT_EQ(parsed.Text(parsed.ByTag(GUMBO_TAG_H1)[0]), "<title>");
}

TEST(ReportHtml, LinksOnlyHttpUrls) {
  CorpusDocument source = Document(1, "North Wire", "2031-02-01");
  source.url = "javascript:alert(1)";
  source.external_id = "HTTPS://example.org/story?a=1&b=\"2\"";
  CorpusDocument other = Document(2, "South Post", "2031-02-02");
  other.url = " http://example.org/with-a-leading-space";
  other.external_id = "data:text/html,<b>x</b>";
  Report report;
  report.passages = {Passage(0, 10, source), Passage(24, 40, other)};
  const std::string html = Render(kThreeSentences, report);
  const ParsedPage parsed(html);
  std::vector<std::string> external;
  for (const GumboNode* link : parsed.ByTag(GUMBO_TAG_A)) {
    const std::string href = ParsedPage::Attribute(link, "href");
    if (href.starts_with("#")) continue;
    external.push_back(href);
    EXPECT_EQ(ParsedPage::Attribute(link, "rel"), "noopener noreferrer");
  }
  EXPECT_EQ(external, std::vector<std::string>{"HTTPS://example.org/story?a=1&b=\"2\""});
  EXPECT_NE(html.find("<code>javascript:alert(1)</code>"), std::string::npos);
  EXPECT_NE(html.find("<code>data:text/html,&lt;b&gt;x&lt;/b&gt;</code>"), std::string::npos);
}

TEST(ReportHtml, KeepsCharactersWholeAndTheOutputValidUtf8) {
  // "Café 日本語 ok 😀 end": ranges begin and end inside é, 本 and the emoji.
  const std::string text =
      "Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E ok \xF0\x9F\x98\x80 end";
  const CorpusDocument source = Document(1, "North Wire", "2031-02-01");
  Report report;
  report.passages = {Passage(4, 10, source), Passage(20, 22, source)};
  const std::string html = Render(text, report);
  EXPECT_TRUE(IsValidUtf8(html));
  const ParsedPage parsed(html);
  EXPECT_EQ(MarkTexts(parsed),
            (std::vector<std::string>{"\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80"}));
}

TEST(ReportHtml, ReplacesInvalidBytesAndControls) {
  const std::string text = std::string("Bad \xFF\xC0\xAF byte, \xED\xA0\x80 surrogate, nul ") +
                           '\0' + " and \x01 bell \xC2\x85 next line \xE6\x97";
  CorpusDocument source = Document(1, "Out\xFFlet", "2031-02-01");
  Report report;
  report.passages = {Passage(3, 6, source), Passage(static_cast<uint32_t>(text.size() - 1),
                                                    static_cast<uint32_t>(text.size()), source)};
  const std::string html = Render(text, report);
  EXPECT_TRUE(IsValidUtf8(html));
  EXPECT_EQ(html.find('\0'), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_EQ(ParsedPage(html).errors(), 0u);
}

TEST(ReportHtml, ToleratesRangesOutsideTheText) {
  const CorpusDocument source = Document(1, "North Wire", "2031-02-01");
  Report report;
  report.passages = {Passage(59, 1000, source), Passage(5000, 6000, source),
                     Passage(30, 12, source), Passage(0, 0, source)};
  const std::string html = Render(kThreeSentences, report);
  const ParsedPage parsed(html);
  EXPECT_EQ(MarkTexts(parsed), std::vector<std::string>{"lambda mu."});
  for (int number = 1; number <= 4; ++number) {
    EXPECT_NE(parsed.ById("passage-" + std::to_string(number)), nullptr) << number;
  }
  EXPECT_EQ(Count(html, "not at a valid place in the text"), 3u);
  EXPECT_EQ(parsed.errors(), 0u);
}

TEST(ReportHtml, SaysNoReuseWasFoundForAnEmptyReport) {
  const Report empty;
  for (const Report* report : {&empty, static_cast<const Report*>(nullptr)}) {
    const std::string html = RenderReportHtml({"", "Nothing borrowed here.", report, ""});
    const ParsedPage parsed(html);
    EXPECT_NE(html.find("No reuse found"), std::string::npos);
    EXPECT_NE(html.find("Nothing borrowed here."), std::string::npos);
    EXPECT_TRUE(parsed.ByTag(GUMBO_TAG_MARK).empty());
    EXPECT_EQ(parsed.ById("passages"), nullptr);
    EXPECT_EQ(parsed.errors(), 0u);
  }
  EXPECT_NE(RenderReportHtml({"", "", &empty, ""}).find("No reuse found"), std::string::npos);
}

TEST(ReportHtml, CountsDroppedAttributionsInTheSummaryAndTheCards) {
  const CorpusDocument north = Document(1, "North Wire", "2031-02-01");
  Report report;
  report.passages = {Passage(0, 23, north), Passage(24, 46, north)};
  report.passages[0].changes = {Dropped(1, 0, "said Minister Ilsa Vorn"),
                                Dropped(1, 0, "according to port officials")};
  report.passages[1].changes = {Dropped(1, 0, "the agency reported"),
                                Substitution(1, 0, "Velmoran nationals", "foreign nationals")};
  const std::string html = Render(kThreeSentences, report);
  const ParsedPage parsed(html);
  const std::string header = parsed.Text(parsed.ByTag(GUMBO_TAG_HEADER)[0]);
  EXPECT_NE(header.find("3 attributions dropped"), std::string::npos) << header;
  const std::string first = parsed.Text(parsed.ById("passage-1"));
  const std::string second = parsed.Text(parsed.ById("passage-2"));
  EXPECT_NE(first.find("2 attributions dropped"), std::string::npos);
  EXPECT_NE(first.find("Attribution dropped: ‘said Minister Ilsa Vorn’"), std::string::npos);
  EXPECT_NE(second.find("⚠ Attribution dropped"), std::string::npos);
  EXPECT_NE(second.find("‘Velmoran nationals’ → ‘foreign nationals’"), std::string::npos);
}

TEST(ReportHtml, GroupsChangesByStepAlongTheChain) {
  const CorpusDocument north = Document(1, "North Wire", "2031-02-01T08:30:00Z");
  const CorpusDocument south = Document(2, "South Post", "2031-02-02");
  ReportPassage passage = Passage(0, 23, north);
  passage.chain = {north, south};
  Change inserted;
  inserted.kind = ChangeKind::kSentenceInserted;
  inserted.parent = {2, {40, 40}, ""};
  inserted.child = {0, {10, 30}, "A sentence of its own."};
  passage.changes = {inserted, Dropped(1, 2, "said the harbour master"),
                     Substitution(2, 0, "ferry", "boat")};
  Report report;
  report.passages = {passage};
  const ParsedPage parsed(Render(kThreeSentences, report));
  const std::string card = parsed.Text(parsed.ById("passage-1"));
  EXPECT_NE(card.find("North Wire (2031-02-01 08:30 UTC) → South Post (2031-02-02) → this article"),
            std::string::npos)
      << card;
  const size_t first_step =
      card.find("North Wire (2031-02-01 08:30 UTC) → South Post (2031-02-02)\n");
  const size_t second_step = card.find("South Post (2031-02-02) → this article\n", first_step);
  ASSERT_NE(first_step, std::string::npos) << card;
  ASSERT_NE(second_step, std::string::npos) << card;
  EXPECT_LT(first_step, second_step);
  EXPECT_GT(card.find("said the harbour master"), first_step);
  EXPECT_LT(card.find("said the harbour master"), second_step);
  EXPECT_GT(card.find("Sentence inserted: ‘A sentence of its own.’"), second_step);
  EXPECT_GT(card.find("‘ferry’ → ‘boat’"), second_step);
}

TEST(ReportHtml, EndsTheChainAtTheArticleWhenItIsStored) {
  const CorpusDocument north = Document(1, "North Wire", "2031-02-01");
  ReportPassage passage = Passage(0, 23, north);
  passage.chain = {north, Document(9, "This Outlet", "2031-02-03")};
  Report report;
  report.passages = {passage};
  ReportPage page{"Stored", kThreeSentences, &report, ""};
  page.article_document = 9;
  const ParsedPage parsed(RenderReportHtml(page));
  const std::string card = parsed.Text(parsed.ById("passage-1"));
  EXPECT_NE(card.find("North Wire (2031-02-01) → this article"), std::string::npos) << card;
  EXPECT_EQ(card.find("This Outlet"), std::string::npos);
}

// The <p> elements of the article (the page's own have no dir attribute).
std::vector<std::string> ArticleParagraphs(const ParsedPage& parsed) {
  std::vector<std::string> paragraphs;
  for (const GumboNode* paragraph : parsed.ByTag(GUMBO_TAG_P)) {
    if (ParsedPage::Attribute(paragraph, "dir") == "auto") {
      paragraphs.push_back(parsed.Text(paragraph));
    }
  }
  return paragraphs;
}

TEST(ReportHtml, KeepsParagraphsAndMarksAcrossThem) {
  const CorpusDocument north = Document(1, "North Wire", "2031-02-01");
  Report report;
  report.passages = {Passage(5, 22, north)};
  // Blank lines separate paragraphs; a single newline is a wrapped line.
  const ParsedPage by_blank_lines(Render("Aaaa bbbb\ncccc.\n\n  \nDddd eeee.\n", report));
  EXPECT_EQ(ArticleParagraphs(by_blank_lines),
            (std::vector<std::string>{"Aaaa bbbb\ncccc.", "Dd1dd eeee."}));
  EXPECT_EQ(MarkTexts(by_blank_lines), (std::vector<std::string>{"bbbb\ncccc.", "Dd"}));
  EXPECT_EQ(by_blank_lines.ByTag(GUMBO_TAG_SUP).size(), 1u);
  // Without blank lines, every line is a paragraph.
  const ParsedPage by_lines(Render("\nOne line.\r\nTwo line.\nThree.", Report{}));
  EXPECT_EQ(ArticleParagraphs(by_lines),
            (std::vector<std::string>{"One line.", "Two line.", "Three."}));
}

// Random bytes (UTF-8 pieces, cut sequences, markup, controls) and random ranges: the page stays
// valid UTF-8 and well-formed, and the marked text is always text of the article.
TEST(ReportHtml, SurvivesRandomBytesAndRanges) {
  constexpr std::string_view kPieces[] = {"a",
                                          " ",
                                          "\n",
                                          "\n\n",
                                          "<",
                                          "&",
                                          "\"",
                                          "'",
                                          "\xC3\xA9",
                                          "\xE6\x97\xA5",
                                          "\xF0\x9F\x98\x80",
                                          "\xE6",
                                          "\x80",
                                          "\xFF",
                                          std::string_view("\0", 1),
                                          "\x1B",
                                          "\r\n"};
  std::mt19937 random(20310304);
  const auto pick = [&](size_t count) { return static_cast<size_t>(random() % count); };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (size_t piece = pick(60); piece > 0; --piece) text += kPieces[pick(std::size(kPieces))];
    std::string outlet;
    for (size_t piece = pick(6); piece > 0; --piece) outlet += kPieces[pick(std::size(kPieces))];
    const CorpusDocument source = Document(static_cast<uint32_t>(pick(3)), outlet, outlet);
    Report report;
    for (size_t passage = pick(6); passage > 0; --passage) {
      const auto begin = static_cast<uint32_t>(pick(text.size() + 5));
      report.passages.push_back(Passage(begin, begin + static_cast<uint32_t>(pick(30)), source));
      report.passages.back().changes = {Dropped(0, 0, outlet), Substitution(1, 0, text, outlet)};
    }
    const std::string html = RenderReportHtml({outlet, text, &report, outlet});
    ASSERT_TRUE(IsValidUtf8(html)) << round;
    const ParsedPage parsed(html);
    ASSERT_EQ(parsed.errors(), 0u) << round << "\n" << html;
    for (const std::string& marked : MarkTexts(parsed)) {
      EXPECT_TRUE(IsValidUtf8(marked));
      EXPECT_FALSE(marked.empty());
    }
  }
}

ReportPage ExamplePage(Report* report);

TEST(ReportHtml, IsDeterministicAndWellFormed) {
  Report report;
  const ReportPage page = ExamplePage(&report);
  const std::string html = RenderReportHtml(page);
  EXPECT_EQ(html, RenderReportHtml(page));
  EXPECT_TRUE(IsValidUtf8(html));
  const ParsedPage parsed(html);
  EXPECT_EQ(parsed.errors(), 0u);
  EXPECT_EQ(parsed.ByTag(GUMBO_TAG_H1).size(), 1u);
  EXPECT_EQ(parsed.ByTag(GUMBO_TAG_MAIN).size(), 1u);
  EXPECT_EQ(parsed.ByTag(GUMBO_TAG_FOOTER).size(), 1u);
  EXPECT_EQ(parsed.ByTag(GUMBO_TAG_MARK).size(), 4u);
  // Every in-page link leads somewhere.
  for (const GumboNode* link : parsed.ByTag(GUMBO_TAG_A)) {
    const std::string href = ParsedPage::Attribute(link, "href");
    if (href.starts_with("#")) {
      EXPECT_NE(parsed.ById(href.substr(1)), nullptr) << href;
    }
  }
}

// Writes the invented example where a developer can open it in a browser.
TEST(ReportHtml, WritesTheExamplePage) {
  Report report;
  const std::string html = RenderReportHtml(ExamplePage(&report));
  const std::string path = std::string(STEMMA_BINARY_DIR) + "/report-example.html";
  std::ofstream(path, std::ios::binary) << html;
  EXPECT_NE(html.find("2 attributions dropped"), std::string::npos);
}

// ---------------------------------------------------------------------------
// A realistic invented story: a harbour fire in a fictional country, first
// reported by an agency, rewritten by a paper, then copied by the article.

constexpr std::string_view kExampleArticle =
    "Fire at Port Velmora leaves dozens stranded\n"
    "\n"
    "A fire broke out on Tuesday night in a warehouse at Port Velmora, forcing the evacuation of "
    "more than 200 dock workers and halting ferry traffic for six hours.\n"
    "\n"
    "Forty-two foreign nationals were among those stranded at the terminal, and were moved to a "
    "nearby school until the morning.\n"
    "\n"
    "The cause of the fire is not yet known. Investigators will visit the site on Thursday.\n"
    "\n"
    "Local residents said the smoke could be seen from the hills above the town. “It was like a "
    "second sunset,” one café owner told this newspaper.\n"
    "\n"
    "The port’s operator said ferry services would resume at full capacity by the weekend.\n";

CorpusDocument ExampleDocument(uint32_t id, std::string outlet, std::string date, std::string url,
                               std::string title) {
  CorpusDocument document = Document(id, std::move(outlet), std::move(date));
  document.url = std::move(url);
  document.external_id = "nw-" + std::to_string(id);
  document.title = std::move(title);
  return document;
}

ReportPage ExamplePage(Report* report) {
  const std::string_view text = kExampleArticle;
  const auto range = [&](std::string_view from, std::string_view to) {
    const size_t begin = text.find(from);
    return ByteRange{static_cast<uint32_t>(begin),
                     static_cast<uint32_t>(text.find(to, begin) + to.size())};
  };
  const CorpusDocument agency = ExampleDocument(11, "Northwire Agency", "2031-03-04T22:15:00Z",
                                                "https://northwire.example/velmora-fire",
                                                "Warehouse fire halts Port Velmora ferries");
  const CorpusDocument paper =
      ExampleDocument(17, "Coastal Herald", "2031-03-05T06:40:00+02:00",
                      "https://herald.example/2031/03/05/port-fire", "Port fire strands hundreds");
  const CorpusDocument blog =
      ExampleDocument(23, "harbourwatch", "2031-03-05", "javascript:void(0)", "");

  ReportPassage evacuation;
  evacuation.query = range("A fire broke out", "six hours.");
  evacuation.earliest_source = agency;
  evacuation.source = {120, 268};
  evacuation.chain = {agency, paper};
  Change dropped = Dropped(11, 17, "said Harbour Master Teodor Anselm");
  Change headline;
  headline.kind = ChangeKind::kHeadlineChanged;
  headline.parent = {11, {0, 41}, "Warehouse fire halts Port Velmora ferries"};
  headline.child = {17, {0, 26}, "Port fire strands hundreds"};
  evacuation.changes = {headline, dropped, Substitution(17, 0, "300", "200")};

  ReportPassage stranded;
  stranded.query = range("Forty-two", "the morning.");
  stranded.earliest_source = agency;
  stranded.source = {300, 410};
  stranded.chain = {agency};
  Change deleted;
  deleted.kind = ChangeKind::kSentenceDeleted;
  deleted.parent = {11, {410, 470}, "The embassy has opened a hotline for families."};
  deleted.child = {0, {380, 380}, ""};
  stranded.changes = {Substitution(11, 0, "Ostrian nationals", "foreign nationals"),
                      Dropped(11, 0, "according to the Ostrian embassy"), deleted};

  ReportPassage cause;
  cause.query = range("The cause", "on Thursday.");
  cause.earliest_source = paper;
  cause.source = {500, 586};
  cause.chain = {paper};

  ReportPassage resume;
  resume.query = range("ferry services", "weekend.");
  resume.earliest_source = blog;
  resume.source = {40, 100};
  resume.chain = {blog};
  Change added;
  added.kind = ChangeKind::kAttributionAdded;
  added.parent = {23, {40, 40}, ""};
  added.child = {0, {700, 724}, "The port’s operator said"};
  resume.changes = {added};

  report->passages = {evacuation, stranded, cause, resume};
  report->characters = 0;  // let the page count
  return {"Fire at Port Velmora leaves dozens stranded", text, report,
          "stemma report corpus/ velmora-fire.txt"};
}

}  // namespace
}  // namespace stemma::cli
