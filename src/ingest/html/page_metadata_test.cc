#include "ingest/html/page_metadata.h"

#include <gtest/gtest.h>

#include "ingest/html/article_extractor.h"

namespace stemma::ingest {
namespace {

TEST(PageMetadata, ReadsMetaTags) {
  const ExtractedPage page = ExtractArticle(R"(<html lang="fr_ca"><head>
<meta property="og:title" content="Le pont est ouvert - Le Journal">
<meta property="og:site_name" content="Le Journal">
<meta name="author" content="Marie Dupont">
<meta property="article:published_time" content="2021-03-04T08:15:00+01:00">
<link rel="canonical" href="/2021/03/pont.html">
</head><body></body></html>)",
                                            "https://www.journal.example/a/b?x=1");
  EXPECT_EQ(page.title, "Le pont est ouvert");
  EXPECT_EQ(page.outlet, "Le Journal");
  EXPECT_EQ(page.author, "Marie Dupont");
  EXPECT_EQ(page.published_at, "2021-03-04T08:15:00+01:00");
  EXPECT_EQ(page.url, "https://www.journal.example/2021/03/pont.html");
  EXPECT_EQ(page.language, "fr-CA");
}

TEST(PageMetadata, ReadsJsonLdInAGraph) {
  const ExtractedPage page = ExtractArticle(R"(<html><head>
<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"x"},
 {"@type":["NewsArticle"],"headline":"Bridge opens","datePublished":"2020-05-06 07:08:09",
  "author":[{"@type":"Person","name":"A. One"},{"@type":"Person","name":"B. Two"}],
  "publisher":{"@type":"Organization","name":"Daily Example"}}]}</script>
</head><body><h1>Another heading</h1></body></html>)",
                                            "http://news.example.org/p");
  EXPECT_EQ(page.title, "Bridge opens");
  EXPECT_EQ(page.author, "A. One, B. Two");
  EXPECT_EQ(page.outlet, "Daily Example");
  EXPECT_EQ(page.published_at, "2020-05-06T07:08:09");
  EXPECT_EQ(page.url, "http://news.example.org/p");
}

TEST(PageMetadata, FallsBackToTimeH1AndHost) {
  const ExtractedPage page = ExtractArticle(
      "<html><body><h1>  A  heading </h1><time datetime='2019-11-19'>Nov 19</time></body></html>",
      "https://www.example.co.uk/story");
  EXPECT_EQ(page.title, "A heading");
  EXPECT_EQ(page.published_at, "2019-11-19");
  EXPECT_EQ(page.outlet, "example.co.uk");
  EXPECT_EQ(page.author, "");
  EXPECT_EQ(page.language, "");
}

TEST(PageMetadata, IgnoresDatesThatAreNotIso) {
  const ExtractedPage page =
      ExtractArticle("<meta name='date' content='Tuesday'><time datetime='soon'>x</time>", "");
  EXPECT_FALSE(page.published_at.has_value());
}

TEST(PageMetadata, ResolvesUrls) {
  EXPECT_EQ(html::ResolveUrl("https://a.example/x/y/z.html", "../q.html"),
            "https://a.example/x/q.html");
  EXPECT_EQ(html::ResolveUrl("https://a.example/x/y", "//cdn.example/p"), "https://cdn.example/p");
  EXPECT_EQ(html::ResolveUrl("https://a.example/x/y", "/root?a=1"), "https://a.example/root?a=1");
  EXPECT_EQ(html::ResolveUrl("https://a.example", "page"), "https://a.example/page");
  EXPECT_EQ(html::ResolveUrl("https://a.example/x", "http://b.example/"), "http://b.example/");
  EXPECT_EQ(html::ResolveUrl("", "/relative"), "");
}

TEST(PageMetadata, NormalisesLanguageTagsAndHosts) {
  EXPECT_EQ(html::NormaliseLanguageTag("EN"), "en");
  EXPECT_EQ(html::NormaliseLanguageTag("zh-hant-tw"), "zh-Hant-TW");
  EXPECT_EQ(html::HostWithoutWww("https://WWW.Example.com:8080/a"), "example.com");
  EXPECT_EQ(html::HostWithoutWww("no scheme"), "");
}

}  // namespace
}  // namespace stemma::ingest
