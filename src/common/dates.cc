#include "common/dates.h"

#include <chrono>

namespace stemma {
namespace {

// Reads `digits` decimal digits at text[*at] into *value.
bool ReadNumber(std::string_view text, size_t* at, size_t digits, int* value) {
  if (*at + digits > text.size()) return false;
  int result = 0;
  for (size_t index = 0; index < digits; ++index) {
    const char c = text[*at + index];
    if (c < '0' || c > '9') return false;
    result = result * 10 + (c - '0');
  }
  *at += digits;
  *value = result;
  return true;
}

bool Expect(std::string_view text, size_t* at, char c) {
  if (*at >= text.size() || text[*at] != c) return false;
  ++*at;
  return true;
}

// "Z", "+hh:mm", "+hhmm", "+hh" (or '-') at text[at..]: the offset in
// seconds east of UTC; nullopt when malformed or not at the end.
std::optional<int64_t> ReadOffset(std::string_view text, size_t at) {
  if (at == text.size()) return 0;  // no offset: read as UTC
  if ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) return 0;
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  const int sign = text[at++] == '-' ? -1 : 1;
  int hours = 0;
  int minutes = 0;
  if (!ReadNumber(text, &at, 2, &hours)) return std::nullopt;
  if (at < text.size()) {
    Expect(text, &at, ':');
    if (!ReadNumber(text, &at, 2, &minutes)) return std::nullopt;
  }
  if (at != text.size() || hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

// "hh:mm[:ss[.fff]]" and an offset at text[at..]: seconds since midnight
// UTC (may fall outside [0, 86400) after the offset).
std::optional<int64_t> ReadTimeOfDay(std::string_view text, size_t at) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadNumber(text, &at, 2, &hour) || !Expect(text, &at, ':') ||
      !ReadNumber(text, &at, 2, &minute)) {
    return std::nullopt;
  }
  if (Expect(text, &at, ':')) {
    if (!ReadNumber(text, &at, 2, &second)) return std::nullopt;
    if (Expect(text, &at, '.') || Expect(text, &at, ',')) {
      const size_t digits = at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
      if (at == digits) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::optional<int64_t> offset = ReadOffset(text, at);
  if (!offset) return std::nullopt;
  return hour * 3600 + minute * 60 + second - *offset;
}

}  // namespace

std::optional<TimeInterval> ParseIsoTime(std::string_view text) {
  size_t at = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadNumber(text, &at, 4, &year) || !Expect(text, &at, '-') ||
      !ReadNumber(text, &at, 2, &month) || !Expect(text, &at, '-') ||
      !ReadNumber(text, &at, 2, &day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  const int64_t midnight = int64_t{std::chrono::sys_days(date).time_since_epoch().count()} * 86400;
  if (at == text.size()) return TimeInterval{midnight, midnight + 86400};
  if (text[at] != 'T' && text[at] != 't' && text[at] != ' ') return std::nullopt;
  const std::optional<int64_t> seconds = ReadTimeOfDay(text, at + 1);
  if (!seconds) return std::nullopt;
  return TimeInterval{midnight + *seconds, midnight + *seconds + 1};
}

}  // namespace stemma
