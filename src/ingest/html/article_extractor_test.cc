#include "ingest/html/article_extractor.h"

#include <gtest/gtest.h>

#include <string>

namespace stemma::ingest {
namespace {

// A page with the usual furniture around a four-paragraph article.
const char kNewsPage[] = R"(<!doctype html>
<html lang="en-gb"><head><title>Harbour reopens | The Coastal Gazette</title>
<meta property="og:site_name" content="The Coastal Gazette">
<script>var tracking = "Harbour reopens, it said, after the storm";</script>
<style>p { color: red; }</style></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience, please accept them all.</div>
<main>
<article>
<h1>Harbour reopens after the winter storm</h1>
<div class="byline">By Ada Marsh</div>
<div class="story-body">
<p>The old harbour reopened on Tuesday, three weeks after the storm tore away its outer wall,
and the first fishing boats went out before dawn.</p>
<figure><img src="wall.jpg"><figcaption>The repaired wall, seen from the lighthouse.</figcaption></figure>
<p>Engineers worked in shifts through the holidays, the council said, replacing four hundred
tonnes of stone and rebuilding the slipway.</p>
<div class="ad-slot">Advertisement</div>
<h2>What comes next</h2>
<p>A second phase, to raise the wall by a metre, will start in the spring, if the funding
promised by the regional government arrives in time.</p>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>Local traders, who lost most of the winter season, welcomed the news with relief, and
the market will stay open late on Friday.</p>
</div>
</article>
<aside class="related-articles"><h3>Related</h3><ul>
<li><a href="/a">Storm damage worse than feared, say engineers in the north</a></li>
<li><a href="/b">Council approves emergency budget for the coastal defences</a></li></ul></aside>
<section class="comments"><p>Great news, at last, finally some good news for the town and its people!</p></section>
</main>
<footer><p>Copyright 2024 The Coastal Gazette, all rights reserved, and more legal words.</p></footer>
<div class="newsletter-signup"><p>Sign up for our newsletter, the best stories in your inbox every morning.</p></div>
</body></html>)";

TEST(ArticleExtractor, KeepsTheArticleParagraphsInOrderWithoutFurniture) {
  const ExtractedPage page = ExtractArticle(kNewsPage, "https://gazette.example/harbour");
  EXPECT_EQ(page.text,
            "The old harbour reopened on Tuesday, three weeks after the storm tore away its outer "
            "wall, and the first fishing boats went out before dawn.\n\n"
            "Engineers worked in shifts through the holidays, the council said, replacing four "
            "hundred tonnes of stone and rebuilding the slipway.\n\n"
            "What comes next\n\n"
            "A second phase, to raise the wall by a metre, will start in the spring, if the "
            "funding promised by the regional government arrives in time.\n\n"
            "Local traders, who lost most of the winter season, welcomed the news with relief, "
            "and the market will stay open late on Friday.");
  EXPECT_EQ(page.title, "Harbour reopens after the winter storm");  // <h1> before <title>
  EXPECT_EQ(page.outlet, "The Coastal Gazette");
  EXPECT_EQ(page.language, "en-GB");
  EXPECT_EQ(page.url, "https://gazette.example/harbour");
}

TEST(ArticleExtractor, FindsAnUnnamedArticleByItsParagraphs) {
  std::string html =
      "<html><body><div id='menu'><a href='/'>Home</a> <a href='/x'>Sport</a></div>"
      "<div><div>";
  for (int paragraph = 0; paragraph < 6; ++paragraph) {
    html += "<p>Paragraph " + std::to_string(paragraph) +
            " of a plain page, with commas, clauses, and enough words to count as prose.</p>";
  }
  html +=
      "</div><div><a href='/1'>One link</a><a href='/2'>Two links</a></div></div>"
      "<div class='footer'>Contact us, about us, careers, terms of service.</div></body></html>";
  const ExtractedPage page = ExtractArticle(html, "");
  EXPECT_EQ(page.text.find("Paragraph 0 of a plain page"), 0u);
  EXPECT_NE(page.text.find("Paragraph 5"), std::string::npos);
  EXPECT_EQ(page.text.find("Home"), std::string::npos);
  EXPECT_EQ(page.text.find("Contact"), std::string::npos);
  EXPECT_EQ(page.text.find("One link"), std::string::npos);
}

TEST(ArticleExtractor, FallsBackToJsonLdArticleBodyWhenTheDomHasNoProse) {
  const std::string html = R"(<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Late train",
 "articleBody":"The night train arrived four hours late.\nPassengers were given vouchers, the operator said, and free tea."}
</script></head><body><div id="app"></div></body></html>)";
  const ExtractedPage page = ExtractArticle(html, "");
  EXPECT_EQ(page.text,
            "The night train arrived four hours late.\n\n"
            "Passengers were given vouchers, the operator said, and free tea.");
  EXPECT_EQ(page.title, "Late train");
}

TEST(ArticleExtractor, KeepsAWrapperNamedLikeFurnitureThatHoldsTheArticle) {
  std::string html = "<html><body><form id='aspnetForm'><div class='page-with-sidebar'>";
  for (int paragraph = 0; paragraph < 4; ++paragraph) {
    html += "<p>Sentence number " + std::to_string(paragraph) +
            ", which sits inside a form, as old sites do, and must still be found.</p>";
  }
  html += "</div></form></body></html>";
  const ExtractedPage page = ExtractArticle(html, "");
  EXPECT_NE(page.text.find("Sentence number 0"), std::string::npos);
  EXPECT_NE(page.text.find("Sentence number 3"), std::string::npos);
}

TEST(ArticleExtractor, NeverFailsOnEmptyOrGarbageInput) {
  EXPECT_EQ(ExtractArticle("", "").text, "");
  EXPECT_EQ(ExtractArticle("", "").outlet, "");
  const std::string garbage("\0\xff\xfe<<</>><p<<&&&#x0;\x01\x80", 22);
  EXPECT_NO_FATAL_FAILURE(ExtractArticle(garbage, "not a url"));
  EXPECT_NO_FATAL_FAILURE(ExtractArticle("<html><body><p>unclosed <b><i>tags", ""));
  EXPECT_NO_FATAL_FAILURE(
      ExtractArticle("<script type='application/ld+json'>{\"@graph\": [[[[{]]</script>", ""));
}

TEST(ArticleExtractor, SurvivesVeryDeepNesting) {
  std::string html = "<html><body>";
  for (int depth = 0; depth < 100000; ++depth) html += "<div><span>";
  html += "<p>At the bottom of a very deep page, a sentence, with commas, waits to be read.</p>";
  const ExtractedPage page = ExtractArticle(html, "");
  EXPECT_NE(page.text.find("At the bottom of a very deep page"), std::string::npos);
}

}  // namespace
}  // namespace stemma::ingest
