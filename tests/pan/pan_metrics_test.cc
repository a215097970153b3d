// The PAN measures on hand-made cases whose figures can be worked out on
// paper: each test names the property it pins and the arithmetic behind it.
#include "pan/pan_metrics.h"

#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace stemma::pan {
namespace {

Case MakeCase(uint32_t src_begin, uint32_t src_end, uint32_t susp_begin, uint32_t susp_end,
              Obfuscation kind = Obfuscation::kNone) {
  return {kind, src_begin, src_end, susp_begin, susp_end};
}

Metrics Score(const std::vector<Case>& cases, const std::vector<Detection>& detections) {
  Evaluation evaluation;
  evaluation.AddPair(cases, detections);
  return evaluation.Overall();
}

TEST(PanMetrics, ExactDetectionScoresOne) {
  const Metrics metrics = Score({MakeCase(0, 100, 50, 150)}, {{0, 100, 50, 150}});
  EXPECT_DOUBLE_EQ(metrics.precision, 1.0);
  EXPECT_DOUBLE_EQ(metrics.recall, 1.0);
  EXPECT_DOUBLE_EQ(metrics.granularity, 1.0);
  EXPECT_DOUBLE_EQ(metrics.plagdet, 1.0);
  EXPECT_EQ(metrics.detected_cases, 1u);
}

TEST(PanMetrics, HalfFoundCaseHasRecallOneHalf) {
  // 50 + 50 of 100 + 100 bytes found; F1 = 2 * 1 * 0.5 / 1.5.
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{0, 50, 0, 50}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.5);
  EXPECT_DOUBLE_EQ(metrics.precision, 1.0);
  EXPECT_DOUBLE_EQ(metrics.plagdet, 2.0 / 3.0);
}

TEST(PanMetrics, CaseFoundInTwoPiecesHasGranularityTwo) {
  // Full recall and precision; plagdet = 1 / log2(3).
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{0, 50, 0, 50}, {50, 100, 50, 100}});
  EXPECT_DOUBLE_EQ(metrics.recall, 1.0);
  EXPECT_DOUBLE_EQ(metrics.precision, 1.0);
  EXPECT_DOUBLE_EQ(metrics.granularity, 2.0);
  EXPECT_DOUBLE_EQ(metrics.plagdet, 1.0 / std::log2(3.0));
}

TEST(PanMetrics, OverlapInOneDocumentOnlyDetectsNothing) {
  // Same source bytes, elsewhere in the suspicious text: no detection.
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{0, 100, 200, 300}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.0);
  EXPECT_DOUBLE_EQ(metrics.precision, 0.0);
  EXPECT_DOUBLE_EQ(metrics.granularity, 1.0);  // no detected case: the convention
  EXPECT_DOUBLE_EQ(metrics.plagdet, 0.0);
  EXPECT_EQ(metrics.detected_cases, 0u);
}

TEST(PanMetrics, RangesAreHalfOpen) {
  // [0, 100) and [100, 200) touch but share no byte.
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{100, 200, 100, 200}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.0);
  EXPECT_EQ(metrics.detected_cases, 0u);
}

TEST(PanMetrics, OverlongDetectionLosesPrecision) {
  // The case is 10 + 10 bytes inside a detection of 40 + 40: precision 20 / 80.
  const Metrics metrics = Score({MakeCase(10, 20, 10, 20)}, {{0, 40, 0, 40}});
  EXPECT_DOUBLE_EQ(metrics.precision, 0.25);
  EXPECT_DOUBLE_EQ(metrics.recall, 1.0);
  EXPECT_DOUBLE_EQ(metrics.plagdet, 0.4);  // 2 * 0.25 / 1.25
}

TEST(PanMetrics, OverlapsInEachDocumentCountSeparately) {
  // Source fully covered (100), suspicious half covered (50): (100 + 50) / 200.
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{0, 100, 50, 100}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.75);
  EXPECT_DOUBLE_EQ(metrics.precision, 1.0);
}

TEST(PanMetrics, OverlappingDetectionsAreCountedOnceInRecall) {
  // Two detections cover the same 60 + 60 bytes of the case: recall 120 / 200, not 240 / 200.
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{0, 60, 0, 60}, {0, 60, 0, 60}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.6);
  EXPECT_DOUBLE_EQ(metrics.granularity, 2.0);
  EXPECT_EQ(metrics.detections, 2u);
}

TEST(PanMetrics, DetectionSpanningTwoCasesIsPreciseWhereItCoversThem) {
  // Cases of 10 + 10 bytes each inside one detection of 30 + 30 bytes: precision 40 / 60.
  const Metrics metrics =
      Score({MakeCase(0, 10, 0, 10), MakeCase(20, 30, 20, 30)}, {{0, 30, 0, 30}});
  EXPECT_DOUBLE_EQ(metrics.precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(metrics.recall, 1.0);
  EXPECT_DOUBLE_EQ(metrics.granularity, 1.0);  // each case has one detection
  EXPECT_EQ(metrics.detected_cases, 2u);
}

TEST(PanMetrics, RecallIsAMeanOverCasesNotOverBytes) {
  // A long case found (200 bytes) and a short one missed (20 bytes): (1 + 0) / 2, not 200 / 220.
  const Metrics metrics =
      Score({MakeCase(0, 100, 0, 100), MakeCase(500, 510, 500, 510)}, {{0, 100, 0, 100}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.5);
  EXPECT_DOUBLE_EQ(metrics.precision, 1.0);
}

TEST(PanMetrics, NoDetectionsMeansPrecisionOneByConvention) {
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {});
  EXPECT_DOUBLE_EQ(metrics.precision, 1.0);
  EXPECT_DOUBLE_EQ(metrics.recall, 0.0);
  EXPECT_DOUBLE_EQ(metrics.plagdet, 0.0);
}

TEST(PanMetrics, NoCasesMeansRecallOneByConvention) {
  const Metrics nothing = Score({}, {});
  EXPECT_DOUBLE_EQ(nothing.recall, 1.0);
  EXPECT_DOUBLE_EQ(nothing.precision, 1.0);
  EXPECT_DOUBLE_EQ(nothing.plagdet, 1.0);
  const Metrics false_alarm = Score({}, {{0, 100, 0, 100}});
  EXPECT_DOUBLE_EQ(false_alarm.recall, 1.0);
  EXPECT_DOUBLE_EQ(false_alarm.precision, 0.0);
  EXPECT_DOUBLE_EQ(false_alarm.plagdet, 0.0);
}

TEST(PanMetrics, EmptyRangesOverlapNothing) {
  const Metrics metrics = Score({MakeCase(0, 100, 0, 100)}, {{50, 50, 50, 50}});
  EXPECT_DOUBLE_EQ(metrics.recall, 0.0);
  EXPECT_DOUBLE_EQ(metrics.precision, 0.0);
}

TEST(PanMetrics, PairsArePooledAndNeverMatchedAcrossPairs) {
  // Pair 1: its case found exactly. Pair 2: the same ranges, but its only
  // detection lies elsewhere. Recall (1 + 0) / 2, precision (1 + 0) / 2,
  // granularity over the one detected case.
  Evaluation evaluation;
  evaluation.AddPair({MakeCase(0, 100, 0, 100)}, {{0, 100, 0, 100}});
  evaluation.AddPair({MakeCase(0, 100, 0, 100)}, {{300, 400, 300, 400}});
  const Metrics metrics = evaluation.Overall();
  EXPECT_EQ(metrics.cases, 2u);
  EXPECT_EQ(metrics.detections, 2u);
  EXPECT_DOUBLE_EQ(metrics.recall, 0.5);
  EXPECT_DOUBLE_EQ(metrics.precision, 0.5);
  EXPECT_DOUBLE_EQ(metrics.granularity, 1.0);
  EXPECT_DOUBLE_EQ(metrics.plagdet, 0.5);
}

TEST(PanMetrics, MeansArePooledOverDetectionsNotPairs) {
  // Pair 1: three exact detections of three cases. Pair 2: one false detection.
  // Pooled precision 3 / 4 (a mean of per-pair precisions would give 1 / 2).
  Evaluation evaluation;
  evaluation.AddPair({MakeCase(0, 10, 0, 10), MakeCase(20, 30, 20, 30), MakeCase(40, 50, 40, 50)},
                     {{0, 10, 0, 10}, {20, 30, 20, 30}, {40, 50, 40, 50}});
  evaluation.AddPair({}, {{0, 10, 0, 10}});
  EXPECT_DOUBLE_EQ(evaluation.Overall().precision, 0.75);
  EXPECT_DOUBLE_EQ(evaluation.Overall().recall, 1.0);
}

TEST(PanMetrics, KindsAreScoredOnTheirOwnCasesAndDetections) {
  Evaluation evaluation;
  evaluation.AddPair(
      {MakeCase(0, 100, 0, 100, Obfuscation::kNone),
       MakeCase(200, 300, 200, 300, Obfuscation::kMovedParagraph)},
      {{0, 100, 0, 100}, {200, 250, 200, 250}, {250, 300, 250, 300}, {900, 950, 900, 950}});
  const Metrics none = evaluation.ForKind(Obfuscation::kNone);
  EXPECT_EQ(none.cases, 1u);
  EXPECT_EQ(none.detections, 1u);
  EXPECT_DOUBLE_EQ(none.plagdet, 1.0);
  const Metrics moved = evaluation.ForKind(Obfuscation::kMovedParagraph);
  EXPECT_EQ(moved.cases, 1u);
  EXPECT_EQ(moved.detections, 2u);
  EXPECT_DOUBLE_EQ(moved.granularity, 2.0);
  const Metrics unrelated = evaluation.Unrelated();
  EXPECT_EQ(unrelated.detections, 1u);
  EXPECT_EQ(unrelated.cases, 0u);
  EXPECT_DOUBLE_EQ(unrelated.precision, 0.0);
  const Metrics substitute = evaluation.ForKind(Obfuscation::kSubstitute);
  EXPECT_EQ(substitute.cases, 0u);
  EXPECT_EQ(substitute.detections, 0u);
  // Overall: 2 cases, recall 1; 4 detections, precision 3 / 4; granularity 3 / 2.
  const Metrics overall = evaluation.Overall();
  EXPECT_DOUBLE_EQ(overall.precision, 0.75);
  EXPECT_DOUBLE_EQ(overall.granularity, 1.5);
  EXPECT_DOUBLE_EQ(overall.plagdet, (2 * 0.75 / 1.75) / std::log2(2.5));
}

TEST(PanMetrics, PlagdetDividesF1ByLogOfGranularity) {
  EXPECT_DOUBLE_EQ(Plagdet(1, 1, 1), 1.0);
  EXPECT_DOUBLE_EQ(Plagdet(0, 0, 1), 0.0);
  EXPECT_DOUBLE_EQ(Plagdet(0.5, 1, 1), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(Plagdet(1, 1, 3), 0.5);  // log2(4) = 2
}

TEST(PanMetrics, TableHasARowPerKindAndTotals) {
  Evaluation evaluation;
  evaluation.AddPair({MakeCase(0, 100, 0, 100, Obfuscation::kDelete)}, {{0, 100, 0, 100}});
  const std::string table = FormatTable(evaluation);
  for (Obfuscation kind : AllObfuscations()) {
    EXPECT_NE(table.find(ObfuscationName(kind)), std::string::npos) << ObfuscationName(kind);
  }
  EXPECT_NE(table.find("plagdet"), std::string::npos);
  EXPECT_NE(table.find("\nall "), std::string::npos);
  EXPECT_NE(table.find("(no case)"), std::string::npos);
}

}  // namespace
}  // namespace stemma::pan
