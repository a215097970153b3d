#include "common/dates.h"

#include <gtest/gtest.h>

namespace stemma {
namespace {

TEST(ParseIsoTime, ReadsDatesDateTimesAndOffsets) {
  const auto day = ParseIsoTime("2022-01-10");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->begin, 1641772800);
  EXPECT_EQ(day->end, 1641772800 + 86400);
  const auto utc = ParseIsoTime("2022-01-10T08:00:00Z");
  ASSERT_TRUE(utc.has_value());
  EXPECT_EQ(utc->begin, 1641772800 + 8 * 3600);
  EXPECT_EQ(utc->end, utc->begin + 1);
  const auto east = ParseIsoTime("2022-01-10T16:00:00+08:00");
  ASSERT_TRUE(east.has_value());
  EXPECT_EQ(east->begin, utc->begin);
  EXPECT_EQ(ParseIsoTime("2022-01-10 16:00+0800")->begin, utc->begin);
  EXPECT_EQ(ParseIsoTime("2022-01-10T03:00:00.250-05")->begin, utc->begin);
  EXPECT_EQ(ParseIsoTime("2022-01-10T08:00")->begin, utc->begin);
  EXPECT_EQ(ParseIsoTime("2024-02-29")->begin, 1709164800);
}

TEST(ParseIsoTime, RefusesMalformedText) {
  for (const char* text : {"", "yesterday", "2022-02-30", "2023-02-29", "2022-13-01", "2022-1-10",
                           "2022-01-10T25:00", "2022-01-10T08:00:00+99:00", "2022-01-10T08",
                           "2022-01-10Z", "2022-01-10T08:00:00Zulu", "10/01/2022"}) {
    EXPECT_FALSE(ParseIsoTime(text).has_value()) << text;
  }
}

// Only real days, real times and real zones: what is not one is no date,
// so that a record's bad date is refused at ingest and never orders a tree.
TEST(ParseIsoTime, RefusesWhatIsNotADate) {
  for (const char* text :
       {"2022-02-30", "2023-02-29", "2022-13-01", "2022-00-10", "2022-01-10T24:00",
        "2022-01-10T08:60", "2022-01-10T08:00+15:00", "2022-01-10T08:00:00.", "2022-01-10x",
        "22-01-10", "2022/01/10", "", "2022-01-10T08:00 UTC"}) {
    EXPECT_FALSE(ParseIsoTime(text).has_value()) << text;
  }
  EXPECT_TRUE(ParseIsoTime("2000-02-29").has_value());   // divisible by 400: a leap year
  EXPECT_FALSE(ParseIsoTime("1900-02-29").has_value());  // by 100 only: not one
  // Before the epoch too (1916's papers).
  EXPECT_EQ(ParseIsoTime("1916-01-03")->begin, -1703980800);
}

}  // namespace
}  // namespace stemma
