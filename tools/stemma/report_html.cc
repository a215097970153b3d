// The report page is written in one pass into a string, from a small model
// computed first: the passages clamped to the text and numbered in the order
// of the article, the earliest sources with their share of the article
// (largest first; a source's colour is its rank), and the paragraphs.
//
// Every byte of the texts and metadata is untrusted and goes through
// AppendText(), which escapes & < > " ' and replaces invalid UTF-8 and
// control characters with U+FFFD: no input can open a tag or leave an
// attribute, and the page is valid UTF-8. Only http(s) URLs without spaces
// or controls become links. Ranges are clamped and widened to whole
// characters; where they overlap, the text is cut into runs at every range
// edge and each run is marked with the first passage covering it. The cost
// is O(runs x passages), small for the hundreds of passages an article has.
#include "report_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_html_model.h"
#include "stemma/text.h"

namespace stemma::cli {
namespace {

using namespace report_html;

// Colours are never the only signal: marks are underlined and numbered, and
// every card names its source in words.
constexpr std::string_view kStyle = R"(
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#565656;--bg:#fff;--card:#f6f6f3;--line:#d3d3cc;
--link:#0a58ca;--warn-bg:#fde7e7;--warn-fg:#8c1d1d}
@media (prefers-color-scheme:dark){:root{--fg:#e9e9e4;--muted:#b4b4ac;--bg:#151515;--card:#1f1f1f;
--line:#3c3c3c;--link:#8ab4f8;--warn-bg:#4b1d1d;--warn-fg:#ffd9d9}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);
font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
.page{max-width:74ch;margin:0 auto;padding:0 1.25rem}
header.page{padding-top:1.5rem}
h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.35rem;line-height:1.3;margin:2.25rem 0 .75rem;padding-top:1rem;border-top:1px solid var(--line)}
h3{font-size:1.1rem;line-height:1.35;margin:.1rem 0 .5rem}
h4{font-size:1rem;margin:.9rem 0 .25rem}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.kicker{margin:0;color:var(--muted);font-size:.85rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase}
.summary{font-size:1.15rem;margin:.5rem 0}
.muted,.date{color:var(--muted)}
nav.toc ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;margin:.75rem 0 0}
.badge{display:inline-block;padding:.05em .55em;border-radius:1em;font-size:.9em;font-weight:700;
background:var(--warn-bg);color:var(--warn-fg);border:1px solid currentColor}
.sources{padding-left:1.6rem}
.sources li{margin:.5rem 0}
.swatch{display:inline-block;width:.85em;height:.85em;margin-right:.4em;vertical-align:-.05em;
border-radius:2px;background:var(--c);border:1px solid var(--c-line)}
.article-text,.excerpt{font-family:Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif;font-size:1.1rem}
.article-text p{margin:0 0 1em;overflow-wrap:break-word}
mark{color:#111;background:var(--c);border-bottom:2px solid var(--c-line);padding:0 .06em;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.overlap{border-bottom:3px double var(--c-line)}
sup.ref{font:700 .7em/0 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin-left:.1em}
sup.ref a{text-decoration:none;padding:0 .15em}
sup.ref+sup.ref::before{content:","}
.card{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--c-line);
border-radius:6px;padding:.75rem 1rem;margin:1rem 0;overflow-wrap:anywhere}
.card:target{outline:3px solid var(--link);outline-offset:2px}
.card .badge{margin:0 0 .5rem}
.excerpt{margin:.5rem 0;padding:.1rem 0 .1rem .9rem;border-left:3px solid var(--line)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:.6rem 0}
.facts dt{font-weight:600;color:var(--muted)}
.facts dd{margin:0}
.steps{padding-left:1.4rem;margin:.25rem 0}
.step{font-weight:600;margin:.5rem 0 .2rem}
.changes{padding-left:1.1rem;margin:0}
.changes li{margin:.25rem 0}
.change-dropped{color:var(--warn-fg)}
.label{font-weight:700}
del{color:var(--muted)}
ins{text-decoration:underline;background:none}
.back{margin:.6rem 0 0;font-size:.9rem}
footer.page{margin:2.5rem auto 2rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.85rem;color:var(--muted)}
code{font-size:.9em;overflow-wrap:anywhere}
.s0{--c:#ffe58f;--c-line:#9c7400}.s1{--c:#bcdcff;--c-line:#1f5fbf}.s2{--c:#c4efca;--c-line:#2a7a3b}
.s3{--c:#ffcbe4;--c-line:#b0306a}.s4{--c:#ddd4ff;--c-line:#5b3fc4}.s5{--c:#ffd5b0;--c-line:#b05300}
.s6{--c:#bdf0ef;--c-line:#137a7a}.s7{--c:#e3e3e3;--c-line:#555}
@media (max-width:34rem){body{font-size:1rem}h1{font-size:1.5rem}.page{padding:0 .9rem}
.facts{grid-template-columns:1fr;gap:0}.facts dd{margin-bottom:.4rem}.card{padding:.6rem .75rem}}
@media print{:root{--fg:#000;--muted:#333;--bg:#fff;--card:#fff;--line:#999;--link:#000}
body{font-size:10.5pt}.page{max-width:none;padding:0}nav.toc,.back{display:none}
mark,.swatch,.badge,.card{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.card{break-inside:avoid}h2,h3,h4{break-after:avoid}}
)";

class PageWriter {
 public:
  PageWriter(const ReportPage& page, const Report& report)
      : page_(page), model_(BuildModel(page.text, report)) {}

  std::string Write() {
    Head();
    Banner();
    out_ += "<main class=\"page\">\n";
    if (!model_.passages.empty()) Sources();
    Article();
    if (!model_.passages.empty()) Cards();
    out_ += "</main>\n";
    Footer();
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  template <typename... Args>
  void Markup(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
  }

  std::string Title() const { return page_.title.empty() ? "Untitled article" : page_.title; }

  bool IsStoredArticle(uint32_t document) const {
    return page_.article_document != 0 && document == page_.article_document;
  }

  // A change's child is 0 when the article is not stored.
  bool IsArticle(uint32_t document) const { return document == 0 || IsStoredArticle(document); }

  void Head() {
    Markup(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"stemma\">\n"
        "<title>Provenance report: {}</title>\n<style>{}</style>\n</head>\n<body>\n",
        Html(Title()), kStyle);
  }

  void Banner() {
    Markup("<header class=\"page\">\n<p class=\"kicker\">Provenance report</p>\n<h1>{}</h1>\n",
           Html(Title()));
    Summary();
    if (!model_.passages.empty()) {
      out_ +=
          "<nav class=\"toc\" aria-label=\"Sections\"><ul><li><a href=\"#sources\">Earliest "
          "sources</a></li><li><a href=\"#article\">The article</a></li><li><a "
          "href=\"#passages\">Passages</a></li></ul></nav>\n";
    }
    out_ += "</header>\n";
  }

  void Summary() {
    if (model_.passages.empty()) {
      out_ +=
          "<p class=\"summary\"><strong>No reuse found:</strong> no passage of this article was "
          "found in an earlier document of the corpus.</p>\n";
      return;
    }
    Markup(
        "<p class=\"summary\"><strong>{} reused</strong>, covering <strong>{}</strong> of the "
        "article’s characters, from {} at {}.</p>\n",
        Plural(model_.passages.size(), "passage", "passages"),
        Percent(model_.covered_characters, model_.article_characters),
        Plural(model_.sources.size(), "earliest source", "earliest sources"),
        Plural(model_.outlets, "outlet", "outlets"));
    if (model_.attributions_dropped > 0) {
      Markup(
          "<p class=\"dropped-summary\"><span class=\"badge\"><span aria-hidden=\"true\">⚠ "
          "</span>{}</span> "
          "between the earliest sources and this article: see the passages below.</p>\n",
          Plural(model_.attributions_dropped, "attribution dropped", "attributions dropped"));
    }
  }

  void Sources() {
    out_ +=
        "<section id=\"sources\" aria-labelledby=\"sources-title\">\n<h2 id=\"sources-title\">"
        "Earliest sources</h2>\n<ol class=\"sources\">\n";
    for (size_t rank = 0; rank < model_.sources.size(); ++rank) SourceItem(rank);
    out_ += "</ol>\n</section>\n";
  }

  void SourceItem(size_t rank) {
    const SourceRow& source = model_.sources[rank];
    const CorpusDocument& document = *source.document;
    Markup(
        "<li><span class=\"swatch s{}\" aria-hidden=\"true\"></span><strong>{}</strong> <span "
        "class=\"date\">{}</span>: <strong>{}</strong> of the article, in {} ",
        rank % kColours, Html(OutletName(document)), Html(ReadableDate(document.published_at)),
        Percent(source.characters, model_.text_characters),
        source.passages.size() == 1 ? "passage" : "passages");
    for (size_t position = 0; position < source.passages.size(); ++position) {
      const size_t number = source.passages[position] + 1;
      Markup("{}<a href=\"#passage-{}\">{}</a>", position == 0 ? "" : ", ", number, number);
    }
    if (!document.title.empty() && document.title != OutletName(document)) {
      out_ += "<br>";
      if (IsHttpUrl(document.url)) {
        Markup("<a href=\"{}\" rel=\"noopener noreferrer\">‘{}’</a>", Html(document.url),
               Html(document.title));
      } else {
        Markup("<span class=\"muted\">‘{}’</span>", Html(document.title));
      }
    }
    out_ += "</li>\n";
  }

  void Article() {
    out_ += "<section id=\"article\" aria-labelledby=\"article-title\">\n";
    out_ += "<h2 id=\"article-title\">The article</h2>\n";
    if (!model_.passages.empty()) {
      out_ +=
          "<p class=\"muted\">Marked text also appears in an earlier document: its colour shows "
          "the earliest source, and its number leads to the details below. A double underline "
          "marks passages that overlap.</p>\n";
    }
    out_ += "<div class=\"article-text\">\n";
    for (const Span& paragraph : model_.paragraphs) Paragraph(paragraph);
    if (model_.paragraphs.empty()) out_ += "<p class=\"muted\">(The article has no text.)</p>\n";
    out_ += "</div>\n</section>\n";
  }

  // Cut at every edge of a passage inside the paragraph: each run between two
  // cuts is covered by the same passages throughout.
  std::vector<size_t> Cuts(const Span& paragraph) const {
    std::vector<size_t> cuts = {paragraph.begin, paragraph.end};
    for (const PassageView& view : model_.passages) {
      for (size_t edge : {view.range.begin, view.range.end}) {
        if (edge > paragraph.begin && edge < paragraph.end) cuts.push_back(edge);
      }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
  }

  void Paragraph(const Span& paragraph) {
    out_ += "<p dir=\"auto\">";
    const std::vector<size_t> cuts = Cuts(paragraph);
    for (size_t cut = 0; cut + 1 < cuts.size(); ++cut) Run({cuts[cut], cuts[cut + 1]});
    out_ += "</p>\n";
  }

  void Run(const Span& run) {
    std::vector<size_t> covering;
    for (size_t index = 0; index < model_.passages.size(); ++index) {
      const Span& range = model_.passages[index].range;
      if (range.begin <= run.begin && range.end >= run.end) covering.push_back(index);
    }
    if (covering.empty()) {
      AppendText(&out_, Slice(page_.text, run));
      return;
    }
    Markup("<mark class=\"s{}{}\" title=\"{}\">{}</mark>",
           model_.passages[covering[0]].source % kColours, covering.size() > 1 ? " overlap" : "",
           Html(MarkTitle(covering)), Html(Slice(page_.text, run)));
    for (size_t index : covering) {
      if (model_.passages[index].number_at == run.end) Reference(index);
    }
  }

  std::string MarkTitle(const std::vector<size_t>& covering) const {
    std::string title;
    for (size_t index : covering) {
      if (!title.empty()) title += "; ";
      title += fmt::format("Passage {}: first published by {}", index + 1,
                           DocumentLabel(model_.passages[index].passage->earliest_source));
    }
    return title;
  }

  void Reference(size_t index) {
    const size_t number = index + 1;
    Markup(
        "<sup class=\"ref\"><a id=\"ref-{}\" href=\"#passage-{}\" aria-label=\"Passage {}, first "
        "published by {}\">{}</a></sup>",
        number, number, number,
        Html(DocumentLabel(model_.passages[index].passage->earliest_source)), number);
  }

  void Cards() {
    out_ +=
        "<section id=\"passages\" aria-labelledby=\"passages-title\">\n<h2 "
        "id=\"passages-title\">Passages</h2>\n";
    for (size_t index = 0; index < model_.passages.size(); ++index) Card(index);
    out_ += "</section>\n";
  }

  void Card(size_t index) {
    const PassageView& view = model_.passages[index];
    const ReportPassage& passage = *view.passage;
    const size_t number = index + 1;
    Markup(
        "<article class=\"card s{}\" id=\"passage-{}\" aria-labelledby=\"passage-{}-title\">\n"
        "<h3 id=\"passage-{}-title\">Passage {}: first published by {}</h3>\n",
        view.source % kColours, number, number, number, number,
        Html(DocumentLabel(passage.earliest_source)));
    if (const size_t dropped = DroppedAttributions(passage); dropped > 0) {
      Markup("<p class=\"badge\"><span aria-hidden=\"true\">⚠ </span>{}</p>\n",
             dropped == 1 ? std::string("Attribution dropped")
                          : fmt::format("{} attributions dropped", dropped));
    }
    if (view.range.end > view.range.begin) {
      Markup("<blockquote class=\"excerpt\" dir=\"auto\">{}</blockquote>\n",
             Html(Excerpt(Slice(page_.text, view.range), kMaxExcerptBytes)));
    }
    Facts(view);
    Changes(passage);
    Markup(
        "<p class=\"back\"><a href=\"#{}\"><span aria-hidden=\"true\">↑ </span>Back to the "
        "text</a></p>\n</article>\n",
        view.number_at == kNowhere ? "article" : fmt::format("ref-{}", number));
  }

  void Facts(const PassageView& view) {
    const ReportPassage& passage = *view.passage;
    const CorpusDocument& source = passage.earliest_source;
    Markup("<dl class=\"facts\">\n<dt>Earliest source</dt><dd><strong>{}</strong>, {}",
           Html(OutletName(source)), Html(ReadableDate(source.published_at)));
    if (!source.title.empty()) Markup(": ‘{}’", Html(source.title));
    Locations(source);
    Markup(" <span class=\"muted\">(bytes {}–{} of the source)</span></dd>\n", passage.source.begin,
           passage.source.end);
    out_ += "<dt>Chain</dt><dd>";
    Chain(passage);
    out_ += "</dd>\n";
    Markup("<dt>In this article</dt><dd>{}</dd>\n</dl>\n",
           view.range.end > view.range.begin
               ? fmt::format("bytes {}–{}", view.range.begin, view.range.end)
               : std::string("not at a valid place in the text"));
  }

  // The URL, and the external id when it says something more; either is a
  // link only when it is an http(s) URL.
  void Locations(const CorpusDocument& document) {
    if (!document.url.empty()) {
      out_ += "<br>";
      Location(document.url);
    }
    if (!document.external_id.empty() && document.external_id != document.url) {
      out_ += "<br>id: ";
      Location(document.external_id);
    }
  }

  void Location(std::string_view location) {
    if (IsHttpUrl(location)) {
      Markup("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", Html(location), Html(location));
    } else {
      Markup("<code>{}</code>", Html(location));
    }
  }

  void Chain(const ReportPassage& passage) {
    const std::vector<CorpusDocument> chain =
        passage.chain.empty() ? std::vector<CorpusDocument>{passage.earliest_source}
                              : passage.chain;
    for (const CorpusDocument& document : chain) {
      if (IsStoredArticle(document.id)) break;
      AppendText(&out_, DocumentLabel(document));
      out_ += " → ";
    }
    out_ += "<strong>this article</strong>";
  }

  std::string StepEnd(const ReportPassage& passage, uint32_t document) const {
    if (IsArticle(document)) return "this article";
    for (const CorpusDocument& link : passage.chain) {
      if (link.id == document) return DocumentLabel(link);
    }
    if (passage.earliest_source.id == document) return DocumentLabel(passage.earliest_source);
    return fmt::format("document {}", document);
  }

  void Changes(const ReportPassage& passage) {
    out_ += "<h4>What changed on the way</h4>\n";
    if (passage.changes.empty()) {
      out_ +=
          "<p class=\"muted\">No changes found between the earliest source and this article.</p>\n";
      return;
    }
    out_ += "<ol class=\"steps\">\n";
    for (const Step& step : Steps(passage)) {
      Markup("<li><p class=\"step\">{} → {}</p>\n<ul class=\"changes\">\n",
             Html(StepEnd(passage, step.parent)), Html(StepEnd(passage, step.child)));
      for (const Change* change : step.changes) ChangeItem(*change);
      out_ += "</ul></li>\n";
    }
    out_ += "</ol>\n";
  }

  // ‘text’, or the source's name when the text is missing.
  static std::string Quoted(const ChangeSide& side, std::string_view source = {}) {
    const std::string excerpt = Excerpt(side.text.empty() ? source : side.text, kMaxChangeBytes);
    return excerpt.empty() ? "<em>(nothing)</em>" : "‘" + Html(excerpt) + "’";
  }

  // Text that was dropped, deleted or added is the point of the line: it is
  // not struck through, the label says what happened to it.
  void ChangeItem(const Change& change) {
    const std::string parent = Quoted(change.parent, change.parent_source);
    const std::string child = Quoted(change.child, change.child_source);
    switch (change.kind) {
      case ChangeKind::kAttributionDropped:
        Markup(
            "<li class=\"change-dropped\"><span class=\"label\"><span aria-hidden=\"true\">⚠ "
            "</span>Attribution dropped:</span> {}</li>\n",
            parent);
        break;
      case ChangeKind::kAttributionAdded:
        Labelled("Attribution added:", child);
        break;
      case ChangeKind::kAttributionChanged:
        Replaced("Attribution changed:", parent, child);
        break;
      case ChangeKind::kSubstitution:
        Replaced("Reworded:", parent, child);
        break;
      case ChangeKind::kSentenceInserted:
        Labelled("Sentence inserted:", child);
        break;
      case ChangeKind::kSentenceDeleted:
        Labelled("Sentence deleted:", parent);
        break;
      case ChangeKind::kHeadlineChanged:
        Replaced("Headline changed:", parent, child);
        break;
    }
  }

  void Labelled(std::string_view label, const std::string& quoted) {
    Markup("<li><span class=\"label\">{}</span> {}</li>\n", label, quoted);
  }

  void Replaced(std::string_view label, const std::string& parent, const std::string& child) {
    Markup("<li><span class=\"label\">{}</span> <del>{}</del> → <ins>{}</ins></li>\n", label,
           parent, child);
  }

  void Footer() {
    out_ += "<footer class=\"page\">\n";
    if (page_.generated_by.empty()) {
      out_ += "<p>Generated by stemma.</p>\n";
    } else {
      Markup("<p>Generated by <code>{}</code>.</p>\n", Html(page_.generated_by));
    }
    out_ +=
        "<p>Earliest source: the oldest document in the corpus that carries the passage; the "
        "text may be older still. Byte ranges count from 0 in the UTF-8 text.</p>\n</footer>\n";
  }

  const ReportPage& page_;
  const PageModel model_;
  std::string out_;
};

}  // namespace

std::string RenderReportHtml(const ReportPage& page) {
  static const Report kEmpty;
  return PageWriter(page, page.report != nullptr ? *page.report : kEmpty).Write();
}

}  // namespace stemma::cli
