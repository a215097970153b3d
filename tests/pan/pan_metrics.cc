// The PAN measures (see pan_metrics.h for the definitions and conventions).
//
// Design: AddPair() reduces each case to its recall and detection count, and
// each detection to its precision and the kinds of case it detects, as soon
// as its pair is added; the corpus figures are then means over those scores,
// so memory is one small record per case and per detection. Unions of
// overlaps are computed by sorting and merging intervals: O(k log k) for the
// k overlaps of one case or detection, quadratic in a pair's case and
// detection counts, which are small.
#include "pan/pan_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace stemma::pan {
namespace {

using Interval = std::pair<uint32_t, uint32_t>;  // [first, second)

bool Overlap(uint32_t a_begin, uint32_t a_end, uint32_t b_begin, uint32_t b_end) {
  return std::max(a_begin, b_begin) < std::min(a_end, b_end);
}

// Works for Case and Detection alike: both are a source and a suspicious range.
template <typename A, typename B>
bool Detects(const A& a, const B& b) {
  return Overlap(a.src_begin, a.src_end, b.src_begin, b.src_end) &&
         Overlap(a.susp_begin, a.susp_end, b.susp_begin, b.susp_end);
}

uint64_t UnionSize(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end());
  uint64_t size = 0;
  uint32_t covered_to = 0;
  for (const auto& [begin, end] : intervals) {
    const uint32_t from = std::max(begin, covered_to);
    if (end > from) size += end - from;
    covered_to = std::max(covered_to, end);
  }
  return size;
}

// |∪_o (x ⊓ o)| / |x| over the `others` that overlap x in both texts.
template <typename X, typename Other>
double CoveredShare(const X& x, const std::vector<Other>& others) {
  std::vector<Interval> source;
  std::vector<Interval> suspicious;
  for (const Other& other : others) {
    if (!Detects(x, other)) continue;
    source.emplace_back(std::max(x.src_begin, other.src_begin), std::min(x.src_end, other.src_end));
    suspicious.emplace_back(std::max(x.susp_begin, other.susp_begin),
                            std::min(x.susp_end, other.susp_end));
  }
  const uint64_t size = uint64_t{x.src_end - x.src_begin} + (x.susp_end - x.susp_begin);
  if (size == 0) return 0;
  return static_cast<double>(UnionSize(source) + UnionSize(suspicious)) / static_cast<double>(size);
}

uint32_t KindBit(Obfuscation kind) { return uint32_t{1} << static_cast<int>(kind); }

// A figure, or "-" where only a convention defines it (no cases, no detections).
std::string Cell(bool defined, double value, int width) {
  char cell[32];
  if (defined) {
    std::snprintf(cell, sizeof(cell), " %*.4f", width, value);
  } else {
    std::snprintf(cell, sizeof(cell), " %*s", width, "-");
  }
  return cell;
}

void AppendRow(const std::string& label, const Metrics& metrics, std::string& table) {
  char counts[32];
  std::snprintf(counts, sizeof(counts), " %7zu %10zu\n", metrics.cases, metrics.detections);
  char padded[32];
  std::snprintf(padded, sizeof(padded), "%-18s", label.c_str());
  table += padded;
  table += Cell(metrics.detections > 0, metrics.precision, 9);
  table += Cell(metrics.cases > 0, metrics.recall, 9);
  table += Cell(metrics.detected_cases > 0, metrics.granularity, 11);
  table += Cell(metrics.cases > 0 && metrics.detections > 0, metrics.plagdet, 9);
  table += counts;
}

}  // namespace

double Plagdet(double precision, double recall, double granularity) {
  if (precision + recall <= 0) return 0;
  const double f1 = 2 * precision * recall / (precision + recall);
  return f1 / std::log2(1 + granularity);
}

void Evaluation::AddPair(const std::vector<Case>& cases, const std::vector<Detection>& detections) {
  for (const Case& planted : cases) {
    const size_t found = std::count_if(detections.begin(), detections.end(),
                                       [&](const Detection& r) { return Detects(planted, r); });
    cases_.push_back({planted.kind, CoveredShare(planted, detections), found});
  }
  for (const Detection& detection : detections) {
    uint32_t kinds = 0;
    for (const Case& planted : cases) {
      if (Detects(detection, planted)) kinds |= KindBit(planted.kind);
    }
    detections_.push_back({CoveredShare(detection, cases), kinds});
  }
}

template <typename CaseFilter, typename DetectionFilter>
Metrics Evaluation::Summarize(CaseFilter keep_case, DetectionFilter keep_detection) const {
  Metrics metrics;
  double recall_sum = 0;
  double precision_sum = 0;
  size_t detections_of_detected = 0;
  for (const CaseScore& score : cases_) {
    if (!keep_case(score)) continue;
    ++metrics.cases;
    recall_sum += score.recall;
    if (score.detections == 0) continue;
    ++metrics.detected_cases;
    detections_of_detected += score.detections;
  }
  for (const DetectionScore& score : detections_) {
    if (!keep_detection(score)) continue;
    ++metrics.detections;
    precision_sum += score.precision;
  }
  if (metrics.cases > 0) metrics.recall = recall_sum / metrics.cases;
  if (metrics.detections > 0) metrics.precision = precision_sum / metrics.detections;
  if (metrics.detected_cases > 0) {
    metrics.granularity = static_cast<double>(detections_of_detected) / metrics.detected_cases;
  }
  metrics.plagdet = Plagdet(metrics.precision, metrics.recall, metrics.granularity);
  return metrics;
}

Metrics Evaluation::Overall() const {
  return Summarize([](const CaseScore&) { return true; },
                   [](const DetectionScore&) { return true; });
}

Metrics Evaluation::ForKind(Obfuscation kind) const {
  return Summarize(
      [kind](const CaseScore& score) { return score.kind == kind; },
      [kind](const DetectionScore& score) { return (score.kinds & KindBit(kind)) != 0; });
}

Metrics Evaluation::Unrelated() const {
  return Summarize([](const CaseScore&) { return false; },
                   [](const DetectionScore& score) { return score.kinds == 0; });
}

std::string FormatTable(const Evaluation& evaluation) {
  std::string table;
  char header[160];
  std::snprintf(header, sizeof(header), "%-18s %9s %9s %11s %9s %7s %10s\n", "kind", "precision",
                "recall", "granularity", "plagdet", "cases", "detections");
  table += header;
  // The standard kinds always, unless only noisy kinds have cases; noisy
  // kinds when they have cases.
  const auto has_cases = [&](Obfuscation kind) { return evaluation.ForKind(kind).cases > 0; };
  const bool only_noisy =
      std::none_of(AllObfuscations().begin(), AllObfuscations().end(), has_cases) &&
      std::any_of(NoisyObfuscations().begin(), NoisyObfuscations().end(), has_cases);
  for (Obfuscation kind : AllObfuscations()) {
    if (!only_noisy) AppendRow(std::string(ObfuscationName(kind)), evaluation.ForKind(kind), table);
  }
  for (Obfuscation kind : NoisyObfuscations()) {
    if (has_cases(kind))
      AppendRow(std::string(ObfuscationName(kind)), evaluation.ForKind(kind), table);
  }
  AppendRow("(no case)", evaluation.Unrelated(), table);
  AppendRow("all", evaluation.Overall(), table);
  return table;
}

}  // namespace stemma::pan
