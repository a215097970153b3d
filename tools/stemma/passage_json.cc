#include "passage_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace stemma::cli {
namespace {

using Json = nlohmann::ordered_json;

Json Side(std::string_view name, const PassageSide& side) {
  return Json{
      {"doc", name}, {"begin", side.bytes.begin}, {"end", side.bytes.end}, {"tokens", side.tokens}};
}

// Four decimals are plenty for a ratio and keep the lines short and stable.
double Rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

}  // namespace

std::string PassageJson(const Passage& passage, std::string_view a_name, std::string_view b_name) {
  Json edits = Json::array();
  for (const Edit& edit : passage.edits) {
    edits.push_back(Json{{"op", EditOpName(edit.op)},
                         {"a", {edit.a.begin, edit.a.end}},
                         {"b", {edit.b.begin, edit.b.end}}});
  }
  const Json record{{"a", Side(a_name, passage.a)},
                    {"b", Side(b_name, passage.b)},
                    {"matched_tokens", passage.matched_tokens},
                    {"identity", Rounded(passage.identity)},
                    {"score", Rounded(passage.score)},
                    {"edits", std::move(edits)}};
  // Paths and texts may hold invalid UTF-8: replace rather than throw.
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stemma::cli
