// Request counters and latency histograms of `stemma serve`, written in the
// Prometheus text exposition format. Routes are the API's path patterns
// ("/v1/documents/{id}"), not raw paths, so that the series stay few.
#ifndef STEMMA_TOOLS_SERVER_METRICS_H_
#define STEMMA_TOOLS_SERVER_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "stemma/corpus.h"

namespace stemma::server {

class Metrics {
 public:
  void Observe(const std::string& route, const std::string& method, int status, double seconds);
  // Every series, then the corpus's size from `stats`.
  std::string Exposition(const CorpusStats& stats) const;

 private:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed when written
    uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
};

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_METRICS_H_
