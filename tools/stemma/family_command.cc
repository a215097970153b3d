// `stemma family DIR ID`: one reuse family's tree of who copied whom, with
// the evidence for each link and what each copy changed.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <vector>

#include "commands.h"
#include "provenance_text.h"
#include "stemma/corpus.h"
#include "stemma/graphml.h"
#include "stemma/json.h"

namespace stemma::cli {
namespace {

void PrintTree(const FamilyTree& tree) {
  std::map<uint32_t, int> depth;
  std::cout << fmt::format("family {}: {} documents\n", tree.id, tree.nodes.size());
  for (const FamilyNode& node : tree.nodes) {
    const int level = node.parent.has_value() ? depth[*node.parent] + 1 : 0;
    depth[node.document.id] = level;
    const std::string indent(2 * level, ' ');
    std::string how;
    if (!node.parent.has_value()) {
      how = node.unseen_source ? "copied from a source not in the corpus" : "earliest known";
    } else {
      how = fmt::format("from #{}", *node.parent);
    }
    std::cout << fmt::format("{}{} [{}, confidence {:.2f}]\n", indent, DocumentName(node.document),
                             how, node.confidence);
    for (const std::string& evidence : node.evidence) {
      std::cout << indent << "    because: " << evidence << "\n";
    }
    for (const Change& change : node.changes) {
      std::cout << indent << "    " << DescribeChange(change) << "\n";
    }
  }
}

// A Graphviz string of several lines, each escaped.
std::string DotLabel(const std::vector<std::string>& lines) {
  std::string label = "\"";
  for (size_t index = 0; index < lines.size(); ++index) {
    if (index > 0) label += "\\n";
    for (char byte : lines[index]) {
      if (byte == '"' || byte == '\\') label.push_back('\\');
      label.push_back(byte == '\n' || byte == '\r' ? ' ' : byte);
    }
  }
  return label + "\"";
}

// Graphviz: a node per document (outlet and date), an edge per copy labelled
// with how many changes of each kind it made.
void PrintDot(const FamilyTree& tree) {
  std::cout << "digraph family_" << tree.id << " {\n  rankdir=LR;\n  node [shape=box];\n";
  for (const FamilyNode& node : tree.nodes) {
    const std::string label =
        DotLabel({fmt::format("#{}", node.document.id),
                  node.document.outlet.empty() ? "(no outlet)" : node.document.outlet,
                  node.document.published_at.value_or("undated")});
    std::cout << fmt::format("  d{} [label={}];\n", node.document.id, label);
    if (node.unseen_source) {
      std::cout << fmt::format("  unseen{} [label=\"unseen source\", style=dashed];\n",
                               node.document.id);
      std::cout << fmt::format("  unseen{} -> d{} [style=dashed];\n", node.document.id,
                               node.document.id);
    }
    if (!node.parent.has_value()) continue;
    std::map<std::string, int> kinds;
    for (const Change& change : node.changes) ++kinds[std::string(ChangeKindName(change.kind))];
    std::vector<std::string> lines = {fmt::format("{:.2f}", node.confidence)};
    for (const auto& [kind, count] : kinds) lines.push_back(fmt::format("{} {}", count, kind));
    std::cout << fmt::format("  d{} -> d{} [label={}];\n", *node.parent, node.document.id,
                             DotLabel(lines));
  }
  std::cout << "}\n";
}

}  // namespace

Command AddFamilyCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "family", "One reuse family: who copied whom, the evidence, and what each copy changed");
  auto dir = std::make_shared<std::string>();
  auto id = std::make_shared<uint32_t>(0);
  auto json = std::make_shared<bool>(false);
  auto dot = std::make_shared<bool>(false);
  auto graphml = std::make_shared<bool>(false);
  app->add_option("DIR", *dir, "The corpus")->required();
  app->add_option("ID", *id, "The family (see `stemma families`)")->required();
  auto* json_flag = app->add_flag("--json", *json, "One JSON object");
  auto* dot_flag = app->add_flag("--dot", *dot, "A Graphviz digraph")->excludes(json_flag);
  app->add_flag("--graphml", *graphml, "GraphML (Gephi, networkx, yEd)")
      ->excludes(json_flag)
      ->excludes(dot_flag);
  return {app, [dir, id, json, dot, graphml]() {
            auto corpus = OpenCorpus(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            auto tree = (*corpus)->Family(*id);
            if (!tree.ok()) {
              PrintError(*dir + ": " + tree.status().message());
              return kExitFailed;
            }
            if (*json) {
              std::cout << json::FamilyTreeJson(*tree) << "\n";
            } else if (*graphml) {
              std::cout << json::FamilyTreeGraphml(*tree);
            } else if (*dot) {
              PrintDot(*tree);
            } else {
              PrintTree(*tree);
            }
            return kExitOk;
          }};
}

}  // namespace stemma::cli
