// What the result writers share: nlohmann's ordered objects for the nested
// shapes, and the one way of writing a ratio, a missing text and an id.
#ifndef STEMMA_JSON_JSON_INTERNAL_H_
#define STEMMA_JSON_JSON_INTERNAL_H_

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace stemma::json {

using nlohmann::ordered_json;

// Four decimals are plenty for a ratio and keep the lines short and stable.
inline double Rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

inline ordered_json TextOrNull(const std::string& text) {
  return text.empty() ? ordered_json(nullptr) : ordered_json(text);
}

inline ordered_json OptionalText(const std::optional<std::string>& text) {
  return text.has_value() ? ordered_json(*text) : ordered_json(nullptr);
}

// 0 is no document (an article that is not stored) or no family.
inline ordered_json IdOrNull(uint32_t id) {
  return id == 0 ? ordered_json(nullptr) : ordered_json(id);
}

// One line; invalid UTF-8 in strings replaced by U+FFFD.
inline std::string Dump(const ordered_json& record) {
  return record.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace stemma::json

#endif  // STEMMA_JSON_JSON_INTERNAL_H_
