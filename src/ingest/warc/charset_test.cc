#include "ingest/warc/charset.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <string>

namespace stemma::ingest {
namespace {

// Our own sentences, long enough for ICU's detector to be sure.
const std::string kRussian =
    "Вчера вечером в городе прошёл сильный дождь, и многие жители остались дома. "
    "Синоптики обещают, что завтра погода улучшится и выглянет солнце. "
    "Городские службы работали всю ночь, чтобы очистить улицы от воды и упавших веток. "
    "Жители благодарят рабочих за быструю помощь и надеются на хорошие выходные.";
const std::string kJapanese =
    "昨日の夜、町では強い雨が降り、多くの住民が家にとどまりました。"
    "気象予報士によると、明日は天気が回復して晴れるそうです。"
    "市の職員は一晩中働き、道路から水や倒れた枝を取り除きました。"
    "住民は素早い対応に感謝し、週末の良い天気を期待しています。";
const std::string kFrenchGerman =
    "Hier soir, une forte pluie est tombée sur la ville et beaucoup d'habitants sont restés "
    "chez eux. Les météorologues prévoient que le temps s'améliorera demain. Déjà les cafés "
    "rouvrent leurs terrasses, à la grande joie des étudiants. Gestern Abend fiel ein starker "
    "Regen über der Stadt, und viele Bürger blieben zu Hause. Die Straßen waren überflutet, "
    "aber die Stadtwerke räumten die Äste schnell weg. Grüße aus München und Köln.";

std::string Encode(const std::string& utf8, const char* charset) {
  UErrorCode error = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t length =
      ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                   static_cast<int32_t>(utf8.size()), &error);
  EXPECT_TRUE(U_SUCCESS(error)) << u_errorName(error);
  out.resize(length);
  return out;
}

std::string Html(const std::string& head, const std::string& text) {
  return "<!doctype html><html><head>" + head + "<title>t</title></head><body><p>" + text +
         "</p></body></html>";
}

struct Case {
  const std::string* text;
  const char* charset;
  const char* expected_name;
};

class CharsetTest : public ::testing::TestWithParam<Case> {};

TEST_P(CharsetTest, DeclaredInHttpHeaderComesBackAsTheOriginal) {
  const Case& c = GetParam();
  const Utf8Text result = ToUtf8(Encode(*c.text, c.charset), c.charset, false);
  EXPECT_EQ(result.text, *c.text);
  EXPECT_EQ(result.charset, c.expected_name);
  EXPECT_FALSE(result.detected);
  EXPECT_EQ(result.undecodable, 0u);
}

TEST_P(CharsetTest, DeclaredInMetaTagComesBackAsTheOriginal) {
  const Case& c = GetParam();
  const std::string html = Html("<meta charset=\"" + std::string(c.charset) + "\">", *c.text);
  const Utf8Text result = ToUtf8(Encode(html, c.charset), "", true);
  EXPECT_EQ(result.text, html);
  EXPECT_FALSE(result.detected);
}

TEST_P(CharsetTest, DeclaredInHttpEquivMetaTagComesBackAsTheOriginal) {
  const Case& c = GetParam();
  const std::string html = Html(
      "<!-- <meta charset=\"utf-8\"> --><META HTTP-EQUIV=Content-Type CONTENT='text/html; "
      "charset=" +
          std::string(c.charset) + "'>",
      *c.text);
  const Utf8Text result = ToUtf8(Encode(html, c.charset), "", true);
  EXPECT_EQ(result.text, html);
}

TEST_P(CharsetTest, UndeclaredIsDetected) {
  const Case& c = GetParam();
  const std::string html = Html("", *c.text + " " + *c.text);
  const Utf8Text result = ToUtf8(Encode(html, c.charset), "", true);
  EXPECT_EQ(result.text, html);
  EXPECT_EQ(result.charset, c.expected_name);
  EXPECT_TRUE(result.detected);
}

INSTANTIATE_TEST_SUITE_P(Languages, CharsetTest,
                         ::testing::Values(Case{&kRussian, "windows-1251", "windows-1251"},
                                           Case{&kJapanese, "Shift_JIS", "Shift_JIS"},
                                           Case{&kFrenchGerman, "ISO-8859-1", "windows-1252"}));

TEST(ToUtf8, ByteOrderMarkWinsOverTheDeclaredCharset) {
  const Utf8Text result = ToUtf8("\xEF\xBB\xBF" + kRussian, "windows-1251", true);
  EXPECT_EQ(result.text, kRussian);
  EXPECT_EQ(result.charset, "UTF-8");
  const std::string utf16 = Encode(kJapanese, "UTF-16LE");
  EXPECT_EQ(ToUtf8("\xFF\xFE" + utf16, "iso-8859-1", false).text, kJapanese);
}

TEST(ToUtf8, Latin1IsReadAsWindows1252LikeBrowsers) {
  const Utf8Text result = ToUtf8("\x80 5 caf\xE9", "iso-8859-1", false);
  EXPECT_EQ(result.text, "€ 5 café");
  EXPECT_EQ(result.charset, "windows-1252");
  EXPECT_EQ(ToUtf8("plain", "US-ASCII", false).charset, "windows-1252");
}

TEST(ToUtf8, InvalidBytesAreReplacedAndCounted) {
  const Utf8Text result = ToUtf8("abc \xFF def \xC3", "utf-8", false);
  EXPECT_EQ(result.text, "abc \xEF\xBF\xBD def \xEF\xBF\xBD");
  EXPECT_EQ(result.undecodable, 2u);
  EXPECT_EQ(result.charset, "UTF-8");
}

TEST(ToUtf8, UnknownDeclaredNameFallsThrough) {
  const Utf8Text result = ToUtf8(kFrenchGerman, "x-no-such-charset", false);
  EXPECT_EQ(result.text, kFrenchGerman);
  EXPECT_EQ(result.charset, "UTF-8");
  EXPECT_TRUE(result.detected);
}

TEST(ToUtf8, ValidUtf8IsKeptAsItIs) {
  const Utf8Text result = ToUtf8(kJapanese, "", true);
  EXPECT_EQ(result.text, kJapanese);
  EXPECT_TRUE(result.detected);
  EXPECT_EQ(result.undecodable, 0u);
}

TEST(ToUtf8, ShortUndecidableBytesFallBackToWindows1252) {
  const Utf8Text result = ToUtf8("\x93ok\x94", "", false);
  EXPECT_EQ(result.text, "“ok”");
  EXPECT_TRUE(result.detected);
}

TEST(ToUtf8, MetaUtf16MeansUtf8AndEmptyInputIsFine) {
  EXPECT_EQ(ToUtf8("<meta charset=utf-16><p>\xC3\xA9", "", true).charset, "UTF-8");
  EXPECT_EQ(ToUtf8("", "", true).text, "");
  EXPECT_EQ(ToUtf8("", "windows-1251", true).text, "");
}

TEST(PrescanMetaCharset, FindsTheFirstDeclarationOutsideComments) {
  EXPECT_EQ(PrescanMetaCharset("<!-- <meta charset=koi8-r> --><meta charset='gbk'>"), "gbk");
  EXPECT_EQ(
      PrescanMetaCharset("<meta http-equiv=\"content-type\" content=\"text/html;charset=euc-jp\">"),
      "euc-jp");
  EXPECT_EQ(PrescanMetaCharset("<meta content=\"text/html; charset=x\">"), "");
  EXPECT_EQ(PrescanMetaCharset(std::string(5000, ' ') + "<meta charset=gbk>"), "");
  EXPECT_EQ(PrescanMetaCharset("<meta charset"), "");
  EXPECT_EQ(PrescanMetaCharset("<meta charset=\"unterminated"), "unterminated");
}

}  // namespace
}  // namespace stemma::ingest
