// The PAN text-alignment measures (Potthast, Stein, Barrón-Cedeño and Rosso,
// "An Evaluation Framework for Plagiarism Detection", COLING 2010; PAN@CLEF
// text alignment 2012-2015), counted in bytes: a "character" here is a byte of
// the UTF-8 texts, since both the ground truth and the engine speak in bytes.
//
// A case s and a detection r are each a pair of ranges (source, suspicious) in
// one document pair. r detects s when the two overlap in BOTH texts; s ⊓ r is
// then their overlap (in both texts), and empty otherwise. With |x| the bytes
// of x in both texts together:
//   recall      = mean over cases of      |∪_r (s ⊓ r)| / |s|
//   precision   = mean over detections of |∪_s (s ⊓ r)| / |r|
//   granularity = mean over detected cases of the number of detections of it
//   plagdet     = F1(precision, recall) / log2(1 + granularity)
// Conventions where PAN leaves a value undefined: precision is 1 when there
// are no detections, recall is 1 when there are no cases, granularity is 1
// when no case is detected. An empty case or detection overlaps nothing.
// Overlaps are computed pair by pair; cases and detections are then pooled
// over the whole corpus, as PAN does (macro averages, not per-pair means).
#ifndef STEMMA_TESTS_PAN_PAN_METRICS_H_
#define STEMMA_TESTS_PAN_PAN_METRICS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pan/pan_corpus.h"

namespace stemma::pan {

// A detection: what a detector reports for one document pair.
struct Detection {
  uint32_t src_begin = 0;
  uint32_t src_end = 0;
  uint32_t susp_begin = 0;
  uint32_t susp_end = 0;
};

struct Metrics {
  double precision = 1;
  double recall = 1;
  double granularity = 1;
  double plagdet = 1;
  size_t cases = 0;
  size_t detections = 0;
  size_t detected_cases = 0;  // cases that at least one detection detects
};

// F1 of precision and recall divided by log2(1 + granularity); 0 when both are 0.
double Plagdet(double precision, double recall, double granularity);

// Scores of a corpus, added one document pair at a time. Not thread-safe.
class Evaluation {
 public:
  void AddPair(const std::vector<Case>& cases, const std::vector<Detection>& detections);

  // Everything added so far.
  Metrics Overall() const;
  // The cases of one kind, and the detections that detect at least one of
  // them (a detection of cases of two kinds counts for both, with its
  // precision over all the cases it detects).
  Metrics ForKind(Obfuscation kind) const;
  // The detections that detect no case (each of precision 0), and no cases.
  Metrics Unrelated() const;

 private:
  struct CaseScore {
    Obfuscation kind;
    double recall;
    size_t detections;  // that detect it
  };
  struct DetectionScore {
    double precision;
    uint32_t kinds;  // bit (1 << kind) set for each kind of case it detects
  };

  template <typename CaseFilter, typename DetectionFilter>
  Metrics Summarize(CaseFilter keep_case, DetectionFilter keep_detection) const;

  std::vector<CaseScore> cases_;
  std::vector<DetectionScore> detections_;
};

// A text table: one row per obfuscation kind of the standard corpus and per
// noisy kind that has cases, one for detections of no case,
// and one for the whole corpus; columns precision, recall, granularity,
// plagdet, cases, detections. A figure defined only by convention (precision
// without detections, recall without cases...) shows as "-".
std::string FormatTable(const Evaluation& evaluation);

}  // namespace stemma::pan

#endif  // STEMMA_TESTS_PAN_PAN_METRICS_H_
