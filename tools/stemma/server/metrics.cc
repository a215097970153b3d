#include "server/metrics.h"

#include <fmt/format.h>

namespace stemma::server {
namespace {

// Label values escaped as the exposition format asks.
std::string Escaped(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

}  // namespace

void Metrics::Observe(const std::string& route, const std::string& method, int status,
                      double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, method, status}];
  Histogram& histogram = durations_[route];
  for (size_t bucket = 0; bucket < kBuckets.size(); ++bucket) {
    if (seconds <= kBuckets[bucket]) {
      ++histogram.buckets[bucket];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::Exposition(const CorpusStats& stats) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out +=
        "# HELP stemma_http_requests_total HTTP requests answered, by route, method and status.\n";
    out += "# TYPE stemma_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      const auto& [route, method, status] = key;
      out +=
          fmt::format("stemma_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                      Escaped(route), Escaped(method), status, count);
    }
    out += "# HELP stemma_http_request_duration_seconds Time to answer a request, by route.\n";
    out += "# TYPE stemma_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : durations_) {
      uint64_t cumulative = 0;
      for (size_t bucket = 0; bucket < kBuckets.size(); ++bucket) {
        cumulative += histogram.buckets[bucket];
        out += fmt::format(
            "stemma_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
            Escaped(route), kBuckets[bucket], cumulative);
      }
      out += fmt::format(
          "stemma_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
          Escaped(route), histogram.count);
      out += fmt::format("stemma_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                         Escaped(route), histogram.sum);
      out += fmt::format("stemma_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                         Escaped(route), histogram.count);
    }
  }
  const auto gauge = [&out](const char* name, const char* help, uint64_t value) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, value);
  };
  gauge("stemma_corpus_documents", "Documents stored in the corpus.", stats.documents);
  gauge("stemma_corpus_passages", "Passages stored between documents.", stats.passages);
  gauge("stemma_corpus_families", "Duplicate families of more than one document.", stats.families);
  gauge("stemma_corpus_text_bytes", "Original bytes of all stored texts.", stats.text_bytes);
  gauge("stemma_corpus_index_bytes", "Bytes of the fingerprint index files.", stats.index_bytes);
  return out;
}

}  // namespace stemma::server
