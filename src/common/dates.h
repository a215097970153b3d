// The one reader of dates and times in stemma: an ISO 8601 calendar date
// with an optional time and zone, as documents carry in `published_at`.
// Ingest checks a record's date with it (IsIsoDate); copy trees order
// witnesses by it.
#ifndef STEMMA_COMMON_DATES_H_
#define STEMMA_COMMON_DATES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace stemma {

// A time as a half-open interval of UTC seconds since the Unix epoch: a date
// is its whole UTC day, a date-time its second.
struct TimeInterval {
  int64_t begin = 0;
  int64_t end = 0;
};

// Accepts "YYYY-MM-DD" (a real day of the proleptic Gregorian calendar),
// then optionally "T" or " ", "hh:mm[:ss[.fff]]" and "Z", "+hh:mm", "+hhmm"
// or "+hh" (or "-"; at most 14 hours); a time without a zone is read as UTC.
// Anything else is nullopt.
std::optional<TimeInterval> ParseIsoTime(std::string_view text);

}  // namespace stemma

#endif  // STEMMA_COMMON_DATES_H_
