// Families, trees, reports and outlets (include/stemma/json.h).
#include "json/json_internal.h"
#include "stemma/json.h"

namespace stemma::json {
namespace {

ordered_json Side(const ChangeSide& side) {
  return {{"doc", IdOrNull(side.document)},
          {"begin", side.bytes.begin},
          {"end", side.bytes.end},
          {"text", side.text}};
}

// How the provenance results name a document: strings, never null.
ordered_json Brief(const CorpusDocument& document) {
  return {{"id", document.id},
          {"external_id", document.external_id},
          {"outlet", document.outlet},
          {"published_at", OptionalText(document.published_at)},
          {"title", document.title}};
}

ordered_json ChangeObject(const Change& change) {
  ordered_json record = {{"kind", std::string(ChangeKindName(change.kind))},
                         {"parent", Side(change.parent)},
                         {"child", Side(change.child)}};
  if (!change.parent_source.empty()) record["parent_source"] = change.parent_source;
  if (!change.child_source.empty()) record["child_source"] = change.child_source;
  return record;
}

ordered_json Changes(const std::vector<Change>& changes) {
  ordered_json out = ordered_json::array();
  for (const Change& change : changes) out.push_back(ChangeObject(change));
  return out;
}

ordered_json NodeObject(const FamilyNode& node) {
  return {{"doc", Brief(node.document)},
          {"span", {{"begin", node.span.begin}, {"end", node.span.end}}},
          {"parent", node.parent.has_value() ? ordered_json(*node.parent) : ordered_json(nullptr)},
          {"unseen_source", node.unseen_source},
          {"confidence", node.confidence},
          {"evidence", node.evidence},
          {"changes", Changes(node.changes)}};
}

}  // namespace

std::string ChangeJson(const Change& change) { return Dump(ChangeObject(change)); }

std::string FamilySummaryJson(const FamilySummary& family) {
  return Dump({{"id", family.id},
               {"size", family.size},
               {"median_span_bytes", family.median_span_bytes},
               {"outlets", family.outlets},
               {"first_published", OptionalText(family.first_published)},
               {"last_published", OptionalText(family.last_published)},
               {"snippet", family.snippet}});
}

std::string FamilyNodeJson(const FamilyNode& node) { return Dump(NodeObject(node)); }

std::string FamilyTreeJson(const FamilyTree& tree) {
  ordered_json nodes = ordered_json::array();
  for (const FamilyNode& node : tree.nodes) nodes.push_back(NodeObject(node));
  return Dump({{"id", tree.id}, {"nodes", std::move(nodes)}});
}

std::string ReportPassageJson(const ReportPassage& passage) {
  ordered_json source = Brief(passage.earliest_source);
  source.erase("title");
  source["begin"] = passage.source.begin;
  source["end"] = passage.source.end;
  ordered_json chain = ordered_json::array();
  for (const CorpusDocument& document : passage.chain) chain.push_back(document.id);
  return Dump({{"query", {{"begin", passage.query.begin}, {"end", passage.query.end}}},
               {"earliest_source", std::move(source)},
               {"family", IdOrNull(passage.family)},
               {"chain", std::move(chain)},
               {"changes", Changes(passage.changes)}});
}

std::string OutletSummaryJson(const OutletSummary& outlet) {
  ordered_json sources = ordered_json::array();
  for (const OutletSource& source : outlet.sources) {
    sources.push_back({{"outlet", source.outlet},
                       {"passages", source.passages},
                       {"attribution_dropped", source.attribution_dropped},
                       {"families", source.families}});
  }
  return Dump({{"outlet", outlet.outlet},
               {"documents", outlet.documents},
               {"reused_share", outlet.reused_share},
               {"sources", std::move(sources)},
               {"attribution_dropped_share", outlet.attribution_dropped_share}});
}

namespace {

ordered_json AlertPassageObject(const AlertPassage& passage) {
  ordered_json watched = {{"begin", passage.watched.begin}, {"end", passage.watched.end}};
  if (passage.watched_document != 0) watched["doc"] = passage.watched_document;
  return {{"watched", watched},
          {"document", {{"begin", passage.document.begin}, {"end", passage.document.end}}},
          {"matched_tokens", passage.matched_tokens}};
}

}  // namespace

std::string WatchJson(const Watch& watch) {
  const WatchSpec& spec = watch.spec;
  ordered_json record = {{"name", spec.name}, {"kind", std::string(WatchKindName(spec.kind))}};
  if (spec.kind == WatchKind::kText) record["text"] = spec.text;
  if (spec.kind == WatchKind::kDocument) record["document"] = spec.document;
  if (spec.kind == WatchKind::kOutlet) record["outlet"] = spec.outlet;
  record["min_tokens"] = spec.min_tokens;
  record["webhook"] = TextOrNull(spec.webhook);
  record["created_run"] = watch.created_run;
  record["alerts"] = watch.alerts;
  return Dump(record);
}

std::string AlertJson(const Alert& alert) {
  const CorpusDocument& document = alert.document;
  ordered_json passages = ordered_json::array();
  for (const AlertPassage& passage : alert.passages)
    passages.push_back(AlertPassageObject(passage));
  return Dump({{"id", alert.id},
               {"watch", alert.watch},
               {"document",
                {{"id", document.id},
                 {"external_id", document.external_id},
                 {"url", document.url},
                 {"outlet", document.outlet},
                 {"published_at", OptionalText(document.published_at)}}},
               {"passages", passages},
               {"changes", Changes(alert.changes)}});
}

}  // namespace stemma::json
