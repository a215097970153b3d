// shard_traffic: what a sharded trace asks of each shard, in requests and
// bytes, for the model of a sharded archive in BENCHMARKS.md.
//
//   shard_traffic SHARDED_DIR QUERY_PAGES_DIR [QUERIES]
//
// Opens the sharded corpus with every shard reached through a counting
// transport (the shard opened in this process, as `stemma serve` of the
// shard would answer), traces QUERIES (default 300) windows of 1,000 words
// cut from the pages under QUERY_PAGES_DIR (fixed seed), and prints per
// trace: requests to each shard and bytes sent and received, by the method
// byte of the request. Runs twice: cold (nothing fetched yet) and warm.
#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "stemma/corpus.h"
#include "stemma/files.h"
#include "stemma/shards.h"
#include "stemma/text.h"

namespace {

struct Traffic {
  std::mutex mutex;
  std::map<int, std::array<double, 3>> by_method;  // requests, bytes sent, bytes received
};

class CountingShard : public stemma::ShardTransport {
 public:
  CountingShard(std::unique_ptr<stemma::Corpus> shard, Traffic& traffic)
      : shard_(std::move(shard)), traffic_(traffic) {}
  stemma::Result<std::string> Call(std::string_view request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto answer = shard_->AnswerShardRequest(request);
    if (answer.ok()) {
      std::lock_guard<std::mutex> count(traffic_.mutex);
      auto& row = traffic_.by_method[request.size() > 4 ? request[4] : -1];
      row[0] += 1;
      row[1] += request.size();
      row[2] += answer->size();
    }
    return answer;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<stemma::Corpus> shard_;
  Traffic& traffic_;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "shard_traffic: %s\n", message.c_str());
  return 1;
}

// A copy of the sharded corpus's CORPUS and SHARDS in which every shard is at
// a URL "count:<folder>", so that Corpus::Open reaches it through the connector.
stemma::Result<std::string> CountingCopy(const std::string& dir) {
  const std::string copy = dir + ".counting";
  std::filesystem::create_directories(copy);
  std::filesystem::copy_file(dir + "/CORPUS", copy + "/CORPUS",
                             std::filesystem::copy_options::overwrite_existing);
  std::ifstream in(dir + "/SHARDS");
  std::ofstream out(copy + "/SHARDS");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, shard, location;
    if (words >> key >> shard >> location && key == "shard") {
      line = "shard " + shard + " http://count/" + dir + "/" + location;
    }
    out << line << "\n";
  }
  if (!out) return stemma::Status::IoError(copy + ": cannot write");
  return copy;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Fail("usage: shard_traffic SHARDED_DIR QUERY_PAGES_DIR [QUERIES]");
  const int queries = argc > 3 ? std::atoi(argv[3]) : 300;
  std::vector<std::string> pages;
  for (const std::string& file : stemma::ListTextFiles({argv[2]}).files) {
    auto text = stemma::ReadTextFile(file);
    if (text.ok() && stemma::Tokenize(*text).tokens.size() > 1000) pages.push_back(*text);
  }
  if (pages.empty()) return Fail("no page of over 1,000 words under " + std::string(argv[2]));
  auto copy = CountingCopy(argv[1]);
  if (!copy.ok()) return Fail(copy.status().ToString());
  Traffic traffic;
  const stemma::ShardConnector connector =
      [&](const std::string& url) -> stemma::Result<std::unique_ptr<stemma::ShardTransport>> {
    auto shard = stemma::Corpus::Open(url.substr(std::string("http://count/").size()));
    if (!shard.ok()) return shard.status();
    return std::unique_ptr<stemma::ShardTransport>(new CountingShard(std::move(*shard), traffic));
  };
  auto corpus = stemma::Corpus::Open(*copy, connector);
  if (!corpus.ok()) return Fail(corpus.status().ToString());
  const char* names[] = {"?", "hello", "postings", "documents", "copies"};
  std::printf(
      "| round | method | requests per trace | KB sent per trace | KB received per trace |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const char* round : {"cold", "warm"}) {
    traffic.by_method.clear();
    std::mt19937_64 random(1916);
    for (int index = 0; index < queries; ++index) {
      const std::string& page = pages[random() % pages.size()];
      const auto tokens = stemma::Tokenize(page).tokens;
      const size_t first = random() % (tokens.size() - 1000);
      const std::string query =
          page.substr(tokens[first].begin, tokens[first + 999].end - tokens[first].begin);
      auto trace = (*corpus)->Trace(query);
      if (!trace.ok()) return Fail(trace.status().ToString());
    }
    for (const auto& [method, row] : traffic.by_method) {
      std::printf("| %s | %s | %.2f | %.1f | %.1f |\n", round,
                  names[method >= 1 && method <= 4 ? method : 0], row[0] / queries,
                  row[1] / queries / 1024, row[2] / queries / 1024);
    }
  }
  std::filesystem::remove_all(*copy);
  return 0;
}
