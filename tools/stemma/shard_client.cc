// Shards at URLs, reached over HTTP: POST /v1/shard on the `stemma serve` of
// the shard, the request and its answer as the engine wrote them.
#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "commands.h"
#include "stemma/corpus.h"
#include "stemma/shards.h"

namespace stemma::cli {
namespace {

constexpr const char* kShardPath = "/v1/shard";

// One keep-alive connection per request in flight: the trace fetches texts
// from several threads at once.
class HttpShard : public ShardTransport {
 public:
  explicit HttpShard(std::string url) : url_(std::move(url)) {}

  Result<std::string> Call(std::string_view request) override {
    std::unique_ptr<httplib::Client> client = Take();
    auto answer =
        client->Post(kShardPath, request.data(), request.size(), "application/octet-stream");
    if (!answer) {
      return Status::IoError("shard " + url_ + " did not answer (" +
                             httplib::to_string(answer.error()) + ")");
    }
    if (answer->status != 200) {
      return Status::IoError("shard " + url_ + " answered " + std::to_string(answer->status) +
                             ": " + answer->body);
    }
    std::string body = std::move(answer->body);
    Give(std::move(client));
    return body;
  }

 private:
  std::unique_ptr<httplib::Client> Take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<httplib::Client> client = std::move(idle_.back());
        idle_.pop_back();
        return client;
      }
    }
    auto client = std::make_unique<httplib::Client>(url_);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // see ApiServer::AddGuards: no delayed-ACK stalls
    client->set_connection_timeout(5);
    client->set_read_timeout(15);  // a shard answers in milliseconds; a hung one fails the trace
    return client;
  }
  void Give(std::unique_ptr<httplib::Client> client) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(client));
  }

  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
};

}  // namespace

Result<std::unique_ptr<Corpus>> OpenCorpus(const std::string& dir) {
  const ShardConnector connector =
      [](const std::string& url) -> Result<std::unique_ptr<ShardTransport>> {
    if (url.starts_with("https://")) {
      return Status::Unsupported(url + ": shards are reached over plain HTTP (a private network)");
    }
    return std::unique_ptr<ShardTransport>(new HttpShard(url));
  };
  return Corpus::Open(dir, connector);
}

}  // namespace stemma::cli
