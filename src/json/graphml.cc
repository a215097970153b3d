// GraphML and CSV of families and the outlet network (include/stemma/graphml.h).
#include "stemma/graphml.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace stemma::json {
namespace {

// Text as XML character data or attribute value. Characters XML 1.0 does
// not allow (controls other than tab and newlines) are dropped.
std::string Xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string Csv(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Key {
  const char* id;
  const char* scope;  // node or edge
  const char* type;   // string, int, double, boolean
};

std::string Header(const std::vector<Key>& keys) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n";
  for (const Key& key : keys) {
    out += fmt::format("  <key id=\"{0}\" for=\"{1}\" attr.name=\"{0}\" attr.type=\"{2}\"/>\n",
                       key.id, key.scope, key.type);
  }
  return out + "  <graph edgedefault=\"directed\">\n";
}

constexpr const char* kFooter = "  </graph>\n</graphml>\n";

// An empty value is left out: GraphML readers (networkx) read an empty
// element as no value at all.
std::string Data(const char* key, const std::string& value) {
  if (value.empty()) return "";
  return fmt::format("<data key=\"{}\">{}</data>", key, Xml(value));
}

}  // namespace

std::string FamilyTreeGraphml(const FamilyTree& tree) {
  std::string out = Header({{"outlet", "node", "string"},
                            {"published_at", "node", "string"},
                            {"title", "node", "string"},
                            {"external_id", "node", "string"},
                            {"span_begin", "node", "int"},
                            {"span_end", "node", "int"},
                            {"confidence", "edge", "double"},
                            {"changes", "edge", "int"},
                            {"attribution_dropped", "edge", "boolean"}});
  for (const FamilyNode& node : tree.nodes) {
    const CorpusDocument& doc = node.document;
    out += fmt::format(
        "    <node id=\"d{}\">{}{}{}{}{}{}</node>\n", doc.id, Data("outlet", doc.outlet),
        Data("published_at", doc.published_at.value_or("")), Data("title", doc.title),
        Data("external_id", doc.external_id), Data("span_begin", std::to_string(node.span.begin)),
        Data("span_end", std::to_string(node.span.end)));
  }
  for (const FamilyNode& node : tree.nodes) {
    if (!node.parent.has_value()) continue;
    const bool dropped = std::any_of(node.changes.begin(), node.changes.end(), [](const Change& c) {
      return c.kind == ChangeKind::kAttributionDropped;
    });
    out += fmt::format("    <edge source=\"d{}\" target=\"d{}\">{}{}{}</edge>\n", *node.parent,
                       node.document.id, Data("confidence", fmt::format("{:.4f}", node.confidence)),
                       Data("changes", std::to_string(node.changes.size())),
                       Data("attribution_dropped", dropped ? "true" : "false"));
  }
  return out + kFooter;
}

std::string OutletNetworkGraphml(const std::vector<OutletSummary>& outlets) {
  std::string out = Header({{"documents", "node", "int"},
                            {"reused_share", "node", "double"},
                            {"attribution_dropped_share", "node", "double"},
                            {"passages", "edge", "int"},
                            {"attribution_dropped", "edge", "int"}});
  std::set<std::string> named;
  for (const OutletSummary& outlet : outlets) named.insert(outlet.outlet);
  for (const OutletSummary& outlet : outlets) {
    out += fmt::format(
        "    <node id=\"{}\">{}{}{}</node>\n", Xml(outlet.outlet),
        Data("documents", std::to_string(outlet.documents)),
        Data("reused_share", fmt::format("{:.4f}", outlet.reused_share)),
        Data("attribution_dropped_share", fmt::format("{:.4f}", outlet.attribution_dropped_share)));
  }
  for (const OutletSummary& outlet : outlets) {
    for (const OutletSource& source : outlet.sources) {
      if (!named.contains(source.outlet)) {  // a source with no summary of its own
        out += fmt::format("    <node id=\"{}\"/>\n", Xml(source.outlet));
        named.insert(source.outlet);
      }
      out += fmt::format("    <edge source=\"{}\" target=\"{}\">{}{}</edge>\n", Xml(source.outlet),
                         Xml(outlet.outlet), Data("passages", std::to_string(source.passages)),
                         Data("attribution_dropped", std::to_string(source.attribution_dropped)));
    }
  }
  return out + kFooter;
}

std::string OutletEdgesCsv(const std::vector<OutletSummary>& outlets) {
  std::string out = "source,outlet,passages,attribution_dropped\n";
  for (const OutletSummary& outlet : outlets) {
    for (const OutletSource& source : outlet.sources) {
      out += fmt::format("{},{},{},{}\n", Csv(source.outlet), Csv(outlet.outlet), source.passages,
                         source.attribution_dropped);
    }
  }
  return out;
}

}  // namespace stemma::json
