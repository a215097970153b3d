#include "provenance_json.h"

namespace stemma::cli {
namespace {

using nlohmann::ordered_json;

ordered_json Optional(const std::optional<std::string>& text) {
  return text.has_value() ? ordered_json(*text) : ordered_json(nullptr);
}

ordered_json DocumentId(uint32_t id) { return id == 0 ? ordered_json(nullptr) : ordered_json(id); }

ordered_json SideJson(const ChangeSide& side) {
  return {{"doc", DocumentId(side.document)},
          {"begin", side.bytes.begin},
          {"end", side.bytes.end},
          {"text", side.text}};
}

ordered_json DocumentJson(const CorpusDocument& document) {
  return {{"id", document.id},
          {"external_id", document.external_id},
          {"outlet", document.outlet},
          {"published_at", Optional(document.published_at)},
          {"title", document.title}};
}

}  // namespace

std::string Dump(const ordered_json& record) {
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ordered_json ChangeJson(const Change& change) {
  ordered_json record = {{"kind", std::string(ChangeKindName(change.kind))},
                         {"parent", SideJson(change.parent)},
                         {"child", SideJson(change.child)}};
  if (!change.parent_source.empty()) record["parent_source"] = change.parent_source;
  if (!change.child_source.empty()) record["child_source"] = change.child_source;
  return record;
}

std::string FamilySummaryJson(const FamilySummary& family) {
  return Dump({{"id", family.id},
               {"size", family.size},
               {"median_span_bytes", family.median_span_bytes},
               {"outlets", family.outlets},
               {"first_published", Optional(family.first_published)},
               {"last_published", Optional(family.last_published)},
               {"snippet", family.snippet}});
}

std::string FamilyTreeJson(const FamilyTree& tree) {
  ordered_json nodes = ordered_json::array();
  for (const FamilyNode& node : tree.nodes) {
    ordered_json changes = ordered_json::array();
    for (const Change& change : node.changes) changes.push_back(ChangeJson(change));
    nodes.push_back(
        {{"doc", DocumentJson(node.document)},
         {"span", {{"begin", node.span.begin}, {"end", node.span.end}}},
         {"parent", node.parent.has_value() ? ordered_json(*node.parent) : ordered_json(nullptr)},
         {"unseen_source", node.unseen_source},
         {"confidence", node.confidence},
         {"evidence", node.evidence},
         {"changes", std::move(changes)}});
  }
  return Dump({{"id", tree.id}, {"nodes", std::move(nodes)}});
}

std::string ReportPassageJson(const ReportPassage& passage) {
  ordered_json source = DocumentJson(passage.earliest_source);
  source.erase("title");
  source["begin"] = passage.source.begin;
  source["end"] = passage.source.end;
  ordered_json chain = ordered_json::array();
  for (const CorpusDocument& document : passage.chain) chain.push_back(document.id);
  ordered_json changes = ordered_json::array();
  for (const Change& change : passage.changes) changes.push_back(ChangeJson(change));
  return Dump({{"query", {{"begin", passage.query.begin}, {"end", passage.query.end}}},
               {"earliest_source", std::move(source)},
               {"family", DocumentId(passage.family)},
               {"chain", std::move(chain)},
               {"changes", std::move(changes)}});
}

std::string OutletSummaryJson(const OutletSummary& outlet) {
  ordered_json sources = ordered_json::array();
  for (const OutletSource& source : outlet.sources) {
    sources.push_back({{"outlet", source.outlet}, {"passages", source.passages}});
  }
  return Dump({{"outlet", outlet.outlet},
               {"documents", outlet.documents},
               {"reused_share", outlet.reused_share},
               {"sources", std::move(sources)},
               {"attribution_dropped_share", outlet.attribution_dropped_share}});
}

}  // namespace stemma::cli
